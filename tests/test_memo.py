"""core.memo: a computation is read again while its data is unchanged, computed again after a write, and only the
value of the latest version is kept (a large registry's findings must not pile up, one copy per write)."""

from interlocal.core import memo, services
from interlocal.core.permissions import ANONYMOUS, SYSTEM
from interlocal.diplomacy.models import Agreement

from .factories import World


def test_a_write_replaces_what_was_remembered(world: World) -> None:
    memo.forget()
    computed: list[int] = []

    def titles() -> list[str]:
        def compute() -> list[str]:
            computed.append(1)
            return sorted(Agreement.objects.visible_to(ANONYMOUS).values_list("title", flat=True))

        return memo.memoised("test-titles", ANONYMOUS, (Agreement,), compute)

    before = titles()
    assert titles() == before and len(computed) == 1  # remembered
    agreement = Agreement.objects.visible_to(ANONYMOUS).order_by("pk").first()
    assert agreement is not None and agreement.title in before
    services.record_update(access=SYSTEM, user=None, instance=agreement, fields={"visibility": "draft"})
    assert agreement.title not in titles() and len(computed) == 2
    assert len(memo._shelves[memo.FIGURES]) == 1  # the figures of the older data were let go


def test_a_shared_figure_is_computed_once_for_every_process(world: World) -> None:
    """A `shared` figure is kept in the "figures" cache too: a process that has not computed it (here, this one with
    its own memory emptied) reads it there, until a write changes its data."""
    memo.forget()
    computed: list[int] = []

    def drawn() -> str:
        def draw() -> str:
            computed.append(1)
            return ", ".join(sorted(Agreement.objects.visible_to(ANONYMOUS).values_list("title", flat=True)))

        return memo.memoised("test-drawn", ANONYMOUS, (Agreement,), draw, shared=True)

    before = drawn()
    for shelf in memo._shelves.values():  # another process: its own memory holds nothing
        shelf.clear()
    assert drawn() == before and len(computed) == 1
    agreement = Agreement.objects.visible_to(ANONYMOUS).order_by("pk").first()
    assert agreement is not None and agreement.title in before
    services.record_update(access=SYSTEM, user=None, instance=agreement, fields={"visibility": "draft"})
    assert agreement.title not in drawn() and len(computed) == 2
