"""The annual report: the figures of a year, their charts (SVG rendered on the server) and the PDF."""

from typing import Any

import vl_convert
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from interlocal.core.jobs import job_progress, job_run
from interlocal.core.permissions import ANONYMOUS

from . import sections
from .models import AnnualReport


def _bar_chart(title: str, rows: list[tuple[str, Any]], x_title: str) -> SafeString | None:
    """A horizontal bar chart as inline SVG, labelled for screen readers; None when there is nothing to draw."""
    if not rows:
        return None
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 420,
        "data": {"values": [{"label": label, "value": float(value)} for label, value in rows]},
        "mark": {"type": "bar", "color": "#1f5f8b"},
        "encoding": {
            "y": {"field": "label", "type": "nominal", "sort": "-x", "title": None},
            "x": {"field": "value", "type": "quantitative", "title": x_title},
        },
    }
    return _svg(spec, f"{title}: " + "; ".join(f"{lbl} {value}" for lbl, value in rows))


def _svg(spec: dict[str, Any], label: str) -> SafeString:
    """The Vega-Lite chart as inline SVG, with `label` as its text for screen readers."""
    svg = vl_convert.vegalite_to_svg(spec)
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))  # noqa: S308  (vl-convert output)


def _change_chart(results: sections.ResultsFigures | None) -> SafeString | None:
    """Each gain and each of its costs as its change on the year before (%), gains and costs told apart by colour."""
    if results is None:
        return None
    rows = []
    for entry in results.ledger:
        pairs = [(_("Gain"), entry.gain), *((_("Cost"), item) for _counterweight, item in entry.costs)]
        for kind, item in pairs:
            if item.change is not None and item.previous:
                percent = round(float(item.change / item.previous) * 100, 1)
                rows.append({"label": item.indicator.name, "value": percent, "kind": kind})
    if not rows:
        return None
    rows = list({row["label"]: row for row in rows}.values())  # a cost shared by two gains is drawn once
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 420,
        "data": {"values": rows},
        "mark": "bar",
        "encoding": {
            "y": {"field": "label", "type": "nominal", "sort": None, "title": None},
            "x": {"field": "value", "type": "quantitative", "title": _("Change on the year before (%)")},
            "color": {
                "field": "kind",
                "type": "nominal",
                "title": None,
                "scale": {"range": ["#1f5f8b", "#b03a2e"]},
            },
        },
    }
    title = _("Gains and their costs, change on the year before")
    return _svg(spec, f"{title}: " + "; ".join(f"{r['kind']} {r['label']} {r['value']} %" for r in rows))


def report_context(year: int) -> dict[str, Any]:
    access = ANONYMOUS
    figures = sections.year_figures(access, year)
    charts = {
        "engagements": _bar_chart(_("Engagements by kind"), figures.engagements_by_kind, _("Engagements")),
        "roles": _bar_chart(_("Network roles"), figures.roles, _("Memberships")),
        "funds": _bar_chart(_("Funds by funder"), figures.funds_by_funder, _("EUR")),
        "distribution": _bar_chart(
            _("Engagements by municipality"),
            [(d.name, d.engagements) for d in figures.distribution if d.engagements],
            _("Engagements"),
        ),
    }
    cooperation = figures.cooperation
    if cooperation is not None:
        charts["cooperation"] = _bar_chart(
            _("Cooperation share of the budget against the 0.7% commitment (%)"),
            [(_("Cooperation share"), cooperation["share"]), (_("Commitment"), cooperation["commitment"])],
            _("% of the budget"),
        )
    results = sections.results_figures(access, year)
    charts["results"] = _change_chart(results)
    return {"year": year, "figures": figures, "charts": charts, "results": results}


def render_pdf(body: str, year: int) -> bytes:
    from weasyprint import HTML

    document = render_to_string("portal/report_print.html", {"body": mark_safe(body), "year": year})  # noqa: S308
    return HTML(string=document).write_pdf() or b""


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
        pdf = render_pdf(html, report.year)
    return {"html": html, "pdf": pdf}
