"""The registry import's pages: upload, dry run and confirmation, the job's progress, past imports, templates."""

from typing import Any

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from interlocal.core.permissions import access_for

from .downloads import template_csv, template_xlsx
from .forms import RegistryImportForm
from .imports import MAX_BYTES
from .jobs import registry_import_confirm, registry_import_start
from .kinds import SHEETS, column_help
from .models import ImportKind, ImportStage, RegistryImport
from .selectors import imports_visible_to

PAST_IMPORTS = 50


@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    if not access.can_write:
        raise PermissionDenied(_("Your role does not allow importing records."))
    form = RegistryImportForm(request.POST or None, request.FILES or None, access=access)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            run = registry_import_start(
                access=access,
                user=request.user,
                kind=form.cleaned_data["kind"],
                owner=form.cleaned_data["owner"],
                filename=upload.name,
                content=upload.read(MAX_BYTES + 1),
                visibility=form.cleaned_data["visibility"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        except PermissionDenied as denied:
            form.add_error("owner", str(denied))
        else:
            return HttpResponseRedirect(run.get_absolute_url())
    past = imports_visible_to(access, request.user)[:PAST_IMPORTS]
    context = {"form": form, "past": past, "kinds": ImportKind.choices}
    return render(request, "registry/import.html", context, status=400 if request.method == "POST" else 200)


def _import_run(request: HttpRequest, pk: int) -> RegistryImport:
    access = access_for(request.user)
    if not access.authenticated:
        raise Http404(_("No such import."))
    return get_object_or_404(imports_visible_to(access, request.user), pk=pk)


def plan_shown(plan: dict[str, Any]) -> dict[str, Any]:
    """A dry run's plan with the names of the kinds of record in the reader's language."""

    def name(label: str, plural: bool = False) -> str:
        meta = apps.get_model(label)._meta
        return str(meta.verbose_name_plural if plural else meta.verbose_name)

    preview = plan.get("preview", {})
    return {
        **plan,
        "counts": [{"name": name(label, plural=True), **counts} for label, counts in plan.get("counts", {}).items()],
        "preview": {
            action: [{**line, "kind": name(line["model"])} for line in lines] for action, lines in preview.items()
        },
    }


def _context(run: RegistryImport) -> dict[str, Any]:
    return {
        "run": run,
        "job": run,
        "plan": plan_shown(run.plan),
        "result_template": "registry/_result.html",
        "sheet": SHEETS[run.kind],
    }


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = _import_run(request, pk)
    htmx = getattr(request, "htmx", False) and run.stage == ImportStage.CONFIRMED
    template = "core/_job_progress.html" if htmx else "registry/import_detail.html"
    return render(request, template, _context(run))


@login_required
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    run = _import_run(request, pk)
    try:
        registry_import_confirm(access=access_for(request.user), user=request.user, run=run)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return HttpResponseRedirect(run.get_absolute_url())


def _sheet(kind: str) -> Any:
    if kind not in SHEETS:
        raise Http404(_("No such kind of record."))
    return SHEETS[kind]


def import_template(request: HttpRequest, kind: str, extension: str) -> HttpResponse:
    """The empty file of a kind, its headers in the reader's language."""
    sheet = _sheet(kind)
    if extension == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(template_xlsx(sheet), content_type=content_type)
    else:
        response = HttpResponse(template_csv(sheet), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind}.{extension}"'
    return response


def import_help(request: HttpRequest, kind: str) -> HttpResponse:
    """Each column of a kind: header, code, required or not, format, allowed codes."""
    sheet = _sheet(kind)
    context = {"sheet": sheet, "kind": kind, "kind_label": ImportKind(kind).label, "columns": column_help(sheet)}
    return render(request, "registry/help.html", context)
