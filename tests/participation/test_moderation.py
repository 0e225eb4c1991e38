"""Contributions from the public: who reads them before moderation, who moderates, what moderation records."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from interlocal.core.permissions import ANONYMOUS, access_for
from interlocal.participation.models import Contribution
from interlocal.participation.services import contribution_moderate, contribution_respond, contribution_submit


def _submit(setting, text: str = "Researchers need homes near the campuses of the metropolis.") -> Contribution:  # type: ignore[no-untyped-def]
    return contribution_submit(
        consultation=setting.consultation,
        text=text,
        sector=setting.transport,
        objectives=[setting.objective],
        organisation="Campus residents",
        email="someone@example.org",
        language="en",
    )


def test_a_pending_contribution_is_read_only_by_its_moderators(world, setting) -> None:  # type: ignore[no-untyped-def]
    pending = _submit(setting)
    assert (pending.moderation, pending.visibility, pending.owner) == ("pending", "public", world.own)
    readers = {
        name: Contribution.objects.visible_to(access_for(user)).filter(pk=pending.pk).exists()
        for name, user in [*world.users.items(), ("stranger", setting.stranger)]
    }
    # The owner's editor and the coordinators moderate; the owner's viewer, another editor and the public do not read it.
    assert readers == {"anonymous": False, "coordinator": True, "editor": True, "viewer": False, "stranger": False}
    assert not pending.is_visible_to(ANONYMOUS)
    assert Client().get(pending.get_absolute_url()).status_code == 404
    assert Client().get(f"/api/v1/contributions/{pending.pk}").status_code == 404


def test_another_organisations_editor_cannot_moderate(world, setting) -> None:  # type: ignore[no-untyped-def]
    pending = _submit(setting)
    stranger = access_for(setting.stranger)
    with pytest.raises(PermissionDenied):
        contribution_moderate(access=stranger, user=setting.stranger, contribution=pending, accept=True)
    client = Client()
    client.force_login(setting.stranger)
    response = client.post(f"/contributions/{pending.pk}/moderate/", {"decision": "accept"})
    assert response.status_code == 404  # not even told it exists
    pending.refresh_from_db()
    assert pending.moderation == "pending"


def test_accepting_links_what_it_changed_and_publishes_it(world, setting) -> None:  # type: ignore[no-untyped-def]
    pending = _submit(setting)
    editor = world.users["editor"]
    accepted = contribution_moderate(
        access=access_for(editor),
        user=editor,
        contribution=pending,
        accept=True,
        changed_objective=setting.objective,
        changed_action_line=setting.line,
        response="The housing line now names researchers.",
    )
    assert (accepted.moderation, accepted.changed_action_line, accepted.response) == (
        "accepted",
        setting.line,
        "The housing line now names researchers.",
    )
    assert Contribution.objects.visible_to(ANONYMOUS).filter(pk=pending.pk).exists()
    latest = accepted.history.first()
    assert (latest.history_user, latest.history_change_reason) == (editor, "accepted from the moderation queue")
    with pytest.raises(ValidationError):  # moderated once
        contribution_moderate(access=access_for(editor), user=editor, contribution=accepted, accept=False)


def test_a_rejected_contribution_stays_out_of_every_list_and_cannot_be_answered(world, setting) -> None:  # type: ignore[no-untyped-def]
    editor = world.users["editor"]
    rejected = contribution_moderate(
        access=access_for(editor), user=editor, contribution=_submit(setting), accept=False
    )
    assert rejected.moderation == "rejected"
    assert not Contribution.objects.visible_to(access_for(world.users["viewer"])).exists()
    with pytest.raises(ValidationError):
        contribution_respond(
            access=access_for(editor),
            user=editor,
            contribution=rejected,
            changed_objective=setting.objective,
            changed_action_line=None,
            response="No",
        )


def test_a_closed_or_non_public_consultation_takes_no_contribution(world, setting) -> None:  # type: ignore[no-untyped-def]
    from interlocal.core import services
    from interlocal.core.permissions import SYSTEM

    consultation = setting.consultation
    services.record_update(access=SYSTEM, user=None, instance=consultation, fields={"status": "closed"})
    with pytest.raises(PermissionDenied):
        _submit(setting)
    services.record_update(
        access=SYSTEM, user=None, instance=consultation, fields={"status": "open", "visibility": "draft"}
    )
    with pytest.raises(PermissionDenied):
        _submit(setting)
    assert not Contribution.objects.exists()


def test_objectives_of_another_plan_are_refused(world, setting) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        contribution_submit(
            consultation=setting.consultation,
            text="A contribution about another plan entirely.",
            objectives=[setting.foreign_objective],
            language="en",
        )
    assert not Contribution.objects.exists()


def test_the_moderation_queue_links_a_contribution_to_an_action_line_of_the_plan(world, setting) -> None:  # type: ignore[no-untyped-def]
    pending = _submit(setting)
    client = Client()
    client.force_login(world.users["editor"])
    queue = client.get("/contributions/moderation/").content.decode()
    assert "Researchers need homes" in queue and "someone@example.org" in queue
    assert "Gavà objective" not in queue  # only the plan's objectives are offered
    prefix = f"c{pending.pk}"
    wrong = client.post(
        f"/contributions/{pending.pk}/moderate/",
        {"decision": "accept", f"{prefix}-changed_objective": setting.other_objective.pk,
         f"{prefix}-changed_action_line": setting.line.pk},
    )  # fmt: skip
    assert wrong.status_code == 302
    pending.refresh_from_db()
    assert pending.moderation == "pending"  # the line is not of that objective: nothing changed
    client.post(
        f"/contributions/{pending.pk}/moderate/",
        {"decision": "accept", f"{prefix}-changed_objective": setting.objective.pk, f"{prefix}-response": "Done."},
    )
    pending.refresh_from_db()
    assert (pending.moderation, pending.changed_objective, pending.response) == ("accepted", setting.objective, "Done.")


def test_the_queue_reads_the_plans_objectives_once_whatever_its_length(world, setting) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.users["editor"])

    def queue_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page = client.get("/contributions/moderation/").content.decode()
        assert page.count('name="decision"') >= Contribution.objects.filter(moderation="pending").count()
        return len(captured)

    _submit(setting)
    one = queue_queries()
    for n in range(4):
        _submit(setting, text=f"Another need, number {n}, of the researchers.")
    assert queue_queries() == one


def test_only_editors_and_coordinators_open_the_queue(world, setting) -> None:  # type: ignore[no-untyped-def]
    viewer = Client()
    viewer.force_login(world.users["viewer"])
    assert viewer.get("/contributions/moderation/").status_code == 403
    assert Client().get("/contributions/moderation/").status_code == 302  # to the login page


def test_the_search_finds_a_contribution_once_accepted(world, setting) -> None:  # type: ignore[no-untyped-def]
    from interlocal.knowledge.services import search_index_rebuild

    pending = _submit(setting, text="Zqsearchword researchers need homes near the campuses.")
    search_index_rebuild()
    assert "Zqsearchword" not in Client().get("/search/", {"q": "zqsearchword"}).content.decode()
    editor = world.users["editor"]
    contribution_moderate(access=access_for(editor), user=editor, contribution=pending, accept=True)
    search_index_rebuild()
    assert "Zqsearchword" in Client().get("/search/", {"q": "zqsearchword"}).content.decode()
