"""The link to the inbox in the navigation, with the number of unread notifications (one query)."""

from typing import Any

from django import template

from interlocal.core.permissions import access_for

from ..selectors import unread_count

register = template.Library()


@register.inclusion_tag("notifications/_inbox_link.html", takes_context=True)
def inbox_link(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    return {"show": True, "unread": unread_count(user=user, access=access_for(user))}
