"""The annual report: the figures of a year, their charts (SVG rendered on the server) and the PDF."""

import datetime
import textwrap
from typing import Any

import vl_convert
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from interlocal.core.jobs import job_progress, job_run
from interlocal.core.links import site_url
from interlocal.core.numbers import CURRENCIES, format_value, is_count, number_locale
from interlocal.core.pdf import pdf_of
from interlocal.core.permissions import ANONYMOUS
from interlocal.ecosystem.home import home_territory
from interlocal.results.models import Indicator

from . import provenance, sections
from .figures import share_text
from .headlines import headline_figures
from .models import AnnualReport
from .narrative import review_text

# The charts' text is measured and printed in one font (the PDF embeds DejaVu), so no label is clipped;
# a category label longer than LABEL_WIDTH characters wraps onto more lines, never cut.
CHART_FONT = "DejaVu Sans"
LABEL_WIDTH = 28
CATEGORY_AXIS = {"labelLimit": 0, "labelExpr": "split(datum.label, '\\n')"}


def _axis(unit: str, *, whole: bool = False) -> dict[str, Any]:
    """The value axis of a chart in `unit`: thousand separators of the reader's language, no fractional counts."""
    if unit.upper() in CURRENCIES:
        return {"format": "$,.0f"}
    if whole or is_count(unit):
        return {"format": ",d", "tickMinStep": 1}
    return {"format": ",.2~f"}


def _figure(value: Any, unit: str, *, whole: bool = False) -> str:
    """A value as the page writes it: a share keeps its small decimals ("0.045%"), a count none."""
    return share_text(value) if unit == "%" else format_value(value, unit, whole=whole)


def _wrapped(label: str) -> str:
    """A category label on lines of at most LABEL_WIDTH characters (words kept whole), joined by newlines."""
    return "\n".join(textwrap.wrap(str(label), LABEL_WIDTH, break_long_words=False)) or str(label)


def _band_height(labels: list[str]) -> dict[str, int]:
    """Room for each bar's label on as many lines as the longest one wraps to, so no two labels overlap."""
    lines = max((_wrapped(label).count("\n") + 1 for label in labels), default=1)
    return {"step": max(20, 12 * lines + 6)}


def identity_name() -> str:
    """The metropolis's name on the cover: the instance's identity if set, else the home territory's name."""
    identity = getattr(settings, "INTERLOCAL_PORTAL_IDENTITY", None)
    name = identity.get("name") if isinstance(identity, dict) else getattr(identity, "name", None)
    if name:
        return str(name)
    home = home_territory()
    return home.name if home is not None else ""


def _titled(title: str, illustrative: bool) -> str:
    return f"{title} ({_('illustrative')})" if illustrative else title


def _bar_chart(
    title: str,
    rows: list[tuple[str, Any]],
    x_title: str,
    *,
    unit: str = "",
    whole: bool = False,
    illustrative: bool = False,
) -> SafeString | None:
    """A horizontal bar chart as inline SVG, labelled for screen readers; None when there is nothing to draw.

    `unit` ("EUR", "%") and `whole` (counts) format the axis and the label; an illustrative chart says so in its title.
    """
    if not rows:
        return None
    title = _titled(title, illustrative)
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title,
        "width": 420,
        "height": _band_height([label for label, _value in rows]),
        "data": {"values": [{"label": _wrapped(label), "value": float(value)} for label, value in rows]},
        "mark": {"type": "bar", "color": "#1f5f8b"},
        "encoding": {
            "y": {"field": "label", "type": "nominal", "sort": "-x", "title": None, "axis": CATEGORY_AXIS},
            "x": {"field": "value", "type": "quantitative", "title": x_title, "axis": _axis(unit, whole=whole)},
        },
    }
    highest = max(float(value) for _label, value in rows)
    if (whole or is_count(unit)) and 0 < highest <= 12:  # a tick on every whole number, none between
        spec["encoding"]["x"]["axis"]["values"] = list(range(int(highest) + 1))  # type: ignore[index]
    label = "; ".join(f"{lbl} {_figure(value, unit, whole=whole)}" for lbl, value in rows)
    return _svg(spec, f"{title}: {label}")


def _svg(spec: dict[str, Any], label: str) -> SafeString:
    """The Vega-Lite chart as inline SVG in the reader's language, with `label` as its text for screen readers."""
    config = {**spec.get("config", {}), "font": CHART_FONT, "locale": {"number": number_locale()}}
    spec = {**spec, "config": config}
    svg = vl_convert.vegalite_to_svg(spec)
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))  # noqa: S308  (vl-convert output)


