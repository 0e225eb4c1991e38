"""The IATI page, the download of public projects as IATI XML, and the import of a partner's file."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from interlocal.core.permissions import ANONYMOUS, access_for, visible_q
from interlocal.projects.models import Project

from .export import export_bytes
from .forms import ImportForm
from .imports import MAX_BYTES
from .models import ImportJob
from .tasks import run_import


def overview(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    context = {
        "public_projects": Project.objects.filter(visible_q(ANONYMOUS)).count(),
        "can_import": access.can_write,
    }
    return render(request, "iati/overview.html", context)


@require_GET
def activities_xml(request: HttpRequest) -> HttpResponse:
    """Every public project, whoever asks: this file is meant for publication."""
    response = HttpResponse(export_bytes(), content_type="application/xml; charset=utf-8")
    if request.GET.get("download") == "1":
        response["Content-Disposition"] = 'attachment; filename="iati-activities.xml"'
    return response


def import_file(request: HttpRequest) -> HttpResponse:
    """Upload a file: it is queued and imported by a background task; its page shows the progress."""
    access = access_for(request.user)
    if not access.can_write:
        raise PermissionDenied(_("Only editors and coordinators may import IATI files."))
    form = ImportForm(request.POST or None, request.FILES or None, access=access)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = ImportJob.objects.create(  # type: ignore[misc]  # can_write implies a logged-in user
            user=request.user,
            owner=form.cleaned_data["owner"],
            visibility=form.cleaned_data["visibility"],
            filename=upload.name[:255],
            raw=upload.read(MAX_BYTES + 1),
        )
        run_import.enqueue(job.pk)
        messages.info(request, _("The file is queued for import."))
        return HttpResponseRedirect(reverse("iati:job", args=[job.pk]))
    status = 400 if request.method == "POST" else 200
    return render(request, "iati/import.html", {"form": form}, status=status)


def _job(request: HttpRequest, pk: int) -> ImportJob:
    access = access_for(request.user)
    job = get_object_or_404(ImportJob.objects.select_related("owner"), pk=pk)
    if not (access.coordinator or job.user_id == request.user.pk):
        raise PermissionDenied(_("Only the person who uploaded this file may follow its import."))
    return job


def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    return render(request, "iati/job.html", {"job": job, **_job_context(job)})


def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment the job page polls (htmx) until the import has finished."""
    job = _job(request, pk)
    return render(request, "iati/_job_status.html", {"job": job, **_job_context(job)})


def _job_context(job: ImportJob) -> dict:
    ids = [*job.created_ids, *job.updated_ids]
    projects = {p.pk: p for p in Project.objects.filter(pk__in=ids)} if job.finished else {}
    return {
        "created": [projects[i] for i in job.created_ids if i in projects],
        "updated": [projects[i] for i in job.updated_ids if i in projects],
    }
