"""The observation list and the review queue read a page's ids first, then those rows (`paging.rows_by_ids`).

What a reader sees must not change: the same values, in the same order, on the same pages, and never one they
may not read. The plans these two steps make possible are checked in tests/test_query_plans.py.
"""

from django.http import QueryDict
from django.test import Client

from interlocal.core.access import ANONYMOUS
from interlocal.core.paging import CappedPaginator, rows_by_ids
from interlocal.core.selectors import record_list
from interlocal.core.visibility import HIDDEN
from interlocal.results.entities import OBSERVATIONS
from interlocal.results.models import Observation, ObservationStatus
from interlocal.territory.models import Territory

from ..factories import make
from .conftest import observe


def values_of(page) -> list[int]:  # type: ignore[no-untyped-def]
    return [observation.pk for observation in page.object_list]


def test_the_observation_list_pages_show_the_values_newest_first(metro) -> None:  # type: ignore[no-untyped-def]
    draft = None
    for town in range(3):
        for year in range(2001, 2013):
            status = "draft" if (town, year) == (1, 2010) else "approved"
            observation = observe(metro, "visitors", town, str(year), town * 100 + year - 2000, status=status)
            draft = observation if status == "draft" else draft
    approved = Observation.objects.filter(status=ObservationStatus.APPROVED).order_by("-period_start", "pk")
    expected = list(approved.values_list("pk", flat=True))
    assert len(expected) == 35

    client = Client()
    first, second = (client.get("/observations/", {"page": n}).context["page"] for n in (1, 2))
    assert values_of(first) + values_of(second) == expected  # 25, then 10: the draft on neither
    assert first.paginator.count == 35 and not first.paginator.capped
    assert first.object_list[0].territory.name == "Big"  # read with its joins

    oldest_first = client.get("/observations/", {"sort": "period_start"}).context["page"]
    assert values_of(oldest_first) == list(approved.order_by("period_start", "pk").values_list("pk", flat=True))[:25]

    exported = b"".join(client.get("/observations/", {"format": "csv"}).streaming_content).decode()
    assert exported.count("\n") == 1 + 35  # a header, then every approved value: not the draft

    client.force_login(metro.world.users["coordinator"])
    assert draft.pk in values_of(client.get("/observations/", {"page": 1}).context["page"])


def test_the_review_queue_counts_up_to_its_cap(metro, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(CappedPaginator, "cap", 2)
    submitted = [observe(metro, "visitors", town, "2020", town + 1, status="submitted") for town in range(3)]
    client = Client()
    client.force_login(metro.world.users["coordinator"])
    page = client.get("/results/review/")
    assert "More than 2 values waiting" in page.content.decode()
    assert values_of(page.context["page"]) == [submitted[0].pk, submitted[1].pk]  # the oldest first

    monkeypatch.setattr(CappedPaginator, "cap", 10)
    assert "3 values waiting" in client.get("/results/review/").content.decode()
    # The count is remembered (core.memo) until a value changes: approving one leaves two.
    client.post("/results/review/", {"observation": [submitted[0].pk], "action": "approve"})
    assert "2 values waiting" in client.get("/results/review/").content.decode()


def test_a_page_read_by_ids_still_hides_the_related_records_the_reader_may_not_see(metro) -> None:  # type: ignore[no-untyped-def]
    """The rows are read again by id alone (`RecordQuerySet.unfiltered`): the reader goes with them."""
    hidden = make(Territory, key="zq", name="Zqhidden", kind="municipality", country="ES", parent=metro.area,
                  owner=metro.world.other, visibility="draft")  # fmt: skip
    shown = observe(metro, "visitors", 0, "2020", 5)
    Observation.objects.filter(pk=shown.pk).update(territory=hidden)
    listing = record_list(spec=OBSERVATIONS, access=ANONYMOUS, params=QueryDict())
    [row] = rows_by_ids(listing.queryset, 0, 25)
    assert row.pk == shown.pk and row.territory is HIDDEN
    assert "Zqhidden" not in Client().get("/observations/").content.decode()
