from typing import Any

from django import template

from interlocal.core.navigation import menu_for
from interlocal.core.permissions import access_for

register = template.Library()


@register.inclusion_tag("core/_menu.html", takes_context=True)
def main_menu(context: Any) -> dict[str, Any]:
    """The grouped main menu for the reader of the page (`core.navigation`)."""
    request = context.get("request")
    access = context.get("access") or access_for(getattr(request, "user", None))
    return {"groups": menu_for(access, getattr(request, "path", ""))}
