"""The ranking's chart and the import of editions (the records' own pages come from their EntitySpecs)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from interlocal.core.permissions import access_for
from interlocal.core.selectors import record_get

from . import charts, imports
from .entities import RANKINGS
from .forms import EditionsImportForm
from .selectors import chart_rows, ranking_editions


def ranking_chart(request: HttpRequest, pk: int) -> JsonResponse:
    access = access_for(request.user)
    ranking = record_get(spec=RANKINGS, access=access, pk=pk)
    rows = chart_rows(ranking_editions(access=access, ranking=ranking))
    return JsonResponse(charts.ranking_spec(ranking, rows))


def editions_import(request: HttpRequest) -> HttpResponse:
    """Upload a CSV (or XLSX) of positions: every row checked, and written all together or not at all."""
    access = access_for(request.user)
    if not access.can_write:
        raise PermissionDenied(_("Your role does not allow importing rankings."))
    form = EditionsImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = imports.editions_import(
            access=access,
            user=request.user,
            filename=upload.name,
            content=upload.read(imports.MAX_BYTES + 1),
            visibility=form.cleaned_data["visibility"],
            check_only=form.cleaned_data["check_only"],
        )
    status = 400 if request.method == "POST" and (not form.is_valid() or (result and result.errors)) else 200
    context = {"form": form, "result": result, "columns": imports.REQUIRED + imports.OPTIONAL}
    return render(request, "rankings/import.html", context, status=status)


def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(imports.TEMPLATE, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ranking-editions.csv"'
    return response
