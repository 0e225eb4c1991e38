"""The public portal: no login, only public unarchived records (the anonymous view, whoever asks)."""

import json
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.paginator import Page
from django.db.models import F, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from interlocal.core.entities import REGISTRY
from interlocal.core.memo import LIST_COUNTS, memoised
from interlocal.core.models import JobStatus
from interlocal.core.numbers import number_locale
from interlocal.core.paging import CappedPaginator
from interlocal.core.permissions import ANONYMOUS
from interlocal.diplomacy.models import Membership
from interlocal.diplomacy.selectors import home_memberships
from interlocal.ecosystem.home import HOME_READS_FROM, own_records
from interlocal.ecosystem.models import Organisation
from interlocal.knowledge.models import Practice
from interlocal.projects.models import Funding, Project, ProjectKind, ProjectStatus
from interlocal.rankings.profile import attraction_profile
from interlocal.results import charts
from interlocal.results.equity_map import equity_map
from interlocal.results.models import Indicator
from interlocal.results.selectors import PROGRESS_READS_FROM, default_span

from . import contacts, opendata, provenance, sections
from .board import indicator_board
from .headlines import headline_figures, headline_year
from .identity import identity
from .jobs import annual_report_request
from .models import AnnualReport

PUBLIC = ANONYMOUS  # the portal shows what an anonymous visitor may see, even to a logged-in user


@dataclass
class HomeCard:
    """A card of the portal home: how many public records of a kind, the latest few, the page that lists them."""

    count: int
    latest: list[Any]


LATEST = 3
MEMBERSHIPS_PER_PAGE = 50


# Every kind the home page's cards read, for core.memo.
HOME_CARDS_READ_FROM = (Project, Membership, Practice, *HOME_READS_FROM)


def _home_cards() -> dict[str, HomeCard]:
    """Projects, networks and practices on the home page: a count and the latest three each. The counts read every
    record of the metropolis, so the cards are remembered until their data changes (core.memo)."""
    return memoised("portal_home_cards", PUBLIC, HOME_CARDS_READ_FROM, _count_home_cards)


def _count_home_cards() -> dict[str, HomeCard]:
    """The cards in six queries; undated records come last on every database."""
    projects = sections.own_projects(PUBLIC)
    memberships = own_records(Membership.objects.visible_to(PUBLIC))
    practices = Practice.objects.visible_to(PUBLIC)
    return {
        "projects": HomeCard(
            projects.count(), list(projects.order_by(F("start_on").desc(nulls_last=True), "-pk")[:LATEST])
        ),
        "networks": HomeCard(
            memberships.values("network").distinct().count(),
            list(memberships.select_related("network").order_by(F("start_on").desc(nulls_last=True), "-pk")[:LATEST]),
        ),
        "practices": HomeCard(
            practices.count(), list(practices.order_by(F("started_on").desc(nulls_last=True), "-pk")[:LATEST])
        ),
    }


def home(request: HttpRequest) -> HttpResponse:
    # The key figures of the latest year with indicator values (they arrive a year or more after the year).
    headline_in = headline_year(PUBLIC) or timezone.localdate().year - 1
    context = {
        "profile": sections.metropolis_profile(PUBLIC),
        "years": sections.available_years(PUBLIC)[:1],
        "cards": _home_cards(),
        "headlines": headline_figures(PUBLIC, headline_in),
    }
    return render(request, "portal/home.html", context)


@cache_control(max_age=3600, public=True)
def theme(request: HttpRequest) -> HttpResponse:
    """The instance's colours as CSS custom properties: a stylesheet, since the CSP allows no inline style."""
    return HttpResponse(identity().css(), content_type="text/css; charset=utf-8")


def strategy(request: HttpRequest) -> HttpResponse:
    profile = sections.metropolis_profile(PUBLIC)
    return render(
        request,
        "portal/strategy.html",
        {
            "profile": profile,
            "cooperation": sections.cooperation_share(profile),
            "units": sections.management_units(PUBLIC),
            "plans": sections.plans(PUBLIC),
            "contacts": contacts.unit_contacts(PUBLIC),
        },
    )


