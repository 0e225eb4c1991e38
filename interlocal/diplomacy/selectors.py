"""Reads of the diplomacy app shared by the pages that show the metropolis to the public."""

from django.db.models import QuerySet

from interlocal.core.permissions import Access
from interlocal.ecosystem.home import own_records

from .models import Membership


def home_memberships(access: Access) -> QuerySet[Membership]:
    """The network memberships and roles of the home metropolis's organisations that `access` may read, by network
    (unevaluated: a page shows a slice of them)."""
    return (
        own_records(Membership.objects.visible_to(access))
        .select_related("organisation", "network")
        .order_by("network_name", "organisation__name", "pk")
    )
