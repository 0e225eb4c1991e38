"""Keeps the network's name copied on its memberships (`Membership.network_name`) when a network is renamed."""

from typing import Any

from interlocal.ecosystem.models import Organisation

from .models import Membership


def network_renamed(
    sender: type[Organisation],
    instance: Organisation,
    raw: bool = False,
    update_fields: frozenset[str] | None = None,
    **kwargs: Any,
) -> None:
    """After an organisation's save, in its transaction: one indexed update, which finds nothing for most."""
    if raw:  # loaded from a fixture, which carries the memberships' names as they were
        return
    if update_fields is not None and "name" not in update_fields:  # an archiving: the name is as it was
        return
    Membership.objects.filter(network_id=instance.pk).exclude(network_name=instance.name).update(
        network_name=instance.name
    )
