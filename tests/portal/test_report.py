"""The annual report: a background task that fills an AnnualReport with its HTML and its PDF."""

import datetime

from django.test import Client

from interlocal.benchmark.models import Profile
from interlocal.core.models import JobStatus
from interlocal.diplomacy.models import Engagement
from interlocal.ecosystem.models import UnitYear
from interlocal.portal.models import AnnualReport
from interlocal.portal.report import generate
from interlocal.portal.tasks import generate_annual_report
from tests.factories import make


def _year_2024(world, home) -> None:  # type: ignore[no-untyped-def]
    make(
        Engagement, title="Seoul delegation", kind="incoming_delegation", start_on=datetime.date(2024, 9, 1),
        owner=world.own, participants=[world.own],
    )  # fmt: skip
    make(UnitYear, unit=world.records["units"], year=2024, staff=12, budget_eur=900000, owner=world.own)
    make(
        Profile, key="amb-profile", name="AMB", territory=home, country="ES", owner=world.amb,
        cooperation_budget_eur=2_000_000, total_budget_eur=1_000_000_000, citation="Report §1",
    )  # fmt: skip


def test_the_task_writes_the_figures_of_the_year_and_a_pdf(world, home) -> None:  # type: ignore[no-untyped-def]
    _year_2024(world, home)
    report = AnnualReport.objects.create(year=2024)
    generate_annual_report.call(report.pk)
    report.refresh_from_db()
    assert report.status == JobStatus.SUCCEEDED and report.done == report.total == 100
    assert bytes(report.pdf).startswith(b"%PDF")
    html = report.html
    assert "2 outgoing missions." in html and "1 incoming delegation." in html  # the world's two missions of May 2024
    assert "Unit own" in html and "€900,000" in html
    assert "The cooperation budget is 0.2% of the total budget, against a commitment of 0.7%." in html
    assert html.count("<svg") >= 2 and 'role="img"' in html  # charts drawn on the server
    assert 'data-section="report-results"' in html


def test_a_year_without_data_still_gives_a_report(world) -> None:  # type: ignore[no-untyped-def]
    report = generate(AnnualReport.objects.create(year=1999).pk)
    assert report.status == JobStatus.SUCCEEDED
    assert "0 outgoing missions." in report.html and "0 incoming delegations." in report.html
    assert "does not state its cooperation budget" in report.html


def test_the_page_queues_the_report_shows_progress_and_serves_the_pdf(
    world, home, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    _year_2024(world, home)
    client = Client()
    form = client.get("/portal/report/")
    assert 2024 in [value for value, _ in form.context["form"].fields["year"].choices]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post("/portal/report/", {"year": "2024"})
    assert len(callbacks) == 1
    report = AnnualReport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/portal/report/{report.pk}/"
    waiting = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in waiting and "Queued" in waiting and "Annual report 2024" in waiting
    generate(report.pk)
    done = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in done and "Seoul" not in done and "1 incoming delegation." in done
    pdf = client.get(f"/portal/report/{report.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert f"/portal/report/{report.pk}/" in client.get("/portal/report/").content.decode()


def test_a_bad_year_is_refused_and_queues_nothing(world) -> None:  # type: ignore[no-untyped-def]
    response = Client().post("/portal/report/", {"year": "1066"})
    assert response.status_code == 200 and response.context["form"].errors["year"]
    assert not AnnualReport.objects.exists()


def test_a_failed_generation_ends_the_job_failed_with_a_readable_message(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken_printer(body: str, year: int, identity: str = "") -> bytes:
        raise OSError("the printer is out of paper")

    monkeypatch.setattr("interlocal.portal.report.render_pdf", broken_printer)
    report = generate(AnnualReport.objects.create(year=2024).pk)
    report.refresh_from_db()
    assert report.status == JobStatus.FAILED and report.finished_at is not None and report.html == ""
    assert report.error == "An unexpected error stopped the job: the printer is out of paper. Nothing was saved."
    page = Client().get(f"/portal/report/{report.pk}/").content.decode()
    assert "the printer is out of paper" in page and "hx-trigger" not in page and "Try again" in page
