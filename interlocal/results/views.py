"""Dashboards, the externality ledger, territorial equity, the import and the review queue."""

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from interlocal.core import csvfiles
from interlocal.core.memo import memoised
from interlocal.core.paging import CappedPaginator
from interlocal.core.permissions import access_for, can_read
from interlocal.core.selectors import record_get
from interlocal.core.widgets import RecordChoiceInput
from interlocal.strategy.entities import OBJECTIVES
from interlocal.territory.models import Territory

from . import charts, services
from .entities import INDICATORS, OBSERVATIONS
from .equity import choice_label
from .equity_map import equity_map
from .forms import ImportForm
from .imports import MAX_BYTES
from .jobs import observations_import_start
from .models import Indicator, IndicatorRole, Observation, ObservationImport, ObservationStatus
from .periods import EARLIEST_YEAR, LATEST_YEAR
from .selectors import (
    PROGRESS_READS_FROM,
    EquityChoice,
    contributors_of,
    default_area,
    default_span,
    equity_choice,
    externality_ledger,
    indicators_progress,
    objective_dashboard,
    review_queue,
)


def _span(request: HttpRequest) -> tuple[datetime.date, datetime.date]:
    """The years `from` and `to`; a bad or out-of-range year (see periods.LATEST_YEAR) falls back to the default."""
    first, last = default_span()
    start, end = _year(request.GET.get("from")), _year(request.GET.get("to"))
    if start is not None:
        first = datetime.date(start, 1, 1)
    if end is not None:
        last = datetime.date(end, 12, 31)
    return first, last


def _year(text: str | None) -> int | None:
    if not text or not text.isascii() or not text.isdigit() or len(text) > 4:
        return None
    year = int(text)
    return year if EARLIEST_YEAR <= year <= LATEST_YEAR else None


def _record_id(text: str | None) -> int | None:
    """A record's id from a query string, or None: ASCII digits that fit a database integer."""
    if not text or not text.isascii() or not text.isdigit() or len(text) > 18:
        return None
    return int(text)


def indicator_trend(request: HttpRequest, pk: int) -> JsonResponse:
    access = access_for(request.user)
    indicator = record_get(spec=INDICATORS, access=access, pk=pk)
    indicator = Indicator.objects.prefetch_related(contributors_of(access)).get(pk=indicator.pk)
    first, last = _span(request)
    item = indicators_progress(access=access, indicators=[indicator], within=default_area(), first=first, last=last)
    return JsonResponse(charts.trend_spec(item[0]))


def objective_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    objective = record_get(spec=OBJECTIVES, access=access, pk=pk)
    first, last = _span(request)
    dashboard = objective_dashboard(access=access, objective=objective, within=default_area(), first=first, last=last)
    return render(request, "results/objective_dashboard.html", {"dashboard": dashboard, "objective": objective})


