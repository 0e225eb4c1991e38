"""The public portal and the annual report as a reader sees them, in English, Catalan and Spanish.

A sweep over every page of the portal's URL conf (with real ids) and over the annual report (HTML and
the text of its PDF): no number of 10,000 or more without its thousand separators, and every page
that shows an illustrative value says so with the word "illustrative" in the reader's language.
"""

import csv
import datetime
import io
import json
import re
import shutil
import subprocess
import zipfile
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from interlocal.benchmark.models import Profile
from interlocal.core import services
from interlocal.core.permissions import SYSTEM
from interlocal.diplomacy.models import Agreement, Engagement, Membership, PartnerPlace
from interlocal.ecosystem.models import UnitYear
from interlocal.knowledge.models import Practice
from interlocal.portal import urls as portal_urls
from interlocal.portal.figures import share_text
from interlocal.portal.models import AnnualReport
from interlocal.portal.report import generate
from interlocal.projects.models import Funding, Project
from interlocal.results.models import Counterweight, Observation, Target
from interlocal.territory.models import Territory
from tests.factories import make
from tests.results.conftest import Metro, metro, observe  # noqa: F401  (metro: a fixture, shared)

THIS_YEAR = datetime.date.today().year  # noqa: DTZ011 - the portal looks at the last eight calendar years
YEAR = THIS_YEAR - 1  # the year of the report
LANGUAGES = ["en", "ca", "es"]
# "illustrative" in the reader's language: il·lustratiu, il·lustratius, il·lustrativa; ilustrativo, ilustrativa...
ILLUSTRATIVE = {"en": "illustrative", "ca": "il·lustrati", "es": "ilustrativ"}
# A run of five or more digits that is not the decimal part of a number: 10,000 or more without separators.
UNGROUPED = re.compile(r"(?<![\d.,'\u00a0\u202f])\d{5,}")
# Tokens that are not figures: URLs, e-mail addresses, times, dates, identifiers and codes.
NOT_A_FIGURE = re.compile(r"[/:@#_=]|^\d{4}-\d{2}-\d{2}|^[A-Z]{2,}-?\d")


