"""Four eyes count who last changed a value: a reviewer who edits or restores a value cannot approve it."""

import json
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.test import Client

from interlocal.core.models import ApiToken, Role, UserRole
from interlocal.core.permissions import access_for
from interlocal.results import services
from interlocal.results.models import Observation

from .conftest import Metro
from .test_four_eyes import client_for, entered_by, reviewer


def bearer_for(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    raw = ApiToken.new_raw_token()
    ApiToken.objects.create(user=user, name="test", digest=ApiToken.digest_for(raw))
    return {"Authorization": f"Bearer {raw}"}


def form_data(metro: Metro, observation: Observation, value: str) -> dict[str, object]:
    return {
        "indicator": observation.indicator_id, "territory": observation.territory_id, "period": "2020",
        "value": value, "owner": observation.owner_id, "visibility": "public", "language": "en",
    }  # fmt: skip


def test_the_service_refuses_a_reviewer_who_edited_the_value(metro) -> None:  # type: ignore[no-untyped-def]
    x = metro.world.users["coordinator"]
    r = reviewer(metro)
    value = entered_by(metro, x)
    services.observation_update(access=access_for(r), user=r, instance=value, fields={"value": Decimal(99)})
    value = Observation.objects.get(pk=value.pk)
    assert (value.status, value.entered_by, value.submitted_by) == ("draft", r, None)
    services.observations_submit(access=access_for(x), user=x, observations=[value])
    with pytest.raises(PermissionDenied, match="You entered"):
        services.observations_approve(access=access_for(r), user=r, observations=[Observation.objects.get(pk=value.pk)])
    assert Observation.objects.get(pk=value.pk).status == "submitted"


def test_the_page_refuses_a_reviewer_who_edited_the_value(metro) -> None:  # type: ignore[no-untyped-def]
    x = metro.world.users["coordinator"]
    r = reviewer(metro)
    value = entered_by(metro, x)
    edited = client_for(r).post(f"/observations/{value.pk}/edit/", form_data(metro, value, "99"))
    assert edited.status_code == 302
    client_for(x).post(f"/results/observations/{value.pk}/workflow/", {"action": "submit"})
    assert Observation.objects.get(pk=value.pk).status == "submitted"
    response = client_for(r).post(f"/results/observations/{value.pk}/workflow/", {"action": "approve"}, follow=True)
    assert "someone else has to approve it (four eyes)" in response.content.decode()
    assert Observation.objects.get(pk=value.pk).status == "submitted"


def test_the_api_refuses_a_reviewer_who_edited_the_value(metro) -> None:  # type: ignore[no-untyped-def]
    x = metro.world.users["coordinator"]
    r = reviewer(metro)
    value = entered_by(metro, x)
    as_r, as_x = bearer_for(r), {"Authorization": f"Bearer {metro.world.tokens['coordinator']}"}
    patched = Client().patch(
        f"/api/v1/observations/{value.pk}", json.dumps({"value": "99", "period": "2020"}),
        content_type="application/json", headers=as_r,
    )  # fmt: skip
    assert patched.status_code == 200, patched.content.decode()[:1000]
    assert Client().post(f"/api/v1/results/observations/{value.pk}/submit", headers=as_x).status_code == 200
    refused = Client().post(f"/api/v1/results/observations/{value.pk}/approve", headers=as_r)
    assert refused.status_code == 403 and "You entered" in refused.json()["detail"]
    assert Observation.objects.get(pk=value.pk).status == "submitted"


def test_a_restored_approved_version_comes_back_as_a_draft_of_the_restorer(metro) -> None:  # type: ignore[no-untyped-def]
    x = metro.world.users["coordinator"]
    r = reviewer(metro)
    value = entered_by(metro, x)  # 10, entered by X, submitted by R
    third = get_user_model().objects.create_user(username="third", password="pw-third")
    UserRole.objects.create(user=third, organisation=metro.world.amb, role=Role.EDITOR)
    services.observations_approve(access=access_for(third), user=third, observations=[value])
    approved = Observation.objects.get(pk=value.pk).history.latest("history_date")
    assert approved.status == "approved"
    services.observation_update(
        access=access_for(x), user=x, instance=Observation.objects.get(pk=value.pk), fields={"value": Decimal(11)}
    )
    restore = client_for(r).post(f"/observations/{value.pk}/history/", {"history_id": approved.history_id})
    assert restore.status_code == 302
    value = Observation.objects.get(pk=value.pk)
    assert value.value == Decimal(10)  # the value comes back, its approval does not
    assert (value.status, value.submitted_by, value.entered_by, value.review_note) == ("draft", None, r, "")
    services.observations_submit(access=access_for(x), user=x, observations=[value])
    with pytest.raises(PermissionDenied, match="You entered"):
        services.observations_approve(access=access_for(r), user=r, observations=[Observation.objects.get(pk=value.pk)])
