"""Pages of coordination: all external action (timeline, calendar, map), findings, bodies, dossiers."""

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from interlocal.core.memo import memoised
from interlocal.core.permissions import Access, access_for
from interlocal.diplomacy.models import Agreement, Engagement, PartnerPlace
from interlocal.ecosystem.models import Organisation

from . import dossier as dossiers
from . import services
from .findings import READ_FROM as FINDINGS_READ_FROM
from .findings import Settings, all_findings, default_scope, finding_by_fingerprint, thresholds
from .forms import DismissForm, FindingSettingsForm, FollowUpFromFindingForm, JointMissionForm
from .models import ActionStatus, BodyMember, Decision, FindingDecision, FollowUpAction, Meeting
from .selectors import (
    ActivityFilterForm,
    activity_filter,
    calendar_month,
    map_points,
    open_actions,
    overdue_actions,
    timeline_remembered,
    timeline_rows,
    timeline_spec,
)


def _filters(request: HttpRequest) -> tuple[ActivityFilterForm, Any]:
    access = access_for(request.user)
    params = {k: v for k, v in request.GET.items() if k in ActivityFilterForm.base_fields and v}
    form = ActivityFilterForm(params or None, access=access)
    return form, activity_filter(form)


def activity(request: HttpRequest) -> HttpResponse:
    """Every engagement of every organisation: a chart by month, the list, and the map."""
    access = access_for(request.user)
    form, flt = _filters(request)
    status = 400 if flt.errors else 200

    def draw() -> str:  # 200 engagements with their participants: drawn once for each class of reader and filters
        return render_to_string("coordination/_timeline.html", {"rows": timeline_rows(access, flt)})

    timeline = timeline_remembered(access, flt, draw)
    context = {"form": form, "filter": flt, "timeline": timeline, "query": flt.querystring}
    return render(request, "coordination/activity.html", context, status=status)


def activity_chart(request: HttpRequest) -> JsonResponse:
    _form, flt = _filters(request)
    return JsonResponse(timeline_spec(access_for(request.user), flt))


def activity_points(request: HttpRequest) -> JsonResponse:
    _form, flt = _filters(request)
    return JsonResponse(map_points(access_for(request.user), flt))


# The months whose calendar can be drawn: its whole weeks and the months before and after are dates.
FIRST_MONTH, LAST_MONTH = (1, 2), (9999, 11)


def _month(text: str) -> datetime.date:
    """The first day of a "YYYY-MM" month from FIRST_MONTH to LAST_MONTH; ValueError with the reader's message."""
    year, _dash, month = text.partition("-")
    if not all(p.isascii() and p.isdigit() and len(p) <= n for p, n in ((year, 4), (month, 2))) or not (
        1 <= int(month) <= 12
    ):
        raise ValueError(_("Give the month as YYYY-MM; showing the current month."))
    if not FIRST_MONTH <= (int(year), int(month)) <= LAST_MONTH:
        raise ValueError(_("The calendar goes from 0001-02 to 9999-11; showing the current month."))
    return datetime.date(int(year), int(month), 1)


def _month_text(day: datetime.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"  # strftime writes year 1 as "1"


def activity_calendar(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    form, flt = _filters(request)
    today = timezone.localdate()
    status = 200
    try:
        first = _month(request.GET.get("month") or _month_text(today))
    except ValueError as refused:  # the page still shows a month, and says why it is not the one asked for
        first, status = today.replace(day=1), 400
        messages.error(request, str(refused))
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "coordination/calendar.html",
        {
            "form": form,
            "filter": flt,
            "query": flt.querystring,
            "month": first,
            "previous": _month_text(previous),
            "following": _month_text(following),
            "weeks": calendar_month(access, flt, year=first.year, month=first.month),
            "weekdays": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
        },
        status=status,
    )


# Findings --------------------------------------------------------------------------------------


def _settings(request: HttpRequest) -> tuple[FindingSettingsForm, Settings, bool]:
    params = {k: v for k, v in request.GET.items() if k in FindingSettingsForm.base_fields and v}
    form = FindingSettingsForm(params or None)
    values: dict[str, Any] = {}
    decided = False
    if form.is_bound and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "decided" and v}
        decided = form.cleaned_data["decided"]
    return form, Settings(scope=default_scope(), **values), decided


def findings_page(request: HttpRequest) -> HttpResponse:
    """The findings, drawn once for each class of reader, thresholds and language, and drawn again when the registry
    or a decision changes (core.memo): drawing a large registry's findings with their records took 60 ms."""
    access = access_for(request.user)
    form, settings, decided = _settings(request)
    query = request.GET.urlencode()

    def draw() -> str:
        result = all_findings(access, settings, include_decided=decided)
        context = {"result": result, "can_decide": access.can_write, "query": query}
        return render_to_string("coordination/_findings.html", context)

    arguments = (*thresholds(settings), decided, access.can_write, query)
    # Shared between processes (core.memo): a web worker that has not drawn them reads them, not the 9.5 s of
    # computing a large registry's findings again.
    drawn = memoised("findings_html", access, (*FINDINGS_READ_FROM, FindingDecision), draw, *arguments, shared=True)
    return render(
        request,
        "coordination/findings.html",
        {"form": form, "scope": settings.scope, "findings": drawn},
        status=400 if form.errors else 200,
    )


def _finding(request: HttpRequest, fingerprint: str) -> Any:
    access = access_for(request.user)
    _form, settings, _decided = _settings(request)
    finding = finding_by_fingerprint(access, settings, fingerprint)
    if finding is None:
        raise Http404(_("This finding no longer holds: the data behind it has changed."))
    return access, finding


