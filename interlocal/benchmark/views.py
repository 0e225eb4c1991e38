"""The comparison page, the report's tables, and the self-assessment import."""

import json
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from interlocal.core import csvfiles
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
from .imports import MAX_BYTES
from .jobs import profiles_import_start
from .models import ProfileImport, ProfileKind
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
        records = comparison_records(result)
        header = list(records[0]) if records else ["key"]
        return csvfiles.csv_download("comparison.csv", header, ([r.get(n) for n in header] for r in records))
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

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".json")):
            raise forms.ValidationError(_("Upload a .csv or .json file."))
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        return upload


def import_profiles(request: HttpRequest) -> HttpResponse:
    """Upload a file: it is queued and imported by a background task; its page shows the progress."""
    access = access_for(request.user)
    if not access.can_write:
        raise PermissionDenied(_("Your role does not allow creating records."))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = profiles_import_start(
            access=access, user=request.user, filename=upload.name, content=upload.read(MAX_BYTES + 1)
        )
        return HttpResponseRedirect(job.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(request, "benchmark/import.html", {"form": form}, status=status)


def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The import's page, or (for htmx) the progress partial it polls until the import has finished."""
    job = get_object_or_404(ProfileImport, pk=pk)
    if not (access_for(request.user).coordinator or job.user_id == request.user.pk):
        raise Http404(_("No such import."))
    template = "core/_job_progress.html" if getattr(request, "htmx", False) else "benchmark/import_detail.html"
    keys = "&".join(f"p={key}" for key in job.created_keys)
    context = {"job": job, "result_template": "benchmark/_import_result.html", "comparison_query": keys}
    return render(request, template, context)