def profile(request: HttpRequest) -> HttpResponse:
    """The metropolis's profile for attraction: key facts, hosted organisations, networks, rankings, key figures."""
    headline_in = headline_year(PUBLIC) or timezone.localdate().year - 1
    context = {"profile": attraction_profile(access=PUBLIC), "headlines": headline_figures(PUBLIC, headline_in)}
    return render(request, "portal/profile.html", context)


# Every kind the pages of networks read, for core.memo.
NETWORKS_READ_FROM = (Membership, *HOME_READS_FROM)


def networks(request: HttpRequest) -> HttpResponse:
    """The home metropolis's public network memberships, a page at a time. Each page sorts every membership of the
    metropolis, so the usual page numbers are remembered until the memberships change (core.memo)."""
    number = request.GET.get("page") or "1"
    if number.isdigit() and len(number) <= 4:
        page = memoised("portal_networks", PUBLIC, NETWORKS_READ_FROM, lambda: _networks_page(number), number)
    else:  # not a page anyone follows a link to: read, not remembered
        page = _networks_page(number)
    return render(request, "portal/networks.html", {"page": page})


def _networks_page(number: str) -> Page:  # type: ignore[type-arg]
    page = CappedPaginator(home_memberships(PUBLIC), MEMBERSHIPS_PER_PAGE).get_page(number)
    page.object_list = list(page.object_list)  # read now, with the count, so that the remembered page is complete
    page.paginator.count  # noqa: B018
    return page


