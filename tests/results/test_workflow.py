"""The approval workflow: draft → submitted → approved, or returned with a note; only approved values count."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from interlocal.core.permissions import access_for
from interlocal.results import services
from interlocal.results.aggregation import aggregate
from interlocal.results.models import Observation

from .conftest import end, observe, year


def client_for(world, username):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.users[username])
    return client


def test_a_value_counts_only_once_approved(metro) -> None:  # type: ignore[no-untyped-def]
    world = metro.world
    editor, coordinator = world.users["editor"], world.users["coordinator"]
    observation = observe(metro, "visitors", 0, "2020", 10, status="draft", owner=world.own)
    total = lambda: aggregate(  # noqa: E731
        access=access_for(coordinator), indicator=metro.indicators["visitors"], within=metro.area,
        first=year(2020), last=end(2020),
    ).value  # fmt: skip
    assert total() is None
    services.observations_submit(access=access_for(editor), user=editor, observations=[observation])
    assert Observation.objects.get(pk=observation.pk).status == "submitted" and total() is None
    services.observations_approve(access=access_for(coordinator), user=coordinator, observations=[observation])
    observation.refresh_from_db()
    assert observation.status == "approved" and total() == Decimal(10)
    reasons = [h.history_change_reason for h in observation.history.order_by("history_date")]
    assert reasons[-2:] == ["submitted", "approved"]
    assert observation.history.first().history_user == coordinator


def test_return_needs_a_note_and_sends_the_value_back(metro) -> None:  # type: ignore[no-untyped-def]
    world = metro.world
    coordinator = world.users["coordinator"]
    observation = observe(metro, "visitors", 0, "2020", 10, status="submitted", owner=world.own)
    with pytest.raises(ValidationError, match="Say why"):
        services.observation_return(access=access_for(coordinator), user=coordinator, observation=observation, note=" ")
    services.observation_return(
        access=access_for(coordinator), user=coordinator, observation=observation, note="Wrong year"
    )
    observation.refresh_from_db()
    assert (observation.status, observation.review_note) == ("returned", "Wrong year")
    editor = world.users["editor"]
    services.observations_submit(access=access_for(editor), user=editor, observations=[observation])
    assert Observation.objects.get(pk=observation.pk).status == "submitted"


def test_transitions_follow_the_workflow(metro) -> None:  # type: ignore[no-untyped-def]
    coordinator = metro.world.users["coordinator"]
    draft = observe(metro, "visitors", 0, "2020", 10, status="draft")
    with pytest.raises(ValidationError, match="cannot be approved"):
        services.observations_approve(access=access_for(coordinator), user=coordinator, observations=[draft])
    approved = observe(metro, "visitors", 1, "2020", 10)
    with pytest.raises(ValidationError):
        services.observations_submit(access=access_for(coordinator), user=coordinator, observations=[approved])


def test_only_reviewers_approve_and_only_authors_submit(metro) -> None:  # type: ignore[no-untyped-def]
    world = metro.world
    editor, viewer = world.users["editor"], world.users["viewer"]
    own_value = observe(metro, "visitors", 0, "2020", 10, status="submitted", owner=world.own)
    with pytest.raises(PermissionDenied):  # the indicator belongs to the AMB, not to the editor's organisation
        services.observations_approve(access=access_for(editor), user=editor, observations=[own_value])
    others = observe(metro, "visitors", 1, "2020", 10, status="draft", owner=world.other)
    with pytest.raises(PermissionDenied):
        services.observations_submit(access=access_for(editor), user=editor, observations=[others])
    mine = observe(metro, "visitors", 2, "2020", 10, status="draft", owner=world.own)
    with pytest.raises(PermissionDenied):
        services.observations_submit(access=access_for(viewer), user=viewer, observations=[mine])
    assert Observation.objects.filter(status="approved").count() == 0


def test_editing_an_approved_value_sends_it_back_to_draft(metro) -> None:  # type: ignore[no-untyped-def]
    world = metro.world
    observation = observe(metro, "visitors", 0, "2020", 10, owner=world.own)
    response = client_for(world, "editor").post(
        f"/observations/{observation.pk}/edit/",
        {"indicator": metro.indicators["visitors"].pk, "territory": metro.towns[0].pk, "period": "2020",
         "value": "12", "owner": world.own.pk, "visibility": "public", "language": "en"},
    )  # fmt: skip
    assert response.status_code == 302
    observation.refresh_from_db()
    assert (observation.value, observation.status) == (Decimal(12), "draft")


def test_the_form_refuses_a_period_the_indicator_is_not_measured_in(metro) -> None:  # type: ignore[no-untyped-def]
    world = metro.world
    data = {"indicator": metro.indicators["visitors"].pk, "territory": metro.towns[0].pk, "period": "2020-05",
            "value": "12", "owner": world.own.pk, "visibility": "public", "language": "en"}  # fmt: skip
    response = client_for(world, "editor").post("/observations/new/", data)
    assert response.status_code == 400
    assert "measured per year" in str(response.context["form"].errors["period"])
    response = client_for(world, "editor").post("/observations/new/", {**data, "territory": metro.area.pk})
    assert "recorded per municipality" in str(response.context["form"].errors["territory"])
    created = client_for(world, "editor").post("/observations/new/", {**data, "period": "2020"})
    assert created.status_code == 302
    observation = Observation.objects.get(indicator=metro.indicators["visitors"])
    assert (observation.status, observation.entered_by) == ("draft", world.users["editor"])
    duplicate = client_for(world, "editor").post("/observations/new/", {**data, "period": "2020"})
    assert "already exists" in str(duplicate.context["form"].errors["period"])


def test_the_workflow_buttons_on_the_observation_page(metro) -> None:  # type: ignore[no-untyped-def]
    world = metro.world
    observation = observe(metro, "visitors", 0, "2020", 10, status="draft", owner=world.own)
    editor = client_for(world, "editor")
    page = editor.get(observation.get_absolute_url()).content.decode()
    assert "Submit for approval" in page and "Approve" not in page
    editor.post(f"/results/observations/{observation.pk}/workflow/", {"action": "submit"})
    denied = editor.post(f"/results/observations/{observation.pk}/workflow/", {"action": "approve"})
    assert denied.status_code == 403
    coordinator = client_for(world, "coordinator")
    returned = coordinator.post(f"/results/observations/{observation.pk}/workflow/", {"action": "return", "note": ""})
    assert returned.status_code == 302 and Observation.objects.get(pk=observation.pk).status == "submitted"
    coordinator.post(f"/results/observations/{observation.pk}/workflow/", {"action": "approve"})
    assert Observation.objects.get(pk=observation.pk).status == "approved"


def test_the_review_queue_approves_the_chosen_values(metro) -> None:  # type: ignore[no-untyped-def]
    world = metro.world
    values = [observe(metro, "visitors", n, "2020", 10, status="submitted", owner=world.own) for n in range(3)]
    coordinator = client_for(world, "coordinator")
    page = coordinator.get("/results/review/")
    assert page.context["page"].paginator.count == 3
    coordinator.post("/results/review/", {"action": "approve", "observation": [values[0].pk, values[1].pk]})
    coordinator.post("/results/review/", {"action": "return", "observation": [values[2].pk], "note": "Check it"})
    statuses = dict(Observation.objects.values_list("pk", "status"))
    assert [statuses[v.pk] for v in values] == ["approved", "approved", "returned"]
    assert client_for(world, "viewer").get("/results/review/").status_code == 403
