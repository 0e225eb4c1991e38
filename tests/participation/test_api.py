"""The participation API: the generic records (public readers see only public and accepted ones) and the public submission."""

import json

from django.test import Client

from interlocal.participation.models import Contribution
from interlocal.participation.services import contribution_submit

PAYLOAD = {"text": "Researchers need homes near the campuses of the metropolis.", "email": "someone@example.org"}


def _post(client: Client, setting, payload: dict) -> object:  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/participation/consultations/{setting.consultation.pk}/contributions",
        json.dumps(payload),
        content_type="application/json",
    )


def test_public_readers_see_accepted_contributions_only(world, setting) -> None:  # type: ignore[no-untyped-def]
    pending = contribution_submit(consultation=setting.consultation, text="Zqpending contribution text", language="en")
    anonymous = Client().get("/api/v1/contributions/").json()
    assert anonymous == {"items": [], "count": 0, "more": False}
    headers = {"Authorization": f"Bearer {world.tokens['editor']}"}
    (seen,) = Client().get("/api/v1/contributions/", headers=headers).json()["items"]
    assert (seen["id"], seen["moderation"], seen["source"]) == (pending.pk, "pending", "public")
    assert "contact_email" not in seen
    consultations = Client().get("/api/v1/consultations/").json()["items"]
    assert [c["title"] for c in consultations] == ["Barcelona asks about its plan"]


def test_anyone_may_send_a_contribution_through_the_api(world, setting, settings) -> None:  # type: ignore[no-untyped-def]
    settings.INTERLOCAL_CONTRIBUTIONS_PER_HOUR = 3
    client = Client()
    payload = {**PAYLOAD, "sector": setting.transport.pk, "objectives": [setting.objective.pk], "themes": ["climate"]}
    sent = _post(client, setting, payload)
    assert sent.status_code == 202
    contribution = Contribution.objects.get()
    assert (contribution.moderation, contribution.source, contribution.sector) == (
        "pending",
        "public",
        setting.transport,
    )
    assert list(contribution.objectives.all()) == [setting.objective]
    refused = _post(client, setting, {**PAYLOAD, "objectives": [setting.foreign_objective.pk]})
    assert refused.status_code == 422
    assert refused.json()["detail"] == {"objectives": ["Choose objectives of this consultation's plan."]}
    robot = _post(client, setting, {**PAYLOAD, "website": "http://spam.example"})
    assert robot.status_code == 202
    assert Contribution.objects.count() == 1
    assert _post(client, setting, PAYLOAD).status_code == 202  # the third: a refused one spent nothing, a robot's did
    limited = _post(client, setting, PAYLOAD)
    assert limited.status_code == 429 and "you may send 3 contributions an hour" in limited.json()["detail"]
    assert Contribution.objects.count() == 2


def test_a_closed_consultation_takes_nothing_through_the_api(world, setting) -> None:  # type: ignore[no-untyped-def]
    from interlocal.core import services
    from interlocal.core.permissions import SYSTEM

    services.record_update(access=SYSTEM, user=None, instance=setting.consultation, fields={"status": "closed"})
    assert _post(Client(), setting, PAYLOAD).status_code == 404
    assert not Contribution.objects.exists()


def test_the_openapi_document_names_the_participation_operations() -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path in [
        "/api/v1/consultations/",
        "/api/v1/consultation-sessions/",
        "/api/v1/contributions/",
        "/api/v1/participation/consultations/{pk}/contributions",
        "/api/v1/participation/sectors",
    ]:
        assert path in paths, path
