"""A record's form offers the records the reader may see, as they are now: the options of its selects are
remembered for each class of reader (`RecordForm.offer_choices`, `core.widgets.offer_records`) until a record of
their kinds changes; the API and the imports validate on the fields' querysets without reading them."""

import json
import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from interlocal.core import memo, services
from interlocal.core.permissions import SYSTEM
from interlocal.core.widgets import LARGE_CHOICES
from interlocal.diplomacy.models import Agreement
from interlocal.ecosystem.models import Organisation

from .factories import World


def organisation_options(client: Client) -> list[str]:
    page = client.get("/agreements/new/").content.decode()
    select = re.search(r'<select name="organisation"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None, "the organisation is a select"
    return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))


def new_organisation(world: World, name: str, visibility: str) -> Organisation:
    fields = {"key": name.lower().replace(" ", "-"), "name": name, "kind": "ngo", "visibility": visibility}
    return services.record_create(access=SYSTEM, user=None, model=Organisation, fields={**fields, "owner": world.own})


def test_a_forms_options_follow_a_new_record_a_rename_and_who_is_reading(world: World) -> None:
    coordinator, viewer = Client(), Client()
    coordinator.force_login(world.users["coordinator"])
    viewer.force_login(world.users["viewer"])
    assert "Zqnew agency" not in organisation_options(coordinator)  # read once: now remembered

    agency = new_organisation(world, "Zqnew agency", "public")
    assert "Zqnew agency" in organisation_options(coordinator)

    services.record_update(access=SYSTEM, user=None, instance=agency, fields={"name": "Zqrenamed agency"})
    options = organisation_options(coordinator)
    assert "Zqrenamed agency" in options and "Zqnew agency" not in options

    new_organisation(world, "Zqdraft agency", "draft")
    assert "Zqdraft agency" in organisation_options(coordinator)
    # A viewer may not write: the form is refused, and nothing of the draft is shown to them.
    refused = viewer.get("/agreements/new/")
    assert refused.status_code == 403 and "Zqdraft agency" not in refused.content.decode()


def test_a_second_reading_of_a_form_neither_counts_nor_reads_its_records(world: World) -> None:
    client = Client()
    client.force_login(world.users["coordinator"])
    memo.forget()
    with CaptureQueriesContext(connection) as first:
        assert client.get("/agreements/new/").status_code == 200
    with CaptureQueriesContext(connection) as second:
        assert client.get("/agreements/new/").status_code == 200
    organisations = [q["sql"] for q in first.captured_queries if '"ecosystem_organisation"' in q["sql"]]
    assert any(f"LIMIT {LARGE_CHOICES + 1}" in sql for sql in organisations), "the first reading counts them"
    assert len(second) < len(first)
    assert not [q["sql"] for q in second.captured_queries if f"LIMIT {LARGE_CHOICES + 1}" in q["sql"]]


def test_the_api_validates_a_choice_without_reading_the_options(world: World) -> None:
    memo.forget()
    body = {
        "title": "Zqapi agreement",
        "kind": "mou",
        "status": "active",
        "organisation": world.own.pk,
        "owner": world.own.pk,
        "visibility": "public",
        "language": "en",
        "partner_place": world.records["places"].pk,
    }
    with CaptureQueriesContext(connection) as queries:
        response = Client().post(
            "/api/v1/agreements/",
            json.dumps(body),
            content_type="application/json",
            headers={"Authorization": f"Bearer {world.tokens['editor']}"},
        )
    assert response.status_code == 201, response.content
    assert Agreement.objects.get(title="Zqapi agreement").organisation == world.own
    counts = [q["sql"] for q in queries.captured_queries if f"LIMIT {LARGE_CHOICES + 1}" in q["sql"]]
    assert counts == [], "no select's options were counted"
