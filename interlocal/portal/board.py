"""The portal's indicator board: every public indicator's progress over the default span, drawn once for every web
process and ahead of its readers (`tasks.draw_indicator_board`)."""

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from interlocal.core.memo import memoised
from interlocal.core.permissions import ANONYMOUS
from interlocal.results.selectors import PROGRESS_READS_FROM, default_span

from . import provenance, sections


def _indicator_board() -> tuple[sections.IndicatorBoard | None, set[int]]:
    board = sections.indicators(ANONYMOUS)
    illustrative: set[int] = set()
    if board is not None:
        shown = [e.attraction for e in board.ledger] + [c.cost for e in board.ledger for c in e.counterweights]
        shown += [item.indicator for item in board.others]
        illustrative = provenance.illustrative_indicators(
            ANONYMOUS, shown, within=board.area, first=board.first, last=board.last
        )
    return board, illustrative


def _indicator_board_html() -> SafeString:
    board, illustrative = _indicator_board()
    context = {"board": board, "illustrative_indicators": illustrative}
    return render_to_string("portal/sections/indicators.html", context)  # safe: drawn by our template


def indicator_board() -> SafeString:
    """Every public indicator's progress over the default span, drawn in the active language: it aggregates all their
    values (ten million in the bench: 15 s on SQLite, 5 s on PostgreSQL), so it is remembered until a value, a target
    or an indicator changes, for every process of the machine (core.memo, `shared`), and drawn ahead by a task after
    values change (`tasks.draw_indicator_board`). What is remembered is the board as drawn: drawing the bench's 483
    indicators took longer than the rest of the page."""
    return memoised(
        "portal_indicators", ANONYMOUS, PROGRESS_READS_FROM, _indicator_board_html, default_span(), shared=True
    )
