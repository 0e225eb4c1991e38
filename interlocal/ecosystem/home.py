"""The home metropolis: the one whose own account this instance keeps (DESIGN.md §5, "One instance, one home metropolis").

`settings.INTERLOCAL_HOME_METROPOLIS` names its territory (the AMB by default).
Its ecosystem is every organisation based in that territory or in one of its
municipalities and districts, except what it only hosts: international
organisations, city networks, consulates and foreign governments. The case
studies and panel cities are its peers: they appear in the benchmark, as
partners and in cited facts, never in its own figures (portal, annual report,
dashboard, findings, ledger, equity, IATI, open data).

Each function returns an unevaluated queryset, so a page filters with it as a
subquery (`owner__in=home_organisations()`) in the same single query.
`own_records` joins instead: it tests each row's organisation where it stands
(`organisation__territory__in=…`), through a correlated `EXISTS` across a
many-to-many, so a capped count or a page of the first rows stops early
instead of first listing every organisation of a large ecosystem.

A record is the metropolis's own when one of the relations `OWN_RELATIONS`
names for its model points at a home organisation (`own_records`):

- a management unit, a position, a plan: its organisation; a unit year: its unit's;
- a network membership: its member, never the network (Seoul's seat in a
  network hosted in Barcelona is Seoul's);
- an agreement: its organisation or one of its other parties, never the partner
  place (GMCA's agreement with "Barcelona Metropolitan Area" as a place is GMCA's
  unless the AMB is named among its parties);
- an engagement: one of its participants;
- a project: its lead or one of its partners; a funding: its project's;
- a coordination body's member or meeting: the body;
- a consultation: the organisation running it; its phases, sessions, attendance and contributions: the
  consultation's.

The owner never makes a record own: it names who keeps the record (the AMB's
staff may keep a peer's facts), not who is party to it. Kinds not listed
(territories, places, organisations, facts, benchmark profiles, practices) are
reference or cited facts, shared whole.
"""

from typing import TypeVar

from django.conf import settings
from django.db.models import Exists, Model, OuterRef, Q, QuerySet

from interlocal.territory.models import Territory

from .models import Organisation, OrganisationKind

M = TypeVar("M", bound=Model)

# Model label -> the relation paths to an organisation that make a record of that model own (see above).
OWN_RELATIONS: dict[str, tuple[str, ...]] = {
    "ecosystem.managementunit": ("organisation",),
    "ecosystem.unityear": ("unit__organisation",),
    "ecosystem.position": ("organisation",),
    "strategy.plan": ("organisation",),
    "diplomacy.membership": ("organisation",),
    "diplomacy.agreement": ("organisation", "parties"),
    "diplomacy.engagement": ("participants",),
    "projects.project": ("lead", "partners"),
    "projects.funding": ("project__lead", "project__partners"),
    "coordination.bodymember": ("body",),
    "coordination.meeting": ("body",),
    "participation.consultation": ("organisation",),
    "participation.consultationphase": ("consultation__organisation",),
    "participation.consultationsession": ("consultation__organisation",),
    "participation.sessionattendance": ("session__consultation__organisation",),
    "participation.contribution": ("consultation__organisation",),
}

HOSTED_KINDS = [
    OrganisationKind.INTERNATIONAL_ORGANISATION,
    OrganisationKind.CITY_NETWORK,
    OrganisationKind.CONSULATE,
    OrganisationKind.FOREIGN_GOVERNMENT,
]
# The kinds of the ecosystem's own organisations: every other kind.
HOME_KINDS = [kind for kind in OrganisationKind.values if kind not in HOSTED_KINDS]
# What `own_records` and `in_ecosystem` read beside the records they filter: a page remembered for the home metropolis
# (core.memo) names them among the kinds it reads, so that a new organisation or a moved territory is seen.
HOME_READS_FROM = (Organisation, Territory)


def home_key() -> str:
    return str(settings.INTERLOCAL_HOME_METROPOLIS)


def home_territory() -> Territory | None:
    return Territory.objects.filter(key=home_key()).first()


def home_territories() -> QuerySet[Territory]:
    """The home metropolis and everything in it, two levels down (municipalities and their districts)."""
    key = home_key()
    return Territory.objects.filter(Q(key=key) | Q(parent__key=key) | Q(parent__parent__key=key))


def home_organisations() -> QuerySet[Organisation]:
    """The organisations of the home metropolis's own ecosystem."""
    return Organisation.objects.filter(in_ecosystem(home_territories()))


def home_government() -> Organisation | None:
    """The metropolis's own government (the AMB), which publishes its account."""
    organisations = home_organisations()
    return (
        organisations.filter(key=home_key()).first()
        or organisations.filter(kind=OrganisationKind.METROPOLITAN_GOVERNMENT).order_by("pk").first()
    )


def is_home(organisation: Organisation) -> bool:
    return home_organisations().filter(pk=organisation.pk).exists()


def is_own_kind(model: type[Model]) -> bool:
    """Whether records of this model belong to one organisation's account (else they are shared whole)."""
    return model._meta.label_lower in OWN_RELATIONS


def owns_kind(model: type[Model]) -> bool:
    """Whether a list of this model can be narrowed to the metropolis's own (`?whose=own`)."""
    return model is Organisation or is_own_kind(model)


def own_or_home(queryset: "QuerySet[M]") -> "QuerySet[M]":
    """The list's own rows: the home ecosystem's organisations, or the records `own_records` keeps."""
    if queryset.model is Organisation:
        return queryset.filter(in_ecosystem(home_territories()))
    return own_records(queryset)


def own_records(queryset: "QuerySet[M]") -> "QuerySet[M]":
    """The rows of `queryset` that are the home metropolis's own (see the module's docstring), each once.

    A relation through a many-to-many is tested with a correlated `EXISTS`, so the rows are not
    repeated and the page still runs one query; kinds that are shared whole come back unfiltered.
    """
    model = queryset.model
    paths = OWN_RELATIONS.get(model._meta.label_lower)
    if paths is None:
        return queryset
    territories = home_territories()
    condition = Q()
    for path in paths:
        in_home = in_ecosystem(territories, f"{path}__")
        if _crosses_many(model, path):
            condition |= Q(Exists(model._base_manager.filter(in_home, pk=OuterRef("pk"))))
        else:
            condition |= in_home
    return queryset.filter(condition)


def in_ecosystem(territories: QuerySet[Territory], prefix: str = "") -> Q:
    """The organisation reached through `prefix` is of the ecosystem of `territories` (based in one of them, not
    only hosted there): both tests on that one organisation, in one filter (positive lookups, so that across a
    many-to-many they hold for the same related row, and a join the planner can stop early)."""
    return Q(**{f"{prefix}territory__in": territories.values("pk"), f"{prefix}kind__in": HOME_KINDS})


def _crosses_many(model: type[Model], path: str) -> bool:
    for name in path.split("__"):
        field = model._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        model = field.related_model  # type: ignore[assignment]
    return False
