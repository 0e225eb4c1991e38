"""`{% relations_map %}`: the relations map with its filters, shared by the portal and the back office."""

from typing import Any

from django import template

from interlocal.diplomacy.forms import MapFilterForm

register = template.Library()


@register.inclusion_tag("diplomacy/_relations_map.html", takes_context=True)
def relations_map(context: template.Context, *, links: bool = True) -> dict[str, Any]:
    """The filter form (read from the page's query string) and the map drawn from the filtered data.

    `links=False` draws points without links: the portal's visitors have no page for a partner place."""
    request = context.get("request")
    form = MapFilterForm(request.GET if request is not None else None)
    return {"form": form, "query": form.query(), "links": links}
