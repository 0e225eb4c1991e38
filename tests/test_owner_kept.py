"""An editor edits their own organisation's record, registered by another, without changing its owner."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from interlocal.core import services
from interlocal.core.permissions import access_for
from interlocal.ecosystem.models import Organisation


def editor_client(world) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.users["editor"])
    return client


def form_data(form) -> dict:  # type: ignore[no-untyped-def, type-arg]
    return {field.name: "" if field.value() is None else field.value() for field in form}


def test_the_page_keeps_the_owner_the_editor_could_not_choose(world) -> None:  # type: ignore[no-untyped-def]
    council = world.own  # Barcelona City Council, registered (owned) by the AMB; the editor works there
    assert council.owner == world.amb
    client = editor_client(world)
    url = f"/organisations/{council.pk}/edit/"
    form = client.get(url).context["form"]
    owners = list(form.fields["owner"].queryset)
    assert world.amb in owners and world.own in owners and world.other not in owners
    assert form["owner"].value() == world.amb.pk  # shown as it is

    saved = client.post(url, {**form_data(form), "acronym": "BCN"})
    assert saved.status_code == 302, saved.content.decode()[:3000]
    council.refresh_from_db()
    assert (council.acronym, council.owner) == ("BCN", world.amb)

    form = client.get(url).context["form"]
    given_away = client.post(url, {**form_data(form), "owner": world.other.pk})
    assert given_away.status_code == 400 and "owner" in given_away.context["form"].errors
    council.refresh_from_db()
    assert council.owner == world.amb


def test_a_new_record_still_offers_only_the_editors_organisations(world) -> None:  # type: ignore[no-untyped-def]
    owners = list(editor_client(world).get("/organisations/new/").context["form"].fields["owner"].queryset)
    assert owners == [world.own]


def test_the_api_keeps_the_owner_and_refuses_giving_the_record_away(world) -> None:  # type: ignore[no-untyped-def]
    council = world.own
    headers = {"Authorization": f"Bearer {world.tokens['editor']}"}
    kept = Client().patch(
        f"/api/v1/organisations/{council.pk}", json.dumps({"acronym": "BCN"}), content_type="application/json",
        headers=headers,
    )  # fmt: skip
    assert kept.status_code == 200, kept.content.decode()
    assert kept.json()["owner"] == world.amb.pk and kept.json()["acronym"] == "BCN"
    refused = Client().patch(
        f"/api/v1/organisations/{council.pk}", json.dumps({"owner": world.other.pk}),
        content_type="application/json", headers=headers,
    )  # fmt: skip
    assert refused.status_code == 422 and "owner" in refused.json()["detail"]
    council.refresh_from_db()
    assert council.owner == world.amb


def test_the_service_needs_the_new_owners_rights_only_when_the_owner_changes(world) -> None:  # type: ignore[no-untyped-def]
    editor = world.users["editor"]
    council = Organisation.objects.get(pk=world.own.pk)
    services.record_update(access=access_for(editor), user=editor, instance=council, fields={"owner": world.amb})
    with pytest.raises(PermissionDenied):
        services.record_update(access=access_for(editor), user=editor, instance=council, fields={"owner": world.other})
    assert Organisation.objects.get(pk=council.pk).owner == world.amb


def test_the_editor_restores_an_earlier_version_of_the_councils_record(world) -> None:  # type: ignore[no-untyped-def]
    client = editor_client(world)
    url = f"/organisations/{world.own.pk}/edit/"
    client.post(url, {**form_data(client.get(url).context["form"]), "acronym": "BCN"})
    first = world.own.history.earliest("history_date")
    restored = client.post(f"/organisations/{world.own.pk}/history/", {"history_id": first.history_id})
    assert restored.status_code == 302
    world.own.refresh_from_db()
    assert world.own.acronym == "" and world.own.owner == world.amb