class VisibleText(HTMLParser):
    """The text a reader sees: text nodes outside <script>, <style> and <template>."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template"):
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def ungrouped_numbers(text: str) -> list[str]:
    """The figures of 10,000 or more written without thousand separators (identifiers, codes, URLs aside)."""
    found = []
    for token in text.split():
        if not NOT_A_FIGURE.search(token):
            found += UNGROUPED.findall(token)
    return found


def says_illustrative(text: str, language: str) -> bool:
    return ILLUSTRATIVE[language] in text.lower()


def pdf_text(pdf: bytes) -> str:
    """The PDF's text as pdftotext (poppler-utils) reads it, pages separated by form feeds."""
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed to read the PDF"
    return subprocess.run(  # noqa: S603 - a fixed command on bytes we produced
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def _illustrative(record: Any) -> Any:
    return services.record_update(access=SYSTEM, user=None, instance=record, fields={"illustrative": True})


@pytest.fixture
def reported(metro: Metro) -> dict[str, Any]:  # noqa: F811 - the fixture imported above
    """A metropolis with large figures, some of them illustrative, on every page of the portal."""
    world = metro.world
    amb = make(Territory, key="amb", name="AMB", kind="metropolis", country="ES", owner=world.amb)
    gava = make(Territory, key="gava", name="Gavà", kind="municipality", country="ES", parent=amb, owner=world.amb)
    city = make(Territory, key="amb-city", name="City", kind="municipality", country="ES", parent=amb, owner=world.amb)
    services.record_update(access=SYSTEM, user=None, instance=world.other, fields={"territory": gava})
    services.record_update(access=SYSTEM, user=None, instance=world.own, fields={"territory": city})
    services.record_update(access=SYSTEM, user=None, instance=world.amb, fields={"territory": amb})
    make(
        Profile, key="amb-profile", name="AMB", territory=amb, country="ES", owner=world.amb,
        cooperation_budget_eur=12_500_000, total_budget_eur=1_000_000_000, citation="Seminar report, section 3",
    )  # fmt: skip
    make(
        UnitYear, unit=world.records["units"], year=YEAR, staff=12, budget_eur=1_750_000, owner=world.own,
        illustrative=True,
    )  # fmt: skip
    project = make(
        Project, title="Climate shelters", kind="cooperation", lead=world.other, owner=world.other,
        budget_eur=Decimal("5665000"), start_on=datetime.date(YEAR, 2, 1), illustrative=True,
        citation="Illustrative data generator",
    )  # fmt: skip
    make(Funding, project=project, funder=world.network, amount_eur=Decimal("30000000"), owner=world.other,
         illustrative=True)  # fmt: skip
    for day in range(1, 4):
        make(
            Engagement, title=f"Delegation {day}", kind="incoming_delegation", start_on=datetime.date(YEAR, 3, day),
            owner=world.other, participants=[world.other], illustrative=True,
        )  # fmt: skip
    make(Membership, organisation=world.own, network=world.network, role="presidency", owner=world.own,
         start_on=datetime.date(YEAR - 3, 1, 1), illustrative=True)  # fmt: skip
    place = make(PartnerPlace, name="Sister city", country="MA", latitude=35.7, longitude=-5.8, owner=world.own)
    make(Agreement, organisation=world.own, partner_place=place, title="Sister cities", kind="twinning",
         signed_on=datetime.date(YEAR, 6, 1), owner=world.own, illustrative=True)  # fmt: skip
    make(Practice, title="Shared heat plan", summary="A plan", owner=world.own, started_on=datetime.date(YEAR, 1, 1),
         illustrative=True)  # fmt: skip
    make(Counterweight, attraction=metro.indicators["visitors"], cost=metro.indicators["rent"],
         rationale="Tourism pushes rents up", owner=world.amb, citation="Seminar report, section 5")  # fmt: skip
    for town, visitors, rent in [(0, "15250000", "1234.5"), (1, "4750000", "980"), (2, "1000000", "875.25")]:
        for year, growth in [(YEAR - 1, 1), (YEAR, Decimal("1.1"))]:
            for key, value in [("visitors", Decimal(visitors) * growth), ("rent", Decimal(rent) * growth)]:
                _illustrative(observe(metro, key, town, str(year), str(value)))
    make(Target, indicator=metro.indicators["visitors"], territory=metro.area, kind="target",
         period_kind="year", period_start=datetime.date(THIS_YEAR + 2, 1, 1), value=Decimal("40000000"),
         owner=world.amb, illustrative=True)  # fmt: skip
    assert Observation.objects.filter(illustrative=True, status="approved").count() == 12
    return {"project": project, "visitors": metro.indicators["visitors"], "rent": metro.indicators["rent"]}


def _portal_urls(reported: dict[str, Any], report: AnnualReport) -> dict[str, str]:
    """Every named URL of the portal, with real ids."""
    project, visitors = reported["project"], reported["visitors"]
    kwargs: dict[str, dict[str, Any]] = {
        "project-short": {"pk": project.pk},
        "project": {"pk": project.pk, "slug": "climate-shelters"},
        "indicator-short": {"pk": visitors.pk},
        "indicator": {"pk": visitors.pk, "slug": "visitors"},
        "indicator-trend": {"pk": visitors.pk},
        "indicator-ledger": {"pk": visitors.pk},
        "report": {"pk": report.pk},
        "report-pdf": {"pk": report.pk},
        "data-file": {"key": "projects", "fmt": "csv"},
        "data-spreadsheet": {"key": "projects"},
    }
    names = [p.name for p in portal_urls.urlpatterns if p.name]
    return {name: reverse(f"portal:{name}", kwargs=kwargs.get(name)) for name in names}


# Pages of HTML for a reader; the others are machine-readable (charts, CSV, JSON, the data package, the PDF).
MACHINE = {
    "indicator-trend",
    "indicator-ledger",
    "report-pdf",
    "datapackage",
    "datapackage-zip",
    "data-file",
    "data-spreadsheet",
    "theme",  # the stylesheet of the instance's colours
}
# Pages that show no figure of a record: links, forms and lists of kinds of record.
NO_FIGURES = {"report-request", "data"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_portal_page_groups_its_thousands_and_labels_illustrative_values(reported, language: str) -> None:  # type: ignore[no-untyped-def]
    report = generate(AnnualReport.objects.create(year=YEAR, language=language).pk)
    client = Client(headers={"accept-language": language})
    urls = _portal_urls(reported, report)
    assert {"project", "indicator", "report", "report-pdf"} <= set(urls)  # every named URL of the portal
    for name, url in urls.items():
        if name in MACHINE:
            continue
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert response.headers["Content-Language"] == language, url
        text = visible_text(response.content.decode())
        assert ungrouped_numbers(text) == [], (language, url)
        if name not in NO_FIGURES:
            assert says_illustrative(text, language), (language, url)


@pytest.mark.parametrize(("language", "thousands"), [("en", ","), ("ca", "."), ("es", ".")])
def test_charts_use_the_readers_separators_and_say_they_are_illustrative(reported, language, thousands) -> None:  # type: ignore[no-untyped-def]
    client = Client(headers={"accept-language": language})
    for name in ("indicator-trend", "indicator-ledger"):
        spec = client.get(reverse(f"portal:{name}", kwargs={"pk": reported["visitors"].pk})).json()
        assert spec["config"]["locale"]["number"]["thousands"] == thousands
        assert says_illustrative(spec["title"], language)


def test_open_data_keeps_raw_values_and_its_illustrative_column(reported) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    rows = csv.DictReader(io.StringIO(client.get("/portal/data/projects.csv").getvalue().decode()))
    shelters = next(row for row in rows if "Climate shelters" in row["title"])
    assert shelters["illustrative"] == "true" and shelters["budget_eur"] == "5665000.00"
    package = zipfile.ZipFile(io.BytesIO(client.get("/portal/data/datapackage.zip").getvalue()))
    resources = {r["name"]: r for r in json.loads(package.read("datapackage.json"))["resources"]}
    field = next(f for f in resources["projects"]["schema"]["fields"] if f["name"] == "illustrative")
    assert field["type"] == "boolean" and field["description"] == "Generated example data, not a cited fact."


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_annual_report_and_every_page_of_its_pdf(reported, language: str) -> None:  # type: ignore[no-untyped-def]
    report = generate(AnnualReport.objects.create(year=YEAR, language=language).pk)
    assert report.status == "succeeded", report.error
    html = visible_text(report.html)
    assert ungrouped_numbers(html) == []
    assert says_illustrative(html, language)
    text = pdf_text(bytes(report.pdf))
    assert ungrouped_numbers(text) == []
    pages = [page for page in text.split("\f") if page.strip()]
    assert len(pages) >= 2 and all(says_illustrative(page, language) for page in pages)  # the running footer


def test_the_report_reads_as_people_write_it(reported) -> None:  # type: ignore[no-untyped-def]
    """Hand-written expected sentences: plurals, whole counts, currency, the sources and method."""
    english = generate(AnnualReport.objects.create(year=YEAR, language="en").pk).html
    assert "0 outgoing missions" in english  # (the world's two of May 2024 are the year before's, or older)
    assert f"3 incoming delegations, 3 more than in {YEAR - 1}." in english
    # the world's two projects have no dates, so they were under way the year before too
    assert f"3 projects under way, 1 more than in {YEAR - 1}." in english
    assert "Their budget is €5,665,000, with €30,000,200 of recorded funds." in english
    assert f"1 agreement signed, 1 more than in {YEAR - 1}." in english
    assert "The cooperation budget is 1.25% of the total budget, against a commitment of 0.7%." in english
    assert "€1,750,000" in english  # the unit's budget
    sources = english.split('id="sources"')[1]
    assert "Seminar report, section 3" in sources and "Illustrative data generator" in sources
    spanish = generate(AnnualReport.objects.create(year=YEAR, language="es").pk).html
    assert "5.665.000\xa0€" in spanish and "30.000.200\xa0€" in spanish


def test_a_page_of_facts_only_carries_no_label(world, home) -> None:  # type: ignore[no-untyped-def]
    listing = visible_text(Client().get("/portal/projects/").content.decode())
    assert "Project own" in listing and not says_illustrative(listing, "en")


@pytest.mark.parametrize(
    ("value", "language", "text"),
    [
        ("0.045", "en", "0.045%"),  # a small share is not rounded to 0%
        ("0.200", "en", "0.2%"),
        ("1.25", "en", "1.25%"),
        ("33.3333", "en", "33.33%"),
        ("0.045", "ca", "0,045\xa0%"),
        ("12.5", "es", "12,5\xa0%"),
    ],
)
def test_a_share_keeps_its_small_decimals(value: str, language: str, text: str) -> None:
    with translation.override(language):
        assert share_text(Decimal(value)) == text
