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
"""

from django.conf import settings
from django.db.models import Q, QuerySet

from interlocal.territory.models import Territory

from .models import Organisation, OrganisationKind

HOSTED_KINDS = [
    OrganisationKind.INTERNATIONAL_ORGANISATION,
    OrganisationKind.CITY_NETWORK,
    OrganisationKind.CONSULATE,
    OrganisationKind.FOREIGN_GOVERNMENT,
]


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
    return Organisation.objects.filter(territory__in=home_territories().values("pk")).exclude(kind__in=HOSTED_KINDS)


def home_government() -> Organisation | None:
    """The metropolis's own government (the AMB), which publishes its account."""
    organisations = home_organisations()
    return (
        organisations.filter(key=home_key()).first()
        or organisations.filter(kind=OrganisationKind.METROPOLITAN_GOVERNMENT).order_by("pk").first()
    )


def is_home(organisation: Organisation) -> bool:
    return home_organisations().filter(pk=organisation.pk).exists()
