"""The annual report: a background task that fills an AnnualReport with its HTML and its PDF."""

import datetime
import re
import subprocess
import tempfile

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from interlocal.benchmark.models import Profile
from interlocal.core import memo
from interlocal.core.models import JobStatus
from interlocal.diplomacy.models import Agreement, Engagement
from interlocal.ecosystem.models import Organisation, UnitYear
from interlocal.portal.models import AnnualReport
from interlocal.portal.report import generate, report_context
from interlocal.portal.tasks import generate_annual_report
from interlocal.projects.models import Funding, Project
from interlocal.territory.models import Territory
from tests.factories import make


def _year_2024(world, home) -> None:  # type: ignore[no-untyped-def]
    make(
        Engagement, title="Seoul delegation", kind="incoming_delegation", start_on=datetime.date(2024, 9, 1),
        owner=world.own, participants=[world.own],
    )  # fmt: skip
    make(UnitYear, unit=world.records["units"], year=2024, staff=12, budget_eur=900000, owner=world.own)
    town = make(Territory, key="amb-sant-climent", name="Sant Climent de Llobregat", kind="municipality",
                country="ES", parent=home, owner=world.amb)  # fmt: skip
    council = make(Organisation, key="sant-climent", name="Sant Climent de Llobregat City Council",
                   kind="municipal_government", territory=town, owner=world.amb)  # fmt: skip
    make(Engagement, title="Smart City Expo", kind="conference", start_on=datetime.date(2024, 11, 5),
         owner=world.amb, participants=[council])  # fmt: skip
    make(
        Profile, key="amb-profile", name="AMB", territory=home, country="ES", owner=world.amb,
        cooperation_budget_eur=2_000_000, total_budget_eur=1_000_000_000, citation="Report §1",
    )  # fmt: skip


def _pdf_text(pdf: bytes, *options: str) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        command = ["pdftotext", *options, file.name, "-"]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603


A4_WIDTH, MARGIN = 595.28, 18 / 25.4 * 72  # points


def test_the_task_writes_the_figures_of_the_year_and_a_pdf(world, home, settings) -> None:  # type: ignore[no-untyped-def]
    settings.INTERLOCAL_PORTAL_IDENTITY = {"name": "Àrea Metropolitana de Barcelona"}
    _year_2024(world, home)
    report = AnnualReport.objects.create(year=2024)
    generate_annual_report.call(report.pk)
    report.refresh_from_db()
    assert report.status == JobStatus.SUCCEEDED and report.done == report.total == 100
    assert bytes(report.pdf).startswith(b"%PDF")
    html = report.html
    # the world's two missions of May 2024, none in 2023; one delegation
    assert "2 outgoing missions, 2 more than in 2023. 1 incoming delegation, 1 more than in 2023." in html
    assert "reached 3 of its 3 municipalities." in html  # Barcelona, Gavà, Sant Climent
    assert 'class="cover-identity">Àrea Metropolitana de Barcelona<' in html
    assert 'data-headline="delegations"' in html and 'href="#missions"' in html
    assert "Unit own" in html and "€900,000" in html
    assert "The cooperation budget is 0.2% of the total budget, against a commitment of 0.7%." in html
    assert html.count("<svg") >= 2 and 'role="img"' in html  # charts drawn on the server
    assert 'data-section="report-results"' in html
    pdf = bytes(report.pdf)
    cover = " ".join(_pdf_text(pdf, "-f", "1", "-l", "1").split())
    assert "Àrea Metropolitana de Barcelona" in cover and "Annual report 2024" in cover
    assert "Key figures" in cover and "Delegations received" in cover and "Contents" not in cover
    contents = _pdf_text(pdf, "-f", "2", "-l", "2")
    assert "Contents" in contents
    assert re.search(r"1\. Missions and delegations\.+ ?3\b", contents)  # with the page it starts on
    assert re.search(r"9\. Sources and method ?\.+ ?\d+", contents)
    text = " ".join(_pdf_text(pdf).split())
    categories = ["Outgoing mission", "Incoming delegation", "Conference participation", "Member"]
    categories += ["Barcelona", "Gavà", "Sant Climent de Llobregat"]
    assert all(category in text for category in categories) and "…" not in text  # no label cut short
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', _pdf_text(pdf, "-bbox"))
    assert words and all(float(left) >= MARGIN - 1 and float(right) <= A4_WIDTH - MARGIN + 1 for left, right in words)
    # nothing drawn past the page's margins: a chart's label clipped at its left edge would start there


def test_a_year_without_data_still_gives_a_report(world, home) -> None:  # type: ignore[no-untyped-def]
    report = generate(AnnualReport.objects.create(year=1999).pk)
    assert report.status == JobStatus.SUCCEEDED
    assert 'class="cover-identity">Barcelona Metropolitan Area<' in report.html  # no identity set: the home's name
    assert 'data-headline="delegations"' not in report.html  # no delegation in 1999: no figure, never a zero
    assert "0 outgoing missions. 0 incoming delegations." in report.html
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
    assert "hx-trigger" not in done and "Seoul" not in done and "1 incoming delegation, 1 more than" in done
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


def test_the_report_counts_its_figures_in_a_fixed_number_of_queries(world, home) -> None:  # type: ignore[no-untyped-def]
    _year_2024(world, home)

    def queries() -> int:
        memo.forget()  # counted as computed, not as remembered from the last round (core.memo)
        with CaptureQueriesContext(connection) as captured:
            report_context(2024)
        return len(captured)

    few = queries()
    for n in range(3):
        town = make(Territory, key=f"amb-town-{n}", name=f"Town {n}", kind="municipality", country="ES",
                    parent=home, owner=world.amb)  # fmt: skip
        council = make(Organisation, key=f"council-{n}", name=f"Council {n}", kind="municipal_government",
                       territory=town, owner=world.amb)  # fmt: skip
        make(Engagement, title=f"Visit {n}", kind="visit", start_on=datetime.date(2023 + n % 2, 6, 1),
             owner=world.amb, participants=[council])  # fmt: skip
        make(Agreement, organisation=council, partner_place=world.records["places"], title=f"Agreement {n}",
             kind="twinning", owner=world.amb)  # fmt: skip
        project = make(Project, title=f"Project {n}", kind="eu_funded", lead=council, owner=world.amb)
        make(Funding, project=project, funder=council, amount_eur=10 * n + 5, owner=world.amb)
    assert queries() == few == 25  # two of them ask whether the distribution and the key figures changed (core.memo)
