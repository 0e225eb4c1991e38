"""The Vega-Lite chart of a ranking over its editions, served as JSON by rankings.views.

A lower position is better, so the y axis runs downwards from the 1st place at the top; positions are whole
numbers. A line per territory, the home metropolis's drawn in the accent colour. Editions without a year (the
source did not give one) cannot be placed in time and are left out; the page lists them in its table.
"""

from typing import Any

from django.utils.translation import gettext as _

from interlocal.core.numbers import number_locale
from interlocal.results.charts import SCHEMA

from .models import Ranking
from .selectors import HOME, PEER, SIDES


def ranking_spec(ranking: Ranking, rows: list[dict[str, Any]]) -> dict[str, Any]:
    description = _("Positions in “%(ranking)s” by edition (1 is the best)") % {"ranking": ranking.name}
    heading: dict[str, Any] = {"text": description, "anchor": "start", "fontSize": 13}
    if any(row["illustrative"] for row in rows):
        heading["subtitle"] = _("Illustrative data: generated example values, not cited facts")
    sides = [str(SIDES[HOME]), str(SIDES[PEER]), str(SIDES[""])]
    return {
        "$schema": SCHEMA,
        "description": description,
        "title": heading,
        "width": "container",
        "height": 240,
        "data": {"values": rows},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": _("Edition")},
            "y": {
                "field": "position",
                "type": "quantitative",
                "title": _("Position (1 is the best)"),
                "scale": {"reverse": True, "domainMin": 1, "nice": False, "zero": False},
                "axis": {"format": ",.0f", "tickMinStep": 1},
            },
            "color": {"field": "territory", "type": "nominal", "title": _("Territory")},
            "strokeDash": {"field": "side", "type": "nominal", "title": _("Side"), "scale": {"domain": sides}},
            "tooltip": [
                {"field": "territory", "title": _("Territory")},
                {"field": "year", "title": _("Edition")},
                {"field": "position", "title": _("Position"), "format": ",.0f"},
                {"field": "side", "title": _("Side")},
            ],
        },
        "config": {"locale": {"number": number_locale()}},
    }
