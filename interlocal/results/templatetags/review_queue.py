"""The review queue's rows, written in Python: ``{% load review_queue %}{% review_rows page.object_list mine %}``.

A page holds 100 values; drawn by the template loop, each row's translations, links and number took some 0.1 ms,
longer than reading the page from the database.
"""

from typing import Any

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from interlocal.core.numbers import format_number

register = template.Library()


@register.simple_tag
def review_rows(observations: Any, mine: set[int]) -> SafeString:
    """A row per value: a box to choose it (or why the reviewer may not), what it is, who entered and submitted it."""
    yours = format_html(
        '<span class="four-eyes" title="{}">{}</span>',
        gettext("You entered or submitted this value, so someone else approves it (four eyes)."),
        gettext("Yours: another reviewer approves it"),
    )
    illustrative = format_html(' <span class="badge badge-illustrative">{}</span>', gettext("illustrative"))
    return mark_safe("\n".join(f"<tr>{_row(o, mine, yours, illustrative)}</tr>" for o in observations))  # noqa: S308


def _row(observation: Any, mine: set[int], yours: SafeString, illustrative: SafeString) -> str:
    """One row's cells, each value escaped once (`format_html` for each row took half the tag's time)."""
    pk = observation.pk
    if pk in mine:
        choose = str(yours)
    else:
        label = escape(gettext("Choose %(value)s") % {"value": observation})
        choose = (
            f'<input type="checkbox" name="observation" value="{pk}" checked id="review-{pk}" aria-label="{label}">'
        )
    cells = (
        choose,
        f'<a href="{escape(observation.get_absolute_url())}">{escape(observation.indicator.name)}</a>',
        escape(observation.territory.name),
        escape(observation.period_label),
        escape(format_number(observation.value, 4)) + (illustrative if observation.illustrative else ""),
        escape(observation.entered_by or "—"),
        escape(observation.submitted_by or "—"),
    )
    return '<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class="num">{}</td><td>{}</td><td>{}</td>'.format(*cells)
