"""The background task that generates an annual report."""

from django_tasks import task

from .report import generate


@task()
def generate_annual_report(report_id: int) -> None:
    generate(report_id)
