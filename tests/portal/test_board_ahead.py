"""The portal's indicator board is drawn ahead of its readers: an approval queues a task that draws it in every
language, and the web server's processes then read it instead of drawing it (core.memo, `shared`)."""

from unittest import mock

from django.test import Client
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from interlocal.core import memo
from interlocal.core.permissions import access_for
from interlocal.portal import board
from interlocal.portal.tasks import draw_indicator_board
from interlocal.results import services
from tests.results.conftest import observe


def test_an_approval_draws_the_public_board_ahead(metro, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    coordinator = metro.world.users["coordinator"]
    observation = observe(metro, "visitors", 0, "2020", 4321, status="submitted", owner=metro.world.own)
    memo.forget()
    with django_capture_on_commit_callbacks(execute=True):  # the task is queued once the approval commits
        services.observations_approve(access=access_for(coordinator), user=coordinator, observations=[observation])
    [queued] = DBTaskResult.objects.ready()
    assert queued.task_path.endswith("portal.tasks.draw_indicator_board")

    draw_indicator_board.call()  # what the worker does
    for shelf in memo._shelves.values():  # a web process: its own memory holds nothing
        shelf.clear()
    # The Catalan request leaves Catalan active in this thread: `override` puts back the language before it.
    with (
        translation.override("en"),
        mock.patch.object(board, "_indicator_board_html", side_effect=AssertionError("drawn again")),
    ):
        english = Client().get("/portal/indicators/")
        catalan = Client(headers={"accept-language": "ca"}).get("/portal/indicators/")
    assert english.status_code == 200 and "Visitors" in english.content.decode()
    assert catalan.status_code == 200 and 'lang="ca"' in catalan.content.decode()


def test_nothing_queued_when_nothing_was_approved(metro, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    coordinator = metro.world.users["coordinator"]
    with django_capture_on_commit_callbacks(execute=True):
        services.observations_approve(access=access_for(coordinator), user=coordinator, observations=[])
    assert not DBTaskResult.objects.exists()
