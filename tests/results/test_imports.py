"""Imports of observations: all or nothing, every faulty row named, run as a background task."""

import io

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult
from openpyxl import Workbook

from interlocal.core.permissions import access_for
from interlocal.results.imports import MAX_BYTES, observations_import_run
from interlocal.results.jobs import observations_import_start
from interlocal.results.models import Observation, ObservationImport
from interlocal.results.tasks import run_observation_import

GOOD = 'indicator,territory,period,value,source\nvisitors,barcelona,2020,100,census\nvisitors,middle,2020,"1,5",\nrent,0100,2021,900.5,\n'


def start(metro, content: bytes, filename: str = "values.csv", user: str = "editor"):  # type: ignore[no-untyped-def]
    world = metro.world
    owner = world.own if user == "editor" else world.amb
    person = world.users[user]
    return observations_import_start(
        access=access_for(person), user=person, owner=owner, filename=filename, content=content
    )


def run(metro, content: bytes, filename: str = "values.csv") -> ObservationImport:  # type: ignore[no-untyped-def]
    return observations_import_run(import_id=start(metro, content, filename).pk)


def test_a_good_csv_creates_drafts_with_their_provenance(metro) -> None:  # type: ignore[no-untyped-def]
    result = run(metro, GOOD.encode())
    assert (result.status, result.errors, result.created_count) == ("succeeded", [], 3)
    values = {
        (o.indicator.key, o.territory.key): o for o in Observation.objects.select_related("indicator", "territory")
    }
    assert str(values[("visitors", "middle")].value) == "1.5000"  # a decimal comma
    small = values[("rent", "small")]  # found by its official code
    assert (small.status, small.import_run, small.entered_by, small.owner) == (
        "draft", result, metro.world.users["editor"], metro.world.own,
    )  # fmt: skip
    assert values[("visitors", "barcelona")].source == "census"
    assert small.history.get().history_change_reason == "imported from values.csv"
    created = Observation.history.filter(import_run=result, history_type="+")
    assert sorted(h.id for h in created) == sorted(o.pk for o in values.values())  # one entry per value
    assert {h.history_user for h in created} == {metro.world.users["editor"]}
    assert result.percent == 100 and result.done == result.total == 3
    assert result.filename == "values.csv" and bytes(result.content) == b""  # the name stays, the file is not kept


def test_a_good_xlsx_with_semicolons_numbers_and_blank_rows(metro) -> None:  # type: ignore[no-untyped-def]
    book = Workbook()
    sheet = book.active
    sheet.append(["Indicator", "Territory", "Period", "Value"])
    sheet.append(["visitors", "barcelona", 2020, 100])
    sheet.append([None, None, None, None])
    sheet.append(["quarterly", "small", "2020-Q3", 2.25])
    buffer = io.BytesIO()
    book.save(buffer)
    result = run(metro, buffer.getvalue(), "values.xlsx")
    assert (result.status, result.created_count) == ("succeeded", 2), result.errors
    semicolons = run(metro, b"indicator;territory;period;value\nvisitors;small;2021;7\n")
    assert semicolons.created_count == 1


def test_spaces_around_cells_are_ignored_and_rows_of_spaces_are_blank(metro) -> None:  # type: ignore[no-untyped-def]
    content = (
        " indicator , territory ,period, value,breakdown, source\n"
        " visitors , barcelona , 2020 , 100 , women , census \n"
        "  ,  , ,  , ,\n"  # blank
        "visitors,Middle,2020, 1 500,,\n"  # thousands written with a space
        " visitors , atlantis , 2020 , lots ,,\n"  # row 5: named without its spaces
    )
    result = run(metro, content.encode())
    assert [(e["row"], e["column"], e["message"]) for e in result.errors] == [
        (5, "territory", "Unknown territory “atlantis”."),
        (5, "value", "“lots” is not a number."),
    ]
    fixed = run(metro, content.rsplit("\n", 2)[0].encode() + b"\n")
    assert (fixed.status, fixed.created_count, fixed.total) == ("succeeded", 2, 3), fixed.errors
    values = {o.territory.key: o for o in Observation.objects.select_related("territory")}
    assert (values["barcelona"].breakdown, values["barcelona"].source, str(values["barcelona"].value)) == (
        "women", "census", "100.0000",
    )  # fmt: skip
    assert str(values["middle"].value) == "1500.0000"


BAD_ROWS = (
    "indicator,territory,period,value\n"
    "visitors,barcelona,2020,100\n"  # fine
    "visitors,atlantis,2020,5\n"  # row 3: unknown territory
    "tourists,barcelona,2020,5\n"  # row 4: unknown indicator
    "visitors,middle,2020,lots\n"  # row 5: not a number
    "visitors,small,2020-05,5\n"  # row 6: a month for a yearly indicator
    "visitors,metro,2020,5\n"  # row 7: the metropolis for a municipal indicator
    "visitors,barcelona,2020,7\n"  # row 8: the same as row 2
    "visitors,small,20x0,NaN\n"  # row 9: two faults
)


