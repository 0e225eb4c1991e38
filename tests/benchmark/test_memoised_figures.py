"""The comparison's figures are computed once for each class of reader and read again until the registry changes
(core.memo): never stale after a write, never another reader's."""

from interlocal.benchmark.models import Profile
from interlocal.benchmark.selectors import profile_views
from interlocal.core import services
from interlocal.core.access import ANONYMOUS, Access
from interlocal.core.permissions import SYSTEM
from interlocal.diplomacy.models import Agreement, PartnerPlace
from interlocal.ecosystem.models import Organisation
from interlocal.territory.models import Territory

from ..factories import World, make


def agreements(access: Access = ANONYMOUS) -> int | None:
    return next(v for v in profile_views(access=access) if v.profile.key == "memo").agreement_count


def test_the_figures_are_read_again_until_a_write_changes_them(world: World, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    owner = {"owner": world.amb}
    territory = make(Territory, key="t-memo", name="Memo", kind="municipality", country="ES", **owner)
    make(Profile, key="memo", name="Memo", territory=territory, country="ES", **owner)
    city = make(
        Organisation, key="memo-city", name="Memo City", kind="municipal_government", country="ES",
        territory=territory, **owner,
    )  # fmt: skip
    place = make(PartnerPlace, name="Lyon", country="FR", **owner)
    first = make(Agreement, organisation=city, partner_place=place, title="First", kind="twinning", owner=city)
    assert agreements() == 1
    with django_assert_num_queries(1):  # whether anything changed; the figures themselves are remembered
        assert agreements() == 1

    second = make(Agreement, organisation=city, partner_place=place, title="Second", kind="twinning", owner=city)
    assert agreements() == 2  # a new record

    services.record_update(access=SYSTEM, user=None, instance=second, fields={"visibility": "draft"})
    assert agreements() == 1  # an edit: the draft is hidden from an anonymous reader at once
    member = Access(authenticated=True, coordinator=False, member_of=frozenset({city.pk}), edits_for=frozenset())
    assert agreements(member) == 2  # its organisation's members read it
    assert agreements() == 1  # and what they were given is not given to anyone else

    services.record_set_archived(access=SYSTEM, user=None, instance=first, archived=True)
    assert agreements(member) == 1  # archived: counted for no one

    Agreement.objects.bulk_create(
        [Agreement(organisation=city, partner_place=place, title="Loaded", kind="twinning", owner=city)]
    )
    assert agreements(member) == 2  # a bulk load, which writes no history, is seen too
