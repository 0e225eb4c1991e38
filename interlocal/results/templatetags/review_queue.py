"""The review queue's rows, written in Python: ``{% load review_queue %}{% review_rows page.object_list mine %}``.

A page holds 100 values; drawn by the template loop, each row's translations, links and number took some 0.1 ms,
longer than reading the page from the database.
"""

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
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
    return format_html_join("\n", "<tr>{}</tr>", ((_row(o, mine, yours, illustrative),) for o in observations))


def _row(observation: Any, mine: set[int], yours: SafeString, illustrative: SafeString) -> SafeString:
    choose = (
        yours
        if observation.pk in mine
        else format_html(
            '<input type="checkbox" name="observation" value="{}" checked id="review-{}" aria-label="{}">',
            observation.pk,
            observation.pk,
            gettext("Choose %(value)s") % {"value": observation},
        )
    )
    return format_html(
        '<td>{}</td><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td class="num">{}{}</td><td>{}</td><td>{}</td>',
        choose,
        observation.get_absolute_url(),
        observation.indicator.name,
        observation.territory.name,
        observation.period_label,
        format_number(observation.value, 4),
        illustrative if observation.illustrative else "",
        observation.entered_by or "—",
        observation.submitted_by or "—",
    )