def test_every_faulty_row_is_named_and_nothing_is_written(metro) -> None:  # type: ignore[no-untyped-def]
    result = run(metro, BAD_ROWS.encode())
    assert result.status == "failed" and result.created_count == 0
    found = [(e["row"], e["column"]) for e in result.errors]
    assert found == [
        (3, "territory"), (4, "indicator"), (5, "value"), (6, "period"), (7, "territory"), (8, "period"),
        (9, "period"), (9, "value"),
    ]  # fmt: skip
    messages = {(e["row"], e["column"]): e["message"] for e in result.errors}
    assert "Unknown territory “atlantis”" in messages[(3, "territory")]
    assert "“lots” is not a number" in messages[(5, "value")]
    assert "already in row 2" in messages[(8, "period")]
    assert Observation.objects.count() == 0


def test_wrong_columns_are_refused(metro) -> None:  # type: ignore[no-untyped-def]
    result = run(metro, b"indicator,place,period,valor\nvisitors,barcelona,2020,1\n")
    assert [(e["row"], e["column"]) for e in result.errors] == [
        (1, "place"),
        (1, "valor"),
        (1, "territory"),
        (1, "value"),
    ]
    assert "Unknown column “valor” (column 4)" in result.errors[1]["message"]
    assert Observation.objects.count() == 0


def test_wrong_encoding_names_the_rows(metro) -> None:  # type: ignore[no-untyped-def]
    content = "indicator,territory,period,value,source\nvisitors,barcelona,2020,1,Ajuntament\nvisitors,middle,2020,2,Estadística\nvisitors,small,2020,3,Gavà\n"
    result = run(metro, content.encode("latin-1"))
    assert [e["row"] for e in result.errors] == [3, 4]
    assert "Not UTF-8" in result.errors[0]["message"] and "save the file as UTF-8" in result.errors[0]["message"]
    assert Observation.objects.count() == 0


def test_a_damaged_xlsx_and_an_existing_value_are_refused(metro) -> None:  # type: ignore[no-untyped-def]
    damaged = run(metro, b"PK\x03\x04 not really a workbook", "values.xlsx")
    assert damaged.status == "failed" and "not a readable XLSX" in damaged.errors[0]["message"]
    assert run(metro, GOOD.encode()).status == "succeeded"
    again = run(metro, GOOD.encode())
    assert again.status == "failed" and {e["row"] for e in again.errors} == {2, 3, 4}
    assert "already exists" in again.errors[0]["message"]
    assert Observation.objects.count() == 3


def test_size_limit_and_permissions(metro) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(ValidationError, match="larger than"):
        start(metro, b"x" * (MAX_BYTES + 1))
    viewer = metro.world.users["viewer"]
    with pytest.raises(PermissionDenied):
        observations_import_start(
            access=access_for(viewer), user=viewer, owner=metro.world.own, filename="v.csv", content=GOOD.encode()
        )
    assert ObservationImport.objects.count() == 0


def test_the_import_page_queues_a_task_the_worker_runs(metro, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    client.force_login(metro.world.users["editor"])
    with django_capture_on_commit_callbacks(execute=True):  # the task is queued once the upload commits
        response = client.post(
        "/results/import/",
            {"file": SimpleUploadedFile("values.csv", GOOD.encode(), "text/csv"), "owner": metro.world.own.pk,
             "visibility": "public"},
        )  # fmt: skip
    assert response.status_code == 302
    run_ = ObservationImport.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in page and "Queued" in page
    # The queued task, run as the worker would (the worker itself runs in tests/browser/test_results_import.py:
    # here it would close the connection that holds this test's transaction on PostgreSQL).
    [queued] = DBTaskResult.objects.ready()
    assert queued.task_path.endswith("run_observation_import") and queued.args_kwargs["args"] == [run_.pk]
    run_observation_import.call(*queued.args_kwargs["args"])
    partial = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "every 1s" not in partial and "3 values were saved as drafts" in partial
    client.post(f"/results/import/{run_.pk}/submit/")
    assert set(Observation.objects.values_list("status", flat=True)) == {"submitted"}
    bad = client.post(
        "/results/import/", {"file": SimpleUploadedFile("values.pdf", b"%PDF"), "owner": metro.world.own.pk}
    )
    assert bad.status_code == 400 and "Upload a .csv or .xlsx file" in bad.content.decode()


def test_the_template_lists_every_indicator_ready_to_import(metro) -> None:  # type: ignore[no-untyped-def]
    response = Client().get("/results/import/template.csv")
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8's byte-order mark, for spreadsheet programs
    lines = response.content.decode().splitlines()
    assert lines[0] == "\ufeffindicator,territory,period,value,breakdown,source"
    keys = {line.split(",")[0] for line in lines[1:]}
    assert keys == set(metro.indicators) - {"share"}  # a ratio is computed, not imported
    filled = "\n".join(line.replace(",,,", ",1,,", 1) for line in lines) + "\n"
    assert run(metro, filled.encode()).status == "succeeded"
