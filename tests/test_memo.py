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