def ledger(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    first, last = _span(request)
    # Every attraction's values beside its costs': remembered until their data changes (core.memo).
    entries = memoised(
        "ledger",
        access,
        PROGRESS_READS_FROM,
        lambda: externality_ledger(access=access, within=default_area(), first=first, last=last),
        first,
        last,
    )
    illustrative = any(entry.illustrative for entry in entries)
    context = {"entries": entries, "first": first, "last": last, "illustrative": illustrative}
    return render(request, "results/ledger.html", context)


def ledger_chart(request: HttpRequest, pk: int) -> JsonResponse:
    access = access_for(request.user)
    indicator = record_get(spec=INDICATORS, access=access, pk=pk)
    if indicator.role != IndicatorRole.ATTRACTION:
        raise Http404(_("Only attraction indicators have counterweights."))
    first, last = _span(request)
    entry = externality_ledger(access=access, within=default_area(), first=first, last=last, attraction=indicator)
    return JsonResponse(charts.ledger_spec(entry[0]))


def _equity(request: HttpRequest) -> EquityChoice | None:
    """The equity of the indicator asked for (or the first attraction) by municipality, as the page and its chart
    show it: remembered until its data changes (core.memo)."""
    first, last = _span(request)
    access, key = access_for(request.user), request.GET.get("indicator")
    return memoised(
        "equity",
        access,
        PROGRESS_READS_FROM,
        lambda: equity_choice(access=access, key=key, first=first, last=last),
        key,
        first,
        last,
    )


def equity(request: HttpRequest) -> HttpResponse:
    choice = _equity(request)
    drawn = equity_map(choice.equity) if choice is not None and choice.equity is not None else None
    context = {"choice": choice, "query": request.GET.urlencode(), "equity_map": drawn}
    if choice is not None and choice.many:  # too many indicators for a select: a text box with suggestions
        chooser = RecordChoiceInput(entity="indicators", attrs={"id": "equity-indicator", "required": True})
        context["chooser"] = chooser.render("indicator", choice_label(choice.chosen))
    return render(request, "results/equity.html", context)


def equity_chart(request: HttpRequest) -> JsonResponse:
    choice = _equity(request)
    if choice is None or choice.equity is None:
        raise Http404(_("No indicator to show."))
    return JsonResponse(charts.equity_spec(choice.equity))


def import_start(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    if not access.can_write:
        raise PermissionDenied(_("Your role does not allow importing values."))
    form = ImportForm(request.POST or None, request.FILES or None, access=access)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            run = observations_import_start(
                access=access,
                user=request.user,
                owner=form.cleaned_data["owner"],
                filename=upload.name,
                content=upload.read(MAX_BYTES + 1),
                visibility=form.cleaned_data["visibility"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return HttpResponseRedirect(reverse("results:import-detail", args=[run.pk]))
    recent = ObservationImport.objects.filter(user_id=request.user.pk or 0).order_by("-created_at")[:10]
    status = 400 if request.method == "POST" else 200
    return render(request, "results/import.html", {"form": form, "recent": recent}, status=status)


def _import_run(request: HttpRequest, pk: int) -> ObservationImport:
    access = access_for(request.user)
    run = get_object_or_404(ObservationImport.objects.select_related("owner"), pk=pk)
    if not (access.coordinator or run.user_id == request.user.pk or run.owner_id in access.member_of):
        raise Http404(_("No such import."))
    return run


def _import_context(run: ObservationImport) -> dict[str, Any]:
    drafts = run.observations.filter(status__in=[ObservationStatus.DRAFT, ObservationStatus.RETURNED]).count()
    return {"run": run, "job": run, "drafts": drafts, "result_template": "results/_import_result.html"}


def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = _import_run(request, pk)
    template = "core/_job_progress.html" if getattr(request, "htmx", False) else "results/import_detail.html"
    return render(request, template, _import_context(run))


@require_POST
def import_submit(request: HttpRequest, pk: int) -> HttpResponse:
    run = _import_run(request, pk)
    access = access_for(request.user)
    drafts = run.observations.filter(status__in=[ObservationStatus.DRAFT, ObservationStatus.RETURNED])
    count = services.observations_submit(
        access=access, user=request.user, observations=drafts.select_related("indicator")
    )
    messages.success(request, _("%(count)s value(s) submitted for approval.") % {"count": count})
    return HttpResponseRedirect(reverse("results:import-detail", args=[run.pk]))


def review(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    if not access.can_write:
        raise PermissionDenied(_("Your role does not allow reviewing values."))
    queue = review_queue(access=access)
    import_id = _record_id(request.GET.get("import"))
    if request.GET.get("import"):
        queue = queue.filter(import_run_id=import_id) if import_id is not None else queue.none()
    if request.method == "POST":
        ids = [i for i in map(_record_id, request.POST.getlist("observation")) if i is not None]
        chosen = list(queue.filter(pk__in=ids))
        try:
            if request.POST.get("action") == "return":
                for observation in chosen:
                    services.observation_return(
                        access=access, user=request.user, observation=observation, note=request.POST.get("note", "")
                    )
                messages.success(request, _("%(count)s value(s) returned.") % {"count": len(chosen)})
            else:
                count = services.observations_approve(access=access, user=request.user, observations=chosen)
                messages.success(request, _("%(count)s value(s) approved.") % {"count": count})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except services.SelfApproval as error:
            messages.error(request, _("Nothing was approved.") + " " + str(error))
        return HttpResponseRedirect(request.get_full_path())
    # Counting the queue reads every value submitted: remembered until a value or an indicator changes (core.memo).
    asked = (import_id, bool(request.GET.get("import")), CappedPaginator.cap)  # an import asked (a number or not)
    counted = memoised(
        "review_count", access, (Observation, Indicator), lambda: CappedPaginator.count_of(queue), *asked
    )
    page = CappedPaginator(queue, 100, ids_first=True, counted=counted).get_page(request.GET.get("page"))
    # Four eyes: the reviewer's own values are shown but not offered.
    mine = {o.pk for o in page.object_list if not services.may_approve_own(request.user, o)}
    query = f"import={import_id}" if import_id is not None else ""
    return render(request, "results/review.html", {"page": page, "query": query, "mine": mine})


@require_POST
def observation_workflow(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    observation: Observation = record_get(spec=OBSERVATIONS, access=access, pk=pk)
    if not can_read(access, observation):
        raise Http404
    action = request.POST.get("action")
    try:
        if action == "submit":
            services.observations_submit(access=access, user=request.user, observations=[observation])
        elif action == "approve":
            services.observations_approve(access=access, user=request.user, observations=[observation])
        elif action == "return":
            services.observation_return(
                access=access, user=request.user, observation=observation, note=request.POST.get("note", "")
            )
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except services.SelfApproval as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The value is now: %(status)s.") % {"status": observation.get_status_display()})
    return HttpResponseRedirect(observation.get_absolute_url())


def import_template(request: HttpRequest) -> HttpResponse:
    """A CSV to fill in: the columns, and one example row per visible indicator."""
    access = access_for(request.user)
    area = default_area()
    towns = (
        Territory.objects.visible_to(access).filter(parent=area, kind="municipality").order_by("name")[:1]
        if area
        else []
    )
    town = next(iter(towns), None)
    this_year = datetime.date.today().year - 1  # noqa: DTZ011 - a calendar year
    examples = {"year": str(this_year), "quarter": f"{this_year}-Q1", "month": f"{this_year}-01"}
    rows = []
    for indicator in (
        Indicator.objects.visible_to(access).without_many_sets().exclude(aggregation="ratio").order_by("name")
    ):
        territory = area if indicator.territorial_level == "metropolis" else town
        rows.append([indicator.key, territory.key if territory else "", examples[indicator.periodicity], "", "", ""])
    header = ["indicator", "territory", "period", "value", "breakdown", "source"]
    return csvfiles.csv_download("observations-template.csv", header, rows)
