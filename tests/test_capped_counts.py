"""`paging.capped_counts`: the capped counts of several lists in one query, as `capped_count` gives each."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from interlocal.core.access import ANONYMOUS
from interlocal.core.paging import capped_count, capped_counts
from interlocal.ecosystem.models import Organisation

from .factories import World


def test_several_lists_are_counted_in_one_query_as_each_alone(world: World) -> None:
    organisations = Organisation.objects.all()
    lists = [
        organisations,
        organisations.filter(kind="city_network"),
        organisations.visible_to(ANONYMOUS),
        organisations.filter(memberships__role="member").distinct(),  # a join that may repeat an organisation
        organisations.none(),  # no SQL at all
        organisations.filter(name__startswith="No such name"),
    ]
    for cap in (2, 10_000):
        alone = [capped_count(queryset, cap) for queryset in lists]
        with CaptureQueriesContext(connection) as queries:
            together = capped_counts(lists, cap)
        assert together == alone
        assert len(queries) == 1
    assert capped_counts(lists, 2)[0] == (2, True)  # the world holds more than 2 organisations
    assert capped_counts(lists, 10_000)[4] == (0, False)
    assert capped_counts([organisations.none()]) == [(0, False)]  # nothing to ask the database
