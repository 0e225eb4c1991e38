"""The rankings app's kinds of record, registered for the generic pages and the API."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from interlocal.core.entities import Column, EntitySpec, Related, register

from .forms import EditionForm, PositionForm, RankingForm
from .models import Edition, Position, Ranking
from .selectors import SIDES, chart_rows, ranking_editions, sides


def _ranking_context(record: Ranking, access: Any) -> dict[str, Any]:
    rows = ranking_editions(access=access, ranking=record)
    side = sides({p.territory.pk for row in rows for p in row.positions if p.territory.pk is not None})
    indicator = record.indicator if record.indicator is not None and record.indicator.is_visible_to(access) else None
    return {
        "editions": [(row.edition, [(p, SIDES[side.get(p.territory.pk, "")]) for p in row.positions]) for row in rows],
        "charted": bool(chart_rows(rows, side)),
        "illustrative": any(r.edition.illustrative or any(p.illustrative for p in r.positions) for r in rows),
        "chart_url": reverse("rankings:ranking-chart", args=[record.pk]),
        "indicator": indicator,
    }


RANKINGS = register(
    EntitySpec(
        key="rankings",
        model=Ranking,
        form_class=RankingForm,
        columns=[
            Column(_("Ranking"), "name", sort="name", link=True),
            Column(_("Publisher"), "publisher_label", sort="publisher_name"),
            Column(_("Places ranked"), "places_ranked", sort="places_ranked"),
            Column(_("Owner"), "owner", sort="owner__name"),
        ],
        search_fields=["name", "key", "publisher_name", "publisher__name", "better_means", "description"],
        filter_fields=["publisher", "language"],
        default_sort="name",
        select_related=["publisher", "indicator"],
        detail_fields=[
            "key",
            "name",
            "publisher",
            "publisher_name",
            "methodology_url",
            "better_means",
            "places_ranked",
            "description",
            "indicator",
            "language",
            "citation",
        ],  # fmt: skip
        related=[Related(_("Editions"), "ranking-editions", "ranking", create_param="ranking")],
        api_fields=[
            "id",
            "key",
            "name",
            "publisher",
            "publisher_name",
            "methodology_url",
            "better_means",
            "places_ranked",
            "description",
            "indicator",
        ],  # fmt: skip
        detail_template="rankings/ranking_detail.html",
        detail_context=_ranking_context,
    )
)

EDITIONS = register(
    EntitySpec(
        key="ranking-editions",
        model=Edition,
        form_class=EditionForm,
        columns=[
            Column(_("Edition"), "__str__", link=True),
            Column(_("Ranking"), "ranking", sort="ranking__name"),
            Column(_("Year"), "year", sort="year"),
            Column(_("Published on"), "published_on", sort="published_on"),
            Column(_("Places ranked"), "places_ranked", sort="places_ranked"),
        ],
        search_fields=["ranking__name", "label", "source", "notes"],
        filter_fields=["ranking", "year", "language"],
        default_sort="-year",
        select_related=["ranking"],
        detail_fields=["ranking", "year", "published_on", "label", "places_ranked", "source", "notes", "citation"],
        related=[Related(_("Positions"), "ranking-positions", "edition", create_param="edition")],
        api_fields=["id", "ranking", "year", "published_on", "label", "places_ranked", "source", "notes"],
    )
)

POSITIONS = register(
    EntitySpec(
        key="ranking-positions",
        model=Position,
        form_class=PositionForm,
        columns=[
            Column(_("Territory"), "territory", sort="territory__name", link=True),
            Column(_("Position"), "position", sort="position"),
            Column(_("Edition"), "edition", sort="edition__year"),
            Column(_("Source"), "source"),
        ],
        search_fields=["territory__name", "edition__ranking__name", "source"],
        filter_fields=["edition", "territory"],
        default_sort="position",
        select_related=["edition__ranking", "territory"],
        detail_fields=["edition", "territory", "position", "source", "citation"],
        api_fields=["id", "edition", "territory", "position", "source"],
    )
)
