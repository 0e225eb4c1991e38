"""Imports that must end as failed jobs, never as a stuck job or a full worker: caps, NUL bytes, broken work.

Memory is measured, never time: a refused file must not be read into memory first.
"""

import io
import json
import logging
import os
import subprocess
import sys
import textwrap
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.db import connection

from interlocal.core.jobs import job_run
from interlocal.results import imports
from interlocal.results.models import Observation, ObservationImport
from interlocal.results.services import Shared, observations_bulk_create

from .test_imports import GOOD, run, start

ROOT = Path(__file__).resolve().parents[2]
XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="values" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>"
    ),
}


def _inline(text: str) -> str:
    return f'<c t="inlineStr"><is><t>{text}</t></is></c>'


def bomb_xlsx(rows: int) -> bytes:
    """An XLSX whose one sheet repeats the same row `rows` times: a few hundred KB that unzip to hundreds of MB."""
    header = "<row>" + "".join(_inline(name) for name in ("indicator", "territory", "period", "value")) + "</row>"
    row = ("<row>" + _inline("visitors") + _inline("barcelona") + _inline("2020") + "<c><v>1</v></c></row>").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in XLSX_PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main"><sheetData>' + header.encode()
            )
            chunk = row * 10_000
            for _ in range(rows // 10_000):
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bomb") / "two-million-rows.xlsx"
    path.write_bytes(bomb_xlsx(2_000_000))
    return path


@pytest.fixture(scope="module")
def long_sheet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A sheet four times the row cap below: openpyxl scans a sheet without <dimension> whole on opening."""
    path = tmp_path_factory.mktemp("long") / "two-hundred-thousand-rows.xlsx"
    path.write_bytes(bomb_xlsx(200_000))
    return path


def _read_in_a_worker(path: Path, settings: dict[str, int]) -> dict:
    """Read the file as the import does, in a fresh process: what it said, its peak RSS and the ru_maxrss delta."""
    script = textwrap.dedent(
        f"""
        import json, resource, django
        from django.conf import settings
        django.setup()
        for name, value in {settings!r}.items():
            setattr(settings, name, value)
        from interlocal.results.imports import read_table
        from interlocal.core.tabular import TableRefused
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        content = open({str(path)!r}, "rb").read()
        table, errors = read_table("values.xlsx", content)
        rows = 0
        try:
            for _row in table.rows:
                rows += 1
        except TableRefused as refused:
            errors = [str(refused)]
        except AttributeError:
            pass
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        # ru_maxrss survives exec (it starts at the parent's size); VmHWM is this process's own peak.
        peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
        print(json.dumps({{"errors": [str(e) for e in errors], "rows": rows, "rss_kb": peak, "delta_kb": after - before}}))
        """
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    done = subprocess.run(  # noqa: S603 - our own interpreter on our own script
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_small_xlsx_that_unzips_to_two_million_rows_is_refused_from_its_zip_directory(bomb: Path) -> None:
    assert bomb.stat().st_size < 2 * 1024 * 1024
    with zipfile.ZipFile(bomb) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size > 200 * 1024 * 1024
    read = _read_in_a_worker(bomb, {})
    assert read["rows"] == 0 and "unzips to more than 200 MB" in read["errors"][0]
    assert read["rss_kb"] < 300 * 1024, read  # the whole worker, Django included
    print(f"xlsx bomb refused from its directory: peak RSS {read['rss_kb'] // 1024} MB, +{read['delta_kb']} KB")


def test_past_the_size_caps_openpyxl_streams_and_stops_at_the_row_cap(long_sheet: Path) -> None:
    caps = {"IMPORT_MAX_UNCOMPRESSED_BYTES": 10**12, "IMPORT_MAX_COMPRESSION_RATIO": 10**6, "IMPORT_MAX_ROWS": 50_000}
    read = _read_in_a_worker(long_sheet, caps)
    assert read["rows"] == 50_000 and "more than 50,000 rows" in read["errors"][0]
    assert read["rss_kb"] < 300 * 1024, read
    print(f"xlsx read to the row cap: peak RSS {read['rss_kb'] // 1024} MB, +{read['delta_kb'] // 1024} MB")


def test_the_import_job_refuses_the_bomb_with_a_clear_message(metro, bomb: Path) -> None:  # type: ignore[no-untyped-def]
    tracemalloc.start()
    try:
        job = run(metro, bomb.read_bytes(), "values.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert job.status == "failed" and job.finished_at is not None
    assert job.errors == [{"row": 1, "column": "", "message": job.errors[0]["message"]}]
    assert "unzips to more than 200 MB" in job.errors[0]["message"]
    assert peak < 20 * 1024 * 1024, peak
    assert not Observation.objects.exists() and bytes(job.content) == b""
    print(f"xlsx bomb import job: tracemalloc peak {peak // 1024} KB")


def test_a_csv_past_the_row_cap_is_refused_while_streaming(metro, settings) -> None:  # type: ignore[no-untyped-def]
    settings.IMPORT_MAX_ROWS = 10_000
    rows = "".join(f"visitors,barcelona,{1900 + n % 100},{n}\n" for n in range(150_000))
    content = f"indicator,territory,period,value\n{rows}".encode()
    assert len(content) > 4 * 1024 * 1024
    tracemalloc.start()
    try:
        job = run(metro, content)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert job.status == "failed" and "more than 10,000 rows" in job.errors[0]["message"]
    assert job.errors[0]["row"] == 10_001
    assert peak < 60 * 1024 * 1024, peak  # the file itself (4 MB) and at most 10,000 rows, not 150,000
    assert not Observation.objects.exists()
    print(f"csv past the row cap: tracemalloc peak {peak // (1024 * 1024)} MB for a {len(content) // 1024} KB file")


def test_a_nul_byte_in_a_cell_is_refused_naming_its_row_on_every_database(metro) -> None:  # type: ignore[no-untyped-def]
    content = "indicator,territory,period,value,source\nvisitors,barcelona,2020,100,census\nvisitors,middle,2020,5,cen\x00sus\n"
    job = run(metro, content.encode())
    assert job.status == "failed" and job.error.startswith("The file was refused: 1 problem.")
    assert job.errors == [
        {"row": 3, "column": "source", "message": "The cell holds a NUL character (0x00): remove it."}
    ]
    assert not Observation.objects.exists()


def test_an_unexpected_error_rolls_back_what_was_written_and_fails_the_job(metro, monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    def write_then_break(**kwargs):  # type: ignore[no-untyped-def]
        observations_bulk_create(**kwargs)
        assert Observation.objects.count() == 3  # written, inside the job's transaction
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(imports, "observations_bulk_create", write_then_break)
    with caplog.at_level(logging.ERROR, logger="interlocal.core.jobs"):
        job = run(metro, GOOD.encode())
    assert job.status == "failed" and job.finished_at is not None
    assert job.error == "An unexpected error stopped the job: the disk is on fire. Nothing was saved."
    assert not Observation.objects.exists() and bytes(job.content) == b""
    assert "RuntimeError: the disk is on fire" in caplog.text  # the traceback is logged
    job.refresh_from_db()
    assert job.status == "failed"  # written outside the work's transaction


def test_an_unexpected_error_while_checking_names_its_row(metro, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    check = imports.RowChecker.check

    def break_at_row_3(self, number, *cells):  # type: ignore[no-untyped-def]
        if number == 3:
            raise KeyError("lost")
        return check(self, number, *cells)

    monkeypatch.setattr(imports.RowChecker, "check", break_at_row_3)
    job = run(metro, GOOD.encode())
    assert job.status == "failed" and "stopped the job at row 3: 'lost'" in job.error


def test_a_database_error_in_the_work_fails_the_job_readably(metro) -> None:  # type: ignore[no-untyped-def]
    """A value the database itself refuses ends the job failed, readably, with nothing written.

    On PostgreSQL a NUL character (the import's own NUL check bypassed: psycopg refuses the string);
    SQLite stores NUL, so there the same value twice breaks the unique constraint instead.
    """
    job = start(metro, GOOD.encode())
    indicator, territory = metro.indicators["visitors"], metro.area
    value = (indicator.pk, territory.pk, "year", __import__("datetime").date(2020, 1, 1), 1, "", "census")
    postgresql = connection.vendor == "postgresql"
    values = [(*value[:-1], "cen\x00sus")] if postgresql else [value, value]

    def work(run: ObservationImport) -> dict:
        shared = Shared(owner_id=run.owner_id, visibility="internal", entered_by_id=run.user_id, import_run_id=run.pk)
        observations_bulk_create(
            access=imports.access_for(run.user), user=run.user, shared=shared, values=values, reason="t"
        )
        return {}

    job = job_run(job=job, work=work)
    assert job.status == "failed" and job.error.endswith("Nothing was saved.")
    assert ("NUL" if postgresql else "UNIQUE") in job.error
    assert not Observation.objects.exists()
