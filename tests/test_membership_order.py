"""Memberships are listed by their network's name, copied onto each membership and kept when a network is renamed."""

from django.http import QueryDict

from interlocal.core import services
from interlocal.core.permissions import SYSTEM, access_for
from interlocal.core.selectors import record_list
from interlocal.diplomacy.entities import MEMBERSHIPS
from interlocal.diplomacy.models import Membership
from interlocal.ecosystem.models import Organisation
from tests.factories import World


def listed(world: World, sort: str = "") -> list[tuple[str, str]]:
    params = QueryDict(mutable=True)
    if sort:
        params["sort"] = sort
    listing = record_list(spec=MEMBERSHIPS, access=access_for(world.users["editor"]), params=params)
    return [(m.network.name, m.organisation.name) for m in listing.queryset.select_related("network", "organisation")]


def test_memberships_follow_their_networks_names_through_a_rename_and_a_change_of_network(world: World) -> None:
    def network(name: str) -> Organisation:
        return services.record_create(
            access=SYSTEM,
            user=None,
            model=Organisation,
            fields={"key": name.lower(), "name": name, "kind": "city_network", "owner": world.own},
        )

    alpha, zulu = network("Alpha Cities"), network("Zulu Cities")
    member = world.own
    for net in (zulu, alpha):
        services.record_create(
            access=SYSTEM, user=None, model=Membership,
            fields={"organisation": member, "network": net, "role": "member", "owner": world.own},
        )  # fmt: skip
    names = [n for n, _ in listed(world)]
    assert names.index("Alpha Cities") < names.index("Zulu Cities")
    backwards = [n for n, _ in listed(world, "-network_name")]
    assert backwards.index("Zulu Cities") < backwards.index("Alpha Cities")

    services.record_update(access=SYSTEM, user=None, instance=alpha, fields={"name": "Zzz Renamed Alliance"})
    names = [n for n, _ in listed(world)]
    assert "Alpha Cities" not in names
    assert names.index("Zulu Cities") < names.index("Zzz Renamed Alliance")
    assert Membership.objects.get(network=alpha).network_name == "Zzz Renamed Alliance"

    moved = Membership.objects.get(network=zulu)
    services.record_update(access=SYSTEM, user=None, instance=moved, fields={"network": alpha, "role": "presidency"})
    assert set(
        Membership.objects.filter(organisation=member, network=alpha).values_list("network_name", flat=True)
    ) == {"Zzz Renamed Alliance"}


def test_the_copied_name_stays_out_of_a_memberships_history(world: World) -> None:
    membership = Membership.objects.filter(network=world.network).first() or services.record_create(
        access=SYSTEM, user=None, model=Membership,
        fields={"organisation": world.own, "network": world.network, "role": "member", "owner": world.own},
    )  # fmt: skip
    assert membership.network_name == world.network.name
    fields = {f.name for f in membership.history.model._meta.fields}
    assert "network" in fields and "network_name" not in fields


def test_archiving_a_membership_or_its_network_keeps_the_copied_name(world: World) -> None:
    membership = services.record_create(
        access=SYSTEM, user=None, model=Membership,
        fields={"organisation": world.own, "network": world.network, "role": "presidency", "owner": world.own},
    )  # fmt: skip
    services.record_set_archived(
        access=SYSTEM, user=None, instance=Membership.objects.get(pk=membership.pk), archived=True
    )
    services.record_set_archived(access=SYSTEM, user=None, instance=world.network, archived=True)
    membership.refresh_from_db()
    assert membership.archived_at is not None and membership.network_name == world.network.name
