"""The portal's background tasks: the annual report, and the indicator board drawn ahead of its readers."""

from django.conf import settings
from django.utils import translation
from django_tasks import task

from .board import indicator_board
from .report import generate


@task()
def generate_annual_report(report_id: int) -> None:
    generate(report_id)


@task()
def draw_indicator_board() -> None:
    """The public indicator board in each language, drawn after values changed (`results.signals.values_changed`)
    and kept for every web process (core.memo, `shared`): its first reader does not wait the seconds of drawing it
    (15 on SQLite at ten million values)."""
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            indicator_board()


def draw_board_ahead(**kwargs: object) -> None:
    """The receiver of `results.signals.values_changed`."""
    draw_indicator_board.enqueue()