def relations_map(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/map.html", {"illustrative": provenance.map_illustrative(PUBLIC)})


def indicators(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/indicators.html", {"board": indicator_board()})


def _public_indicator(pk: int) -> Indicator:
    indicator: Indicator = get_object_or_404(
        sections.public_indicators(PUBLIC)
        .select_related("numerator", "denominator")
        .without_many_sets()  # the page shows its objectives, none of its other sets
        .prefetch_related("objectives"),
        pk=pk,
    )
    return indicator


def indicator_detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    indicator = _public_indicator(pk)
    canonical = slugify(indicator.name)[:80] or "indicator"
    if slug != canonical:
        return redirect("portal:indicator", pk=indicator.pk, slug=canonical, permanent=True)
    objectives = [o for o in indicator.objectives.all() if o.visibility == "public" and o.archived_at is None]
    page, illustrative = _indicator_page(indicator)
    context = {
        "indicator": indicator,
        "page": page,
        "objectives": objectives,
        "illustrative_indicators": illustrative,
    }
    return render(request, "portal/indicator.html", context)


def _indicator_page(indicator: Indicator) -> tuple[sections.IndicatorPage, set[int]]:
    """An indicator's figures and which of them are illustrative, as its page and its two charts show them:
    remembered until its data changes (core.memo), as they aggregate every value of the indicator and its costs."""
    return memoised(
        "portal_indicator_page",
        PUBLIC,
        PROGRESS_READS_FROM,
        lambda: _page_with_provenance(sections.indicator_page(PUBLIC, indicator)),
        indicator.pk,
        default_span(),
    )


def _page_with_provenance(page: sections.IndicatorPage) -> tuple[sections.IndicatorPage, set[int]]:
    return page, _illustrative_on(page)


def _illustrative_on(page: sections.IndicatorPage) -> set[int]:
    """The indicators of an indicator's page (itself, and its costs when it is a gain) with illustrative values."""
    shown = [page.item.indicator] + ([c.cost for c in page.ledger.counterweights] if page.ledger else [])
    first, last = default_span()
    return provenance.illustrative_indicators(PUBLIC, shown, within=page.area, first=first, last=last)


def _chart(spec: dict[str, Any], illustrative: bool) -> JsonResponse:
    """A chart's spec in the reader's language (number separators); an illustrative one says so in its title."""
    spec = {**spec, "config": {**spec.get("config", {}), "locale": {"number": number_locale()}}}
    if illustrative:
        title = str(spec.get("description") or "")
        spec["title"] = f"{title} ({gettext('illustrative')})" if title else gettext("illustrative")
    return JsonResponse(spec)


def indicator_trend(request: HttpRequest, pk: int) -> JsonResponse:
    page, illustrative = _indicator_page(_public_indicator(pk))
    return _chart(charts.trend_spec(page.item), page.item.indicator.pk in illustrative)


def indicator_ledger(request: HttpRequest, pk: int) -> JsonResponse:
    page, illustrative = _indicator_page(_public_indicator(pk))
    if page.ledger is None:
        raise Http404(_("Only attraction indicators have counterweights."))
    return _chart(charts.ledger_spec(page.ledger), bool(illustrative))


class EquityFilter(forms.Form):
    indicator = forms.SlugField(required=False, max_length=80)


def territory(request: HttpRequest) -> HttpResponse:
    filters = EquityFilter(request.GET or None)
    key = filters.cleaned_data["indicator"] if filters.is_valid() else None
    context = {
        "distribution": sections.distribution(PUBLIC),
        "distribution_illustrative": provenance.distribution_illustrative(PUBLIC),
        # The indicator by municipality, its map and its provenance: remembered until their data changes.
        **memoised("portal_equity", PUBLIC, PROGRESS_READS_FROM, lambda: _territorial_equity(key), key, default_span()),
    }
    return render(request, "portal/territory.html", context)


def _territorial_equity(key: str | None) -> dict[str, Any]:
    equity = sections.territorial_equity(PUBLIC, key)
    result = equity.equity if equity is not None else None
    illustrative: set[int] = set()
    if result is not None:
        illustrative = provenance.illustrative_indicators(
            PUBLIC, [result.indicator], within=None, first=result.first, last=result.last
        )
    return {
        "equity": equity,
        "equity_map": equity_map(result) if result is not None else None,
        "illustrative_indicators": illustrative,
    }


class PracticeFilters(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


def practices(request: HttpRequest) -> HttpResponse:
    filters = PracticeFilters(request.GET or None)
    q = filters.cleaned_data["q"].strip() if filters.is_valid() else ""
    catalogue = sections.practices_catalogue(PUBLIC, q)
    # Counting the public practices read ten thousand of them: the count is remembered for the list and each
    # search (on the memo's shelf of list counts) until a practice changes.
    counted = memoised(
        "portal_practices_count",
        PUBLIC,
        (Practice,),
        lambda: CappedPaginator.count_of(catalogue),
        q,
        CappedPaginator.cap,
        shelf=LIST_COUNTS,
    )
    page = CappedPaginator(catalogue, 20, counted=counted).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "portal/practices.html", {"filters": filters, "page": page, "query": query.urlencode()})


class ProjectFilters(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any"))] + ProjectKind.choices)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any"))] + ProjectStatus.choices)


PROJECTS_READ_FROM = (Project, *HOME_READS_FROM)


def projects(request: HttpRequest) -> HttpResponse:
    filters = ProjectFilters(request.GET or None)
    queryset = sections.own_projects(PUBLIC).select_related("lead").order_by("-start_on", "pk")  # project_newest_first
    data = filters.cleaned_data if filters.is_valid() else {"q": "", "kind": "", "status": ""}
    if data["q"]:
        queryset = queryset.filter(Q(title__icontains=data["q"]) | Q(description__icontains=data["q"]))
    if data["kind"]:
        queryset = queryset.filter(kind=data["kind"])
    if data["status"]:
        queryset = queryset.filter(status=data["status"])
    if filters.is_bound and not filters.is_valid():
        queryset = queryset.none()
    # Counting the metropolis's public projects reads all of them: the count is remembered for each kind and status
    # (a handful of lists), counted each time for a search.
    counted = None
    if not data["q"] and not queryset.query.is_empty():
        arguments = (data["kind"], data["status"], CappedPaginator.cap)
        counted = memoised(
            "portal_projects_count", PUBLIC, PROJECTS_READ_FROM, lambda: CappedPaginator.count_of(queryset), *arguments
        )
    page = CappedPaginator(queryset, 25, counted=counted).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "portal/projects.html", {"filters": filters, "page": page, "query": query.urlencode()})


