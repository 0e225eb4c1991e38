"""Asking for an annual report: the one generated in the last hour is reused, else a new one is queued."""

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from interlocal.core.jobs import job_enqueue
from interlocal.core.models import JobStatus

from .models import AnnualReport
from .tasks import generate_annual_report

REUSE_FOR = timedelta(hours=1)  # a report asked for again within this time is not generated twice


def annual_report_request(*, user: Any, year: int, language: str) -> AnnualReport:
    """The report of `year` in `language`: a recent one that has not failed, or a new one queued on commit."""
    recent = (
        AnnualReport.objects.filter(year=year, language=language, created_at__gte=timezone.now() - REUSE_FOR)
        .exclude(status=JobStatus.FAILED)
        .first()
    )
    if recent is not None:
        return recent
    with transaction.atomic():
        report = AnnualReport.objects.create(
            user=user if getattr(user, "is_authenticated", False) else None, year=year, language=language
        )
        job_enqueue(job=report, task=generate_annual_report)
    return report
