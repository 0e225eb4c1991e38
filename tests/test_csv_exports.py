"""Every CSV and XLSX export through one writer (core.csvfiles): same columns, no runnable formulas, BOM for spreadsheets."""

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import Workbook, load_workbook

from interlocal.benchmark.models import Profile
from interlocal.core.csvfiles import BOM, cell, csv_text, sheet_cell
from interlocal.ecosystem.models import Organisation
from interlocal.results.models import Indicator
from tests.factories import World, make

PAYLOADS = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(A1)"]
NEUTRALISED = {"'" + payload for payload in PAYLOADS}


def _rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def _content(response) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def planted(world: World) -> list[Organisation]:
    return [
        make(Organisation, key=f"formula-{n}", name=payload, kind="ngo", country="ES", owner=world.own)
        for n, payload in enumerate(PAYLOADS)
    ]


def test_cells_a_spreadsheet_would_run_are_neutralised_numbers_are_not() -> None:
    assert [cell(text) for text in ("=1+1", "+x", "-x", "@x", "\tx", "\rx")] == [
        "'=1+1", "'+x", "'-x", "'@x", "'\tx", "'\rx",
    ]  # fmt: skip
    assert cell(Decimal("-3.5")) == Decimal("-3.5") and cell(-2) == -2 and cell("-3.5") == "-3.5"
    assert (cell(None), cell(True), cell("Vallès")) == ("", "true", "Vallès")
    assert csv_text(["name"], [["a"], ["b"]]) == "name\r\na\r\nb\r\n"


def test_an_xlsx_cell_keeps_the_text_and_runs_nothing() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([sheet_cell(value) for value in [*PAYLOADS, None, -3.5]])
    buffer = io.BytesIO()
    book.save(buffer)
    row = next(load_workbook(buffer).active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert row == (*[f"'{payload}" for payload in PAYLOADS], None, -3.5)


def test_the_list_export_neutralises_formulas_and_opens_in_a_spreadsheet(planted: list[Organisation]) -> None:
    response = Client().get("/organisations/?format=csv")
    content = _content(response)
    assert content.startswith(BOM.encode()) and response["Content-Type"] == "text/csv; charset=utf-8"
    names = {row["name"] for row in _rows(content)}
    assert names >= NEUTRALISED and not set(PAYLOADS) & names
    assert b"\r\n" in content and b"\n" not in content.replace(b"\r\n", b"")


def test_the_portal_file_neutralises_formulas_too_and_its_spreadsheet_copy_has_a_bom(
    planted: list[Organisation],
) -> None:
    client = Client()
    content = client.get("/portal/data/organisations.csv").getvalue()
    assert not content.startswith(BOM.encode())  # the package's file, for programs
    assert client.get("/portal/data/spreadsheet/organisations.csv").getvalue() == BOM.encode() + content
    assert client.get("/portal/data/spreadsheet/castles.csv").status_code == 404
    names = {row["name"] for row in _rows(content)}
    assert names >= NEUTRALISED and not set(PAYLOADS) & names


@pytest.mark.parametrize("key", ["organisations", "agreements", "people", "projects", "fundings"])
def test_the_list_export_and_the_portal_file_have_the_same_columns(world: World, key: str) -> None:
    client = Client()
    listed = _content(client.get(f"/{key}/?format=csv")).decode("utf-8-sig").splitlines()[0]
    published = client.get(f"/portal/data/{key}.csv").getvalue().decode().splitlines()[0]
    assert listed == published
    assert "owner_id,owner," in listed and "archived_at" in listed and "notes" not in listed


def test_a_related_record_is_exported_by_id_and_by_name(world: World) -> None:
    agreement = world.records["agreements"]
    rows = _rows(_content(Client().get("/agreements/?format=csv")))
    row = next(r for r in rows if r["id"] == str(agreement.pk))
    assert (row["organisation_id"], row["organisation"]) == (str(world.own.pk), "Barcelona City Council")
    assert (row["partner_place_id"], row["partner_place"]) == (str(agreement.partner_place_id), "Place own (FR)")


def test_the_comparison_export_neutralises_a_profile_name(world: World) -> None:
    profile = make(
        Profile, key="formula", name=PAYLOADS[0], territory=world.records["territories"], country="ES", owner=world.own
    )
    response = Client().get("/benchmark/compare/", {"p": profile.key, "format": "csv"})
    assert response.content.startswith(BOM.encode())
    assert [row["name"] for row in _rows(response.content)] == [f"'{PAYLOADS[0]}"]


def test_the_observations_template_neutralises_an_indicator_key(world: World) -> None:
    make(Indicator, key=PAYLOADS[2], name="Formula", kind="outcome", unit="units", polarity="higher_better",
         aggregation="sum", periodicity="year", territorial_level="metropolis", owner=world.own)  # fmt: skip
    response = Client().get("/results/import/template.csv")
    assert response.content.startswith(BOM.encode())
    assert [row["indicator"] for row in _rows(response.content)] == [f"'{PAYLOADS[2]}"]
