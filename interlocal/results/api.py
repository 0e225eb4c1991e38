"""The results API: aggregates and territorial equity, computed in the database.

Mounted under /api/v1/results/ (see the integration note); observations,
indicators, targets and counterweights have their generic CRUD endpoints, and
observations their approval workflow here (submit, approve, return).
"""

import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.params import functions as params

from interlocal.core.api.auth import TokenAuth, reader
from interlocal.core.api.crud import ERRORS, ErrorOut
from interlocal.core.permissions import access_for
from interlocal.core.selectors import record_get
from interlocal.territory.models import Territory

from . import services
from .aggregation import aggregate
from .entities import OBSERVATIONS
from .models import Indicator, Observation
from .periods import EARLIEST_YEAR, LATEST_YEAR
from .selectors import default_area, territorial_equity

router = Router(tags=["results"])


class AggregateOut(Schema):
    indicator: str
    territory: str
    aggregation: str
    value: Decimal | None
    unit: str
    present: list[datetime.date]
    missing: list[datetime.date]
    illustrative: bool
    unweighted: bool


class EquityRowOut(Schema):
    territory: str
    value: Decimal | None
    population: int | None
    per_thousand: float | None
    share: float | None
    rank: int | None


class EquityOut(Schema):
    indicator: str
    aggregation: str
    total: Decimal | None  # quantities that add up only
    mean: Decimal | None  # averages: the population-weighted mean; rates: the rate of the sums
    illustrative: bool
    unweighted: bool
    brand_share: float | None
    hoover: float | None
    gini: float | None
    rows: list[EquityRowOut]


def _indicator(request: HttpRequest, key: str) -> Indicator:
    indicator = Indicator.objects.visible_to(access_for(reader(request))).without_many_sets().filter(key=key).first()
    if indicator is None:
        raise Http404("No such indicator.")
    return indicator


# A year outside these bounds is a 422 naming them, before any date is built from it (see periods.LATEST_YEAR).
FirstYear = Annotated[
    int | None,
    params.Query(
        None, ge=EARLIEST_YEAR, le=LATEST_YEAR, description="The span's first year (8 years ago if not given)."
    ),
]
LastYear = Annotated[
    int | None,
    params.Query(None, ge=EARLIEST_YEAR, le=LATEST_YEAR, description="The span's last year (this year if not given)."),
]


class SpanRefused(Exception):
    """A span whose first year comes after its last (a 422)."""


def _span(first: int | None, last: int | None) -> tuple[datetime.date, datetime.date]:
    this_year = datetime.date.today().year  # noqa: DTZ011 - a calendar year
    first, last = first or this_year - 8, last or this_year
    if first > last:
        message = _("The first year (%(first)s) comes after the last (%(last)s).") % {"first": first, "last": last}
        raise SpanRefused(message)
    return datetime.date(first, 1, 1), datetime.date(last, 12, 31)


@router.get("/aggregate", response={200: AggregateOut, **ERRORS}, operation_id="results_aggregate")
def indicator_aggregate(
    request: HttpRequest, indicator: str, territory: str = "", first: FirstYear = None, last: LastYear = None
) -> Any:
    """An indicator's approved values aggregated over a territory (and what it contains) and a span of years."""
    access = access_for(reader(request))
    chosen = _indicator(request, indicator)
    area = Territory.objects.visible_to(access).filter(key=territory).first() if territory else default_area()
    if area is None:
        raise Http404("No such territory.")
    try:
        start, end = _span(first, last)
    except SpanRefused as refused:
        return Status(422, {"detail": str(refused)})
    result = aggregate(access=access, indicator=chosen, within=area, first=start, last=end)
    return AggregateOut(
        indicator=chosen.key, territory=area.key, aggregation=chosen.aggregation, value=result.value,
        unit=chosen.unit, present=result.present, missing=result.missing, illustrative=result.illustrative,
        unweighted=result.unweighted,
    )  # fmt: skip


@router.get("/equity", response={200: EquityOut, **ERRORS}, operation_id="results_equity")
def equity(request: HttpRequest, indicator: str, first: FirstYear = None, last: LastYear = None) -> Any:
    """The indicator per municipality of the metropolis, with the figures its nature allows (see results.equity).

    A total, shares and Gini and Hoover indices for quantities that add up; the population-weighted mean (or the
    rate of the sums) and no total for averages and rates. Values are raw, not formatted.
    """
    chosen = _indicator(request, indicator)
    area = default_area()
    if area is None:
        raise Http404("No metropolis.")
    try:
        start, end = _span(first, last)
    except SpanRefused as refused:
        return Status(422, {"detail": str(refused)})
    result = territorial_equity(
        access=access_for(reader(request)), indicator=chosen, within=area, first=start, last=end
    )
    return EquityOut(
        indicator=chosen.key, aggregation=chosen.aggregation, total=result.total, mean=result.mean,
        illustrative=result.illustrative, unweighted=result.unweighted, brand_share=result.brand_share,
        hoover=result.hoover, gini=result.gini,
        rows=[
            EquityRowOut(territory=r.territory.key, value=r.value, population=r.population,
                         per_thousand=r.per_thousand, share=r.share, rank=r.rank)
            for r in result.rows
        ],
    )  # fmt: skip


class ObservationStatusOut(Schema):
    id: int
    status: str
    review_note: str


class ReturnIn(Schema):
    note: str


WORKFLOW_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _workflow(request: HttpRequest, pk: int, step: Any) -> Any:
    """Run one step of the approval workflow on a value; a step its status does not allow is a 409."""
    access = access_for(request.auth)  # type: ignore[attr-defined]
    observation: Observation = record_get(spec=OBSERVATIONS, access=access, pk=pk)
    try:
        step(access, request.auth, observation)  # type: ignore[attr-defined]
    except ValidationError as error:
        return Status(409, {"detail": " ".join(error.messages)})
    observation.refresh_from_db()
    return Status(200, observation)


@router.post(
    "/observations/{int:pk}/submit",
    auth=TokenAuth(),
    response={200: ObservationStatusOut, **WORKFLOW_ERRORS},
    operation_id="results_observation_submit",
)
def observation_submit(request: HttpRequest, pk: int) -> Any:
    """Submit a draft or returned value for approval."""
    return _workflow(
        request, pk, lambda access, user, o: services.observations_submit(access=access, user=user, observations=[o])
    )


@router.post(
    "/observations/{int:pk}/approve",
    auth=TokenAuth(),
    response={200: ObservationStatusOut, **WORKFLOW_ERRORS},
    operation_id="results_observation_approve",
)
def observation_approve(request: HttpRequest, pk: int) -> Any:
    """Approve a submitted value: a reviewer who neither entered nor submitted it (four eyes), or 403."""
    return _workflow(
        request, pk, lambda access, user, o: services.observations_approve(access=access, user=user, observations=[o])
    )


@router.post(
    "/observations/{int:pk}/return",
    auth=TokenAuth(),
    response={200: ObservationStatusOut, **WORKFLOW_ERRORS},
    operation_id="results_observation_return",
)
def observation_return(request: HttpRequest, pk: int, payload: ReturnIn) -> Any:
    """Return a submitted value to its author, saying why."""
    return _workflow(
        request,
        pk,
        lambda access, user, o: services.observation_return(access=access, user=user, observation=o, note=payload.note),
    )