def _change_chart(results: sections.ResultsFigures | None, *, illustrative: bool = False) -> SafeString | None:
    """Each gain and each of its costs as its change on the year before (%), gains and costs told apart by colour."""
    if results is None:
        return None
    rows: list[dict[str, Any]] = []
    for entry in results.ledger:
        pairs = [(_("Gain"), entry.gain), *((_("Cost"), item) for _counterweight, item in entry.costs)]
        for kind, item in pairs:
            if item.change is not None and item.previous:
                percent = round(float(item.change / item.previous) * 100, 1)
                rows.append({"label": item.indicator.name, "value": percent, "kind": kind})
    if not rows:
        return None
    rows = list({row["label"]: row for row in rows}.values())  # a cost shared by two gains is drawn once
    title = _titled(_("Gains and their costs, change on the year before"), illustrative)
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title,
        "width": 420,
        "height": _band_height([row["label"] for row in rows]),
        "data": {"values": [{**row, "label": _wrapped(row["label"])} for row in rows]},
        "mark": "bar",
        "encoding": {
            "y": {"field": "label", "type": "nominal", "sort": None, "title": None, "axis": CATEGORY_AXIS},
            "x": {
                "field": "value",
                "type": "quantitative",
                "title": _("Change on the year before (%)"),
                "axis": _axis("%"),
            },
            "color": {
                "field": "kind",
                "type": "nominal",
                "title": None,
                "scale": {"domain": [_("Gain"), _("Cost")], "range": ["#1f5f8b", "#b03a2e"]},
            },
        },
    }
    label = "; ".join(f"{r['kind']} {r['label']} {_figure(r['value'], '%')}" for r in rows)
    return _svg(spec, f"{title}: {label}")


def report_context(year: int) -> dict[str, Any]:
    """Everything the review of `year` shows, as an anonymous reader may see it: a fixed number of queries."""
    access = ANONYMOUS
    figures = sections.year_figures(access, year)
    results = sections.results_figures(access, year)
    shown = _results_indicators(results)
    first, last = datetime.date(year - 1, 1, 1), datetime.date(year, 12, 31)
    within = results.area if results is not None else None
    illustrative = provenance.report_illustrative(access, year)
    illustrative_results = provenance.illustrative_indicators(access, shown, within=within, first=first, last=last)
    headlines = headline_figures(access, year)
    if any(headline.illustrative for headline in headlines):
        illustrative.add("headlines")  # the cover's figures: the banner and every page's footer say so
    if illustrative_results:
        illustrative.add("results")
    charts = {
        "engagements": _bar_chart(
            _("Engagements by kind"),
            figures.engagements_by_kind,
            _("Engagements"),
            whole=True,
            illustrative="engagements" in illustrative,
        ),
        "roles": _bar_chart(
            _("Network roles"), figures.roles, _("Memberships"), whole=True, illustrative="roles" in illustrative
        ),
        "funds": _bar_chart(
            _("Funds by funder"), figures.funds_by_funder, _("EUR"), unit="EUR", illustrative="projects" in illustrative
        ),
        "distribution": _bar_chart(
            _("Engagements by municipality"),
            [(d.name, d.engagements) for d in figures.distribution if d.engagements],
            _("Engagements"),
            whole=True,
            illustrative="distribution" in illustrative,
        ),
    }
    cooperation = figures.cooperation
    if cooperation is not None:
        charts["cooperation"] = _bar_chart(
            _("Cooperation share of the budget against the 0.7% commitment (%)"),
            [(_("Cooperation share"), cooperation["share"]), (_("Commitment"), cooperation["commitment"])],
            _("% of the budget"),
            unit="%",
            illustrative="cooperation" in illustrative,
        )
    charts["results"] = _change_chart(results, illustrative="results" in illustrative)
    return {
        "year": year,
        "identity": identity_name(),
        "headlines": headlines,
        "text": review_text(figures),
        "site_url": site_url(),
        "figures": figures,
        "charts": charts,
        "results": results,
        "illustrative": illustrative,
        "illustrative_indicators": illustrative_results,
        "sources": provenance.report_sources(access, year, shown),
    }


def _results_indicators(results: sections.ResultsFigures | None) -> list[Indicator]:
    """Every indicator the report's results show: each gain, its costs, the outcomes."""
    if results is None:
        return []
    shown = {entry.gain.indicator.pk: entry.gain.indicator for entry in results.ledger}
    shown.update({item.indicator.pk: item.indicator for entry in results.ledger for _cw, item in entry.costs})
    shown.update({item.indicator.pk: item.indicator for item in results.outcomes})
    return list(shown.values())


def render_pdf(body: str, year: int, identity: str = "") -> bytes:
    """The report as a PDF; the body's running label (illustrative data) is repeated in every page's footer."""
    context = {"body": mark_safe(body), "year": year, "identity": identity}  # noqa: S308
    return pdf_of("portal/report_print.html", context)


def generate(report_id: int) -> AnnualReport:
    """Fill the report (the background task's body); a failure is recorded on the report, never raised."""
    return job_run(job=AnnualReport.objects.get(pk=report_id), work=_generate)


def _generate(report: AnnualReport) -> dict[str, Any]:
    """The job's work (see core.jobs): figures, charts, HTML, PDF, with the steps the page shows."""
    with translation.override(report.language):
        job_progress(job=report, done=10, total=100, step=_("Counting the figures of the year"))
        context = report_context(report.year)
        job_progress(job=report, done=50, total=100, step=_("Writing the report"))
        html = render_to_string("portal/report_body.html", context)
        job_progress(job=report, done=70, total=100, step=_("Printing the PDF"))
        pdf = render_pdf(html, report.year, context["identity"])
    return {"html": html, "pdf": pdf}
