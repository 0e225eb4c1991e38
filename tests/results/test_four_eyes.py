"""Four eyes: no one approves a value they entered or submitted, unless a one-person office switches it off."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.test import Client

from interlocal.core.models import ApiToken, Role, UserRole
from interlocal.core.permissions import access_for
from interlocal.results import services
from interlocal.results.models import Observation
from interlocal.results.periods import parse_period

from .conftest import Metro, observe


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def reviewer(metro: Metro):  # type: ignore[no-untyped-def]
    """A second reviewer: an editor of the AMB, which owns the indicators."""
    user = get_user_model().objects.create_user(username="reviewer", password="pw-reviewer")
    UserRole.objects.create(user=user, organisation=metro.world.amb, role=Role.EDITOR)
    return user


def entered_by(metro: Metro, user, town: int = 0) -> Observation:  # type: ignore[no-untyped-def]
    """A value the user entered, then submitted by the editor of its owning organisation."""
    kind, start = parse_period("2020")
    observation = services.observation_create(
        access=access_for(user),
        user=user,
        fields={
            "indicator": metro.indicators["visitors"], "territory": metro.towns[town], "period_kind": kind,
            "period_start": start, "value": 10, "breakdown": "", "owner": metro.world.amb, "visibility": "public",
        },
    )  # fmt: skip
    submitter = get_user_model().objects.filter(username="reviewer").first() or reviewer(metro)
    services.observations_submit(access=access_for(submitter), user=submitter, observations=[observation])
    return Observation.objects.get(pk=observation.pk)


def submitted_by(metro: Metro, user, town: int = 1) -> Observation:  # type: ignore[no-untyped-def]
    """A value entered by no one (an import by the platform) and submitted by the user."""
    observation = observe(metro, "visitors", town, "2020", 10, status="draft", owner=metro.world.amb)
    services.observations_submit(access=access_for(user), user=user, observations=[observation])
    return Observation.objects.get(pk=observation.pk)


def test_the_service_refuses_the_enterer_and_the_submitter_and_lets_another_reviewer_approve(metro) -> None:  # type: ignore[no-untyped-def]
    coordinator = metro.world.users["coordinator"]
    mine = entered_by(metro, coordinator)
    sent = submitted_by(metro, coordinator)
    assert (mine.entered_by, sent.submitted_by) == (coordinator, coordinator)
    with pytest.raises(PermissionDenied, match="You entered"):
        services.observations_approve(access=access_for(coordinator), user=coordinator, observations=[mine])
    with pytest.raises(PermissionDenied, match="You submitted"):
        services.observations_approve(access=access_for(coordinator), user=coordinator, observations=[sent])
    assert Observation.objects.filter(status="approved").count() == 0
    other = get_user_model().objects.get(username="reviewer")
    services.observations_approve(access=access_for(other), user=other, observations=[sent])
    assert Observation.objects.get(pk=sent.pk).status == "approved"


def test_the_observation_page_refuses_self_approval_with_a_message(metro) -> None:  # type: ignore[no-untyped-def]
    coordinator = metro.world.users["coordinator"]
    client = client_for(coordinator)
    for observation, hand in [
        (entered_by(metro, coordinator), "entered"),
        (submitted_by(metro, coordinator), "submitted"),
    ]:
        page = client.get(observation.get_absolute_url()).content.decode()
        assert f"You {hand} this value, so someone else approves it (four eyes)." in page
        assert 'value="approve"' not in page
        response = client.post(f"/results/observations/{observation.pk}/workflow/", {"action": "approve"}, follow=True)
        assert f"You {hand} “{observation}”: someone else has to approve it (four eyes)." in response.content.decode()
        assert Observation.objects.get(pk=observation.pk).status == "submitted"


def test_the_review_queue_shows_who_entered_and_submitted_and_does_not_offer_ones_own(metro) -> None:  # type: ignore[no-untyped-def]
    coordinator = metro.world.users["coordinator"]
    mine = entered_by(metro, coordinator)
    sent = submitted_by(metro, coordinator)
    other = get_user_model().objects.get(username="reviewer")
    theirs = submitted_by(metro, other, town=2)
    client = client_for(coordinator)
    page = client.get("/results/review/").content.decode()
    assert page.count("Yours: another reviewer approves it") == 2
    assert f'value="{theirs.pk}"' in page and f'value="{mine.pk}"' not in page and f'value="{sent.pk}"' not in page
    assert (
        "<td>coordinator</td><td>reviewer</td>" in page and "<td>—</td><td>coordinator</td>" in page
    )  # entered, submitted
    response = client.post("/results/review/", {"action": "approve", "observation": [mine.pk, theirs.pk]}, follow=True)
    assert "Nothing was approved." in response.content.decode()
    assert set(Observation.objects.values_list("status", flat=True)) == {"submitted"}  # all or nothing
    client.post("/results/review/", {"action": "approve", "observation": [theirs.pk]})
    assert Observation.objects.get(pk=theirs.pk).status == "approved"


def test_the_api_refuses_self_approval_with_403_and_its_message(metro) -> None:  # type: ignore[no-untyped-def]
    world = metro.world
    coordinator = world.users["coordinator"]
    headers = {"Authorization": f"Bearer {world.tokens['coordinator']}"}
    for observation, hand in [
        (entered_by(metro, coordinator), "entered"),
        (submitted_by(metro, coordinator), "submitted"),
    ]:
        response = Client().post(f"/api/v1/results/observations/{observation.pk}/approve", headers=headers)
        assert response.status_code == 403
        assert response.json()["detail"] == f"You {hand} “{observation}”: someone else has to approve it (four eyes)."
        assert Observation.objects.get(pk=observation.pk).status == "submitted"
    other = get_user_model().objects.get(username="reviewer")
    raw = ApiToken.new_raw_token()
    ApiToken.objects.create(user=other, name="test", digest=ApiToken.digest_for(raw))
    approved = Client().post(
        f"/api/v1/results/observations/{observation.pk}/approve", headers={"Authorization": f"Bearer {raw}"}
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    again = Client().post(
        f"/api/v1/results/observations/{observation.pk}/approve", headers={"Authorization": f"Bearer {raw}"}
    )
    assert again.status_code == 409 and "cannot be approved" in again.json()["detail"]


def test_with_four_eyes_off_the_author_approves_and_history_says_so(metro, settings) -> None:  # type: ignore[no-untyped-def]
    settings.INTERLOCAL_FOUR_EYES = False
    coordinator = metro.world.users["coordinator"]
    mine = entered_by(metro, coordinator)
    sent = submitted_by(metro, coordinator)
    client = client_for(coordinator)
    assert 'value="approve"' in client.get(mine.get_absolute_url()).content.decode()
    client.post(f"/results/observations/{mine.pk}/workflow/", {"action": "approve"})
    response = Client().post(
        f"/api/v1/results/observations/{sent.pk}/approve",
        headers={"Authorization": f"Bearer {metro.world.tokens['coordinator']}"},
    )
    assert response.status_code == 200
    for observation in (mine, sent):
        latest = Observation.objects.get(pk=observation.pk).history.latest("history_date")
        assert latest.status == "approved" and latest.history_user == coordinator
        assert latest.history_change_reason == "approved by its own author (four eyes off)"
    other_reviewer = get_user_model().objects.get(username="reviewer")
    third = submitted_by(metro, other_reviewer, town=2)
    services.observations_approve(access=access_for(coordinator), user=coordinator, observations=[third])
    assert third.history.latest("history_date").history_change_reason == "approved"  # not the author: as usual
