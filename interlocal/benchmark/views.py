"""The comparison page, the report's tables, and the self-assessment import."""

import csv
import json
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from interlocal.core.permissions import access_for

from .comparison import (
    compare,
    comparison_records,
    measures_table,
    networks_table,
    planning_table,
    scenarios_table,
    units_table,
)
from .imports import MAX_BYTES, profiles_import
from .models import ProfileKind
from .selectors import profile_views


def _selection(request: HttpRequest, peers: list[Any]) -> list[Any]:
    keys = request.GET.getlist("p")
    if keys:
        chosen = [v for key in keys for v in peers if v.profile.key == key]
        return chosen
    return [v for v in peers if v.profile.kind == ProfileKind.CASE_STUDY]


def comparison(request: HttpRequest) -> HttpResponse:
    """Any selection of profiles side by side (?p=seoul&p=vienna), as a page, CSV or JSON."""
    peers = profile_views(access=access_for(request.user))
    chosen = _selection(request, peers)
    result = compare(chosen, peers)
    export = request.GET.get("format")
    if export == "json":
        return HttpResponse(
            json.dumps(comparison_records(result), ensure_ascii=False, indent=2), content_type="application/json"
        )
    if export == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="comparison.csv"'
        records = comparison_records(result)
        writer = csv.DictWriter(response, fieldnames=list(records[0]) if records else ["key"])
        writer.writeheader()
        writer.writerows(records)
        return response
    query = request.GET.copy()
    query.pop("format", None)
    query.pop("print", None)
    template = "benchmark/comparison_print.html" if request.GET.get("print") else "benchmark/comparison.html"
    return render(
        request,
        template,
        {
            "peers": peers,
            "chosen": {v.profile.key for v in chosen},
            "comparison": result,
            "columns": list(zip(result.views, result.scores, strict=True)),
            "query": query.urlencode(),
        },
    )


def tables(request: HttpRequest) -> HttpResponse:
    """The study's tables, rebuilt from the registry and the profiles."""
    views = profile_views(access=access_for(request.user))
    case_studies = [v for v in views if v.profile.kind == ProfileKind.CASE_STUDY]
    return render(
        request,
        "benchmark/tables.html",
        {
            "units": units_table(case_studies),
            "networks": networks_table(case_studies),
            "scenarios": scenarios_table(case_studies),
            "planning": planning_table(case_studies),
            "measures": measures_table(case_studies),
            "case_studies": case_studies,
        },
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV or JSON file"),
        help_text=gettext_lazy(
            "One profile per row (CSV) or object (JSON), with the self-assessment's field names. At most 1 MB."
        ),
    )


def import_profiles(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    if not access.can_write:
        raise PermissionDenied(_("Your role does not allow creating records."))
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        raw = upload.read(MAX_BYTES + 1)
        result = profiles_import(access=access, user=request.user, raw=raw, filename=upload.name)
        if not result.errors:
            messages.success(request, _("Imported %(count)s profile(s).") % {"count": len(result.created)})
            keys = "&".join(f"p={p.key}" for p in result.created)
            return HttpResponseRedirect(f"{reverse('benchmark:comparison')}?{keys}")
        errors = result.errors
    status = 400 if request.method == "POST" else 200
    return render(request, "benchmark/import.html", {"form": form, "errors": errors}, status=status)