def finding_detail(request: HttpRequest, fingerprint: str) -> HttpResponse:
    """One finding with its records, and the forms to dismiss it, act on it or go together."""
    access, finding = _finding(request, fingerprint)
    if not access.can_write:
        raise PermissionDenied(_("Your role does not allow deciding on findings."))
    dismiss = DismissForm(prefix="dismiss")
    follow_up = FollowUpFromFindingForm(
        prefix="action",
        access=access,
        organisations=finding.organisations,
        initial={"title": finding.suggestion[:250] if finding.suggestion else finding.title[:250]},
    )
    joint = None
    if finding.rule == "overlap":
        names = ", ".join(o.acronym or o.name for o in finding.organisations)
        target = finding.place or (finding.records[-1] if finding.records else "")
        joint = JointMissionForm(
            prefix="joint",
            initial={
                "title": (_("Joint mission to %(target)s (%(names)s)") % {"target": target, "names": names})[:250],
                "start_on": finding.start_on,
            },
        )
    status = 200
    if request.method == "POST":
        status = 400
        action = request.POST.get("do")
        query = request.GET.urlencode()
        back = reverse("coordination:findings") + (f"?{query}" if query else "")
        if action == "dismiss":
            dismiss = DismissForm(request.POST, prefix="dismiss")
            if dismiss.is_valid():
                services.finding_dismiss(
                    access=access, user=request.user, finding=finding, reason=dismiss.cleaned_data["reason"]
                )
                messages.success(request, _("The finding was dismissed."))
                return HttpResponseRedirect(back)
        elif action == "follow_up":
            follow_up = FollowUpFromFindingForm(
                request.POST, prefix="action", access=access, organisations=finding.organisations
            )
            if follow_up.is_valid():
                created = services.finding_follow_up(
                    access=access, user=request.user, finding=finding, **follow_up.cleaned_data
                )
                messages.success(request, _("Follow-up action “%(action)s” created.") % {"action": created})
                return HttpResponseRedirect(created.get_absolute_url())
        elif action == "joint" and finding.rule == "overlap":
            joint = JointMissionForm(request.POST, prefix="joint")
            if joint.is_valid():
                mission = services.joint_mission_create(
                    access=access, user=request.user, finding=finding, **joint.cleaned_data
                )
                messages.success(request, _("Joint mission “%(mission)s” created.") % {"mission": mission})
                return HttpResponseRedirect(mission.get_absolute_url())
        else:
            messages.error(request, _("Choose what to do with the finding."))
    return render(
        request,
        "coordination/finding_detail.html",
        {
            "finding": finding,
            "dismiss": dismiss,
            "follow_up": follow_up,
            "joint": joint,
            "query": request.GET.urlencode(),
        },
        status=status,
    )


# Coordination bodies and actions -----------------------------------------------------------------


BODIES_SHOWN = 20  # on the dashboard; every one is in the list of organisations
# What the dashboard reads: its bodies, members, meetings and actions, and every record an action links to (a link
# to a record the reader may not see is hidden, so its visibility is read too).
DASHBOARD_READS_FROM = (
    Organisation,
    BodyMember,
    Meeting,
    FollowUpAction,
    Decision,
    Agreement,
    PartnerPlace,
    Engagement,
)


def dashboard(request: HttpRequest) -> HttpResponse:
    """The first coordination bodies with their members and latest meetings (the rest are in the list of
    organisations), and the open actions: remembered for each class of reader until one of them changes, or the
    day (core.memo)."""
    access = access_for(request.user)
    today = timezone.localdate()
    shown = memoised("coordination-dashboard", access, DASHBOARD_READS_FROM, lambda: _dashboard(access, today), today)
    context = {**shown, "can_write": access.can_write, "done": ActionStatus.DONE}
    return render(request, "coordination/dashboard.html", context)


def _dashboard(access: Access, today: datetime.date) -> dict[str, Any]:
    every_body = Organisation.objects.visible_to(access).filter(kind="coordination_body").order_by("name")
    bodies = list(every_body[:BODIES_SHOWN])
    members: dict[int, list[BodyMember]] = {}
    for member in (
        BodyMember.objects.visible_to(access)
        .filter(body__in=[body.pk for body in bodies])
        .select_related("organisation")
        .order_by("organisation__name")
    ):
        members.setdefault(member.body_id, []).append(member)
    meetings: dict[int, list[Meeting]] = {}
    for meeting in Meeting.objects.visible_to(access).order_by("-held_on", "-pk")[:200]:
        meetings.setdefault(meeting.body_id, []).append(meeting)
    return {
        "bodies": [(body, members.get(body.pk, []), meetings.get(body.pk, [])[:3]) for body in bodies],
        "more_bodies": every_body.count() - len(bodies),
        "actions": list(open_actions(access)[:100]),
        "overdue": overdue_actions(access, today=today),
        "today": today,
    }


@require_POST
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    action = FollowUpAction.objects.visible_to(access).filter(pk=pk).first()
    if action is None:
        raise Http404(_("No such record."))
    status = request.POST.get("status", "")
    if status not in ActionStatus.values:
        messages.error(request, _("Unknown status."))
    else:
        services.action_set_status(access=access, user=request.user, action=action, status=status)
        messages.success(
            request, _("“%(action)s” is now %(status)s.") % {"action": action, "status": action.get_status_display()}
        )
    return HttpResponseRedirect(request.POST.get("next") or reverse("coordination:dashboard"))


# Handover dossiers ---------------------------------------------------------------------------


def dossier(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    access = access_for(request.user)
    data = dossiers.dossier_for(access, kind, pk)
    return render(request, "coordination/dossier.html", {"d": data, "printing": False})


def dossier_pdf(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    access = access_for(request.user)
    data = dossiers.dossier_for(access, kind, pk)
    pdf = dossiers.dossier_pdf(request, data)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="dossier-{kind}-{pk}.pdf"'
    return response