def project_detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    public_orgs = Organisation.objects.visible_to(PUBLIC).order_by("name")
    project = get_object_or_404(
        sections.own_projects(PUBLIC)
        .select_related("lead")
        .prefetch_related(
            Prefetch("partners", queryset=public_orgs, to_attr="public_partners"),  # type: ignore[type-var]
            Prefetch(
                "fundings",
                queryset=Funding.objects.visible_to(PUBLIC).select_related("funder").order_by("-amount_eur"),
                to_attr="public_fundings",
            ),
            "places",
            "sdg_targets",
        ),
        pk=pk,
    )
    canonical = slugify(project.title)[:80] or "project"
    if slug != canonical:
        return redirect("portal:project", pk=project.pk, slug=canonical, permanent=True)
    lead_public = project.lead.visibility == "public" and project.lead.archived_at is None
    places = [p for p in project.places.all() if p.visibility == "public" and p.archived_at is None]
    return render(
        request,
        "portal/project.html",
        {"project": project, "lead_public": lead_public, "places": places},
    )


# --- The annual report ---------------------------------------------------------------------------------------


class ReportRequest(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, years: list[int], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        year = self.fields["year"]
        assert isinstance(year, forms.TypedChoiceField)
        year.choices = [(y, y) for y in years]


def _report_years() -> list[int]:
    return sections.available_years(PUBLIC) or [timezone.now().year]


@require_http_methods(["GET", "POST"])
def report_request(request: HttpRequest) -> HttpResponse:
    years = _report_years()
    form = ReportRequest(request.POST or None, years=years)
    if request.method == "POST" and form.is_valid():
        report = annual_report_request(
            user=request.user, year=form.cleaned_data["year"], language=translation.get_language() or "en"
        )
        return redirect(report)
    done = AnnualReport.objects.filter(status=JobStatus.SUCCEEDED).defer("html", "pdf").order_by("-year", "-created_at")
    latest: dict[int, AnnualReport] = {}
    for report in done[:50]:
        latest.setdefault(report.year, report)
    return render(request, "portal/report_request.html", {"form": form, "reports": list(latest.values())})


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(AnnualReport.objects.defer("pdf"), pk=pk)
    template = "core/_job_progress.html" if request.htmx else "portal/report.html"  # type: ignore[attr-defined]
    context = {"report": report, "job": report, "result_template": "portal/_report_result.html"}
    return render(request, template, {**context, "heading": _("Annual report %(year)s") % {"year": report.year}})


def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(AnnualReport, pk=pk, status=JobStatus.SUCCEEDED)
    response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="interlocal-annual-report-{report.year}.pdf"'
    return response


# --- Open data -----------------------------------------------------------------------------------------------


def data_index(request: HttpRequest) -> HttpResponse:
    entities = [(key, spec.model._meta.verbose_name_plural) for key, spec in sorted(REGISTRY.items())]
    return render(request, "portal/data.html", {"entities": entities})


def data_file(request: HttpRequest, key: str, fmt: str) -> HttpResponseBase:
    spec = REGISTRY.get(key)
    if spec is None:
        raise Http404
    if fmt == "csv":
        response = StreamingHttpResponse(opendata.csv_chunks(spec), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{key}.csv"'
        return response
    return StreamingHttpResponse(opendata.json_chunks(spec), content_type="application/json")


def data_spreadsheet(request: HttpRequest, key: str) -> HttpResponseBase:
    """The same file as the package's, with the byte-order mark that spreadsheet programs look for."""
    spec = REGISTRY.get(key)
    if spec is None:
        raise Http404
    response = StreamingHttpResponse(opendata.csv_chunks(spec, bom=True), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{key}.csv"'
    return response


def data_descriptor(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        json.dumps(opendata.descriptor(), ensure_ascii=False, indent=2), content_type="application/json"
    )


def data_package(request: HttpRequest) -> HttpResponseBase:
    response = StreamingHttpResponse(opendata.package_zip(), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="interlocal-data-package.zip"'
    return response


def reverse_project(project: Project) -> str:
    return reverse("portal:project", kwargs={"pk": project.pk, "slug": slugify(project.title)[:80] or "project"})
