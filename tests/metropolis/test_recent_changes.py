"""The dashboard's recent changes: one row per record, naming who made the latest change."""

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from interlocal.core import services
from interlocal.core.permissions import SYSTEM, Access, access_for
from interlocal.ecosystem.models import Organisation
from interlocal.metropolis.dashboard import recent_changes

from ..factories import World, make


def _rows(page: str) -> list[list[str]]:
    section = page[page.index("<h2>Recent changes</h2>") :]
    body = section[section.index("<tbody>") : section.index("</tbody>")]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_each_record_is_one_row_naming_the_latest_author_and_counting_its_changes(world: World) -> None:
    editor = world.users["editor"]
    editor.first_name, editor.last_name = "Núria", "Puig"
    editor.save()
    agency = world.records["organisations"]  # "Agency own", created by a system job (the test world)
    access = access_for(editor)
    for description in ("One", "Two", "Three"):
        services.record_update(access=access, user=editor, instance=agency, fields={"description": description})

    client = Client()
    client.force_login(world.users["coordinator"])
    rows = _rows(client.get("/").content.decode())

    agency_rows = [row for row in rows if row[0].startswith("Agency own")]
    assert len(agency_rows) == 1  # created, then edited three times: one row
    assert agency_rows[0][1:3] == ["Núria Puig", "4"]
    assert len(rows) == len({row[0] for row in rows})  # no record twice
    assert rows[0][0].startswith("Agency own")  # the latest change first


def test_a_record_changed_only_by_system_jobs_says_system(world: World) -> None:
    changes = {row.record.pk: row for row in recent_changes(SYSTEM, limit=100) if isinstance(row.record, Organisation)}
    assert changes[world.network.pk].user is None and changes[world.network.pk].changes == 1


def test_anonymous_readers_see_no_history(world: World) -> None:
    assert "Recent changes" not in Client().get("/").content.decode()


def test_recent_changes_leave_out_what_the_reader_may_not_see(world: World) -> None:
    hidden = make(Organisation, key="draft-org", name="Draft organisation", kind="ngo", owner=world.other,
                  visibility="draft")  # fmt: skip
    viewer = access_for(world.users["viewer"])  # a viewer of Barcelona City Council
    assert hidden.pk not in {
        row.record.pk for row in recent_changes(viewer, limit=100) if isinstance(row.record, Organisation)
    }
    assert hidden.pk in {
        row.record.pk for row in recent_changes(SYSTEM, limit=100) if isinstance(row.record, Organisation)
    }


def _queries(access: Access) -> int:
    with CaptureQueriesContext(connection) as queries:
        recent_changes(access)
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_history(world: World) -> None:
    agency = world.records["organisations"]
    access = access_for(world.users["coordinator"])
    services.record_update(access=SYSTEM, user=world.users["editor"], instance=agency, fields={"acronym": "A"})
    before = _queries(access)
    for n in range(12):
        services.record_update(access=SYSTEM, user=world.users["editor"], instance=agency, fields={"acronym": f"A{n}"})
    # The data's version (core.memo); per kind the history grouped by record (8 kinds); the records as they are
    # now, with their prefetched relations, for the kinds among the ten latest rows; then the authors.
    assert _queries(access) == before == 27


def test_which_records_changed_last_is_remembered_until_a_record_changes(world: World) -> None:
    agency = world.records["organisations"]
    access = access_for(world.users["coordinator"])
    before = {row.record.pk: row.changes for row in recent_changes(access, limit=100) if row.record == agency}
    recent_changes(access)
    again = _queries(access)  # the data's version, the records as they are now and their authors
    assert again < 27 - 8
    services.record_update(access=SYSTEM, user=world.users["editor"], instance=agency, fields={"acronym": "New"})
    changed = recent_changes(access)
    assert changed[0].record.pk == agency.pk and changed[0].record.acronym == "New"
    assert changed[0].changes == before[agency.pk] + 1
