"""The IATI page, the download of public projects as IATI XML, and the import of a partner's file."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from interlocal.core.paging import CappedPaginator
from interlocal.core.permissions import access_for
from interlocal.projects.models import Project

from .export import export_bytes, published_projects
from .forms import ImportForm
from .imports import upload_max_bytes
from .jobs import iati_import_start
from .models import IatiOrganisation, ImportJob
from .organisation_file import home_publisher, organisation_bytes

# Imported organisation files listed on a page of the overview (a partner's file may hold hundreds).
ORGANISATION_FILES_PAGE = 25


def overview(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    files = (
        IatiOrganisation.objects.visible_to(access)
        .select_related("organisation")
        .defer("xml")  # each file's verbatim XML is for the export, not this list
    )
    context = {
        "public_projects": published_projects().count(),
        "can_import": access.can_write,
        "organisation_file": home_publisher() is not None,
        "page": CappedPaginator(files, ORGANISATION_FILES_PAGE).get_page(request.GET.get("page")),
        "query": "",
    }
    return render(request, "iati/overview.html", context)


@require_GET
def activities_xml(request: HttpRequest) -> HttpResponse:
    """The metropolis's published projects, whoever asks: this file is meant for publication.

    With none yet there is no file (the 2.03 schema wants at least one activity): 404, saying so.
    """
    if not published_projects().exists():
        return HttpResponse(
            _("No project is published yet: the IATI file lists the metropolis's own public projects."),
            status=404,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(export_bytes(), content_type="application/xml; charset=utf-8")
    if request.GET.get("download") == "1":
        response["Content-Disposition"] = 'attachment; filename="iati-activities.xml"'
    return response


@require_GET
def organisation_xml(request: HttpRequest) -> HttpResponse:
    """The home metropolis's IATI organisation file, whoever asks (404, saying why, while there is none)."""
    content = organisation_bytes()
    if content is None:
        return HttpResponse(
            _("No organisation file is published yet: it needs the metropolis's government and its public projects."),
            status=404,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(content, content_type="application/xml; charset=utf-8")
    if request.GET.get("download") == "1":
        response["Content-Disposition"] = 'attachment; filename="iati-organisation.xml"'
    return response


def import_file(request: HttpRequest) -> HttpResponse:
    """Upload a file: it is queued and imported by a background task; its page shows the progress."""
    access = access_for(request.user)
    if not access.can_write:
        raise PermissionDenied(_("Only editors and coordinators may import IATI files."))
    form = ImportForm(request.POST or None, request.FILES or None, access=access)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = iati_import_start(
            user=request.user,
            owner=form.cleaned_data["owner"],
            visibility=form.cleaned_data["visibility"],
            filename=upload.name,
            raw=upload.read(upload_max_bytes() + 1),
        )
        messages.info(request, _("The file is queued for import."))
        return HttpResponseRedirect(job.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(request, "iati/import.html", {"form": form}, status=status)


def _job(request: HttpRequest, pk: int) -> ImportJob:
    access = access_for(request.user)
    job = get_object_or_404(ImportJob.objects.select_related("owner"), pk=pk)
    if not (access.coordinator or job.user_id == request.user.pk):
        raise PermissionDenied(_("Only the person who uploaded this file may follow its import."))
    return job


def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's page, or (for htmx) the progress partial it polls until the import has finished."""
    job = _job(request, pk)
    template = "core/_job_progress.html" if getattr(request, "htmx", False) else "iati/job.html"
    return render(request, template, {"job": job, "result_template": "iati/_job_result.html", **_job_context(job)})


def _job_context(job: ImportJob) -> dict[str, Any]:
    ids = [*job.created_ids, *job.updated_ids]
    projects = {p.pk: p for p in Project.objects.filter(pk__in=ids)} if job.finished else {}
    return {
        "created": [projects[i] for i in job.created_ids if i in projects],
        "updated": [projects[i] for i in job.updated_ids if i in projects],
        "organisations": IatiOrganisation.objects.visible_to(access_for(job.user)).filter(pk__in=job.organisation_ids)
        if job.finished and job.user is not None
        else [],
    }
