"""The annual review's generated text: each area's counts in words, compared with the year before.

"3 outgoing missions, 2 more than in 2024." Singular and plural come from the
translation catalogues (ngettext), so a language with other plural rules gets
them right; the sentence's order and punctuation are the translators' too.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from interlocal.core.numbers import format_value

from .sections import YearFigures


def _n(value: int) -> str:
    return format_value(value, "", whole=True)


def change(now: int, before: int, year: int) -> str:
    """How `now` compares with `before`, the count of `year` ("2 more than in 2024"); empty when both are nothing."""
    difference = now - before
    if difference > 0:
        return ngettext("%(n)s more than in %(year)s", "%(n)s more than in %(year)s", difference) % {
            "n": _n(difference),
            "year": year,
        }
    if difference < 0:
        return ngettext("%(n)s fewer than in %(year)s", "%(n)s fewer than in %(year)s", -difference) % {
            "n": _n(-difference),
            "year": year,
        }
    return _("as many as in %(year)s") % {"year": year} if now else ""


def compared(counted: str, now: int, before: int, year: int) -> str:
    """A count in words and its change on `year`, as one sentence."""
    difference = change(now, before, year)
    if not difference:
        return _("%(count)s.") % {"count": counted}
    return _("%(count)s, %(change)s.") % {"count": counted, "change": difference}


def review_text(figures: YearFigures) -> dict[str, list[str]]:
    """The sentences of each area of the review of `figures.year`, keyed by the area's section."""
    before, previous = figures.before, figures.year - 1
    missions = ngettext("%(n)s outgoing mission", "%(n)s outgoing missions", figures.missions)
    delegations = ngettext("%(n)s incoming delegation", "%(n)s incoming delegations", figures.delegations)
    projects = ngettext("%(n)s project under way", "%(n)s projects under way", figures.projects_active)
    memberships = sum(n for _label, n in figures.roles)
    networks = ngettext("%(n)s network membership", "%(n)s network memberships", memberships)
    signed = ngettext("%(n)s agreement signed", "%(n)s agreements signed", figures.agreements_signed)
    active = ngettext("%(n)s agreement in force", "%(n)s agreements in force", figures.agreements_active)
    text = {
        "engagements": [
            compared(missions % {"n": _n(figures.missions)}, figures.missions, before.missions, previous),
            compared(delegations % {"n": _n(figures.delegations)}, figures.delegations, before.delegations, previous),
        ],
        "projects": [
            compared(
                projects % {"n": _n(figures.projects_active)}, figures.projects_active, before.projects_active, previous
            )
        ],
        "roles": [compared(networks % {"n": _n(memberships)}, memberships, before.memberships, previous)],
        "agreements": [
            compared(
                signed % {"n": _n(figures.agreements_signed)},
                figures.agreements_signed,
                before.agreements_signed,
                previous,
            ),
            compared(
                active % {"n": _n(figures.agreements_active)},
                figures.agreements_active,
                before.agreements_active,
                previous,
            ),
        ],
        "distribution": [],
    }
    if figures.municipalities:
        reached = sum(1 for row in figures.distribution if row.engagements or row.projects)
        text["distribution"].append(
            ngettext(
                "The engagements and projects of the year reached %(n)s of its %(total)s municipality.",
                "The engagements and projects of the year reached %(n)s of its %(total)s municipalities.",
                figures.municipalities,
            )
            % {"n": _n(reached), "total": _n(figures.municipalities)}
        )
    return text
