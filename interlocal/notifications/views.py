"""The inbox, the preferences, the calendar feed's page and the feed itself."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from interlocal.core.permissions import access_for

from . import services
from .calendars import feed_calendar
from .forms import FeedForm, PreferencesForm
from .models import FeedScope
from .selectors import active_feed, chosen_language, feed_by_token, feed_events, inbox, preferences_of

PAGE_SIZE = 25


@login_required
def inbox_page(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    page = Paginator(inbox(user=request.user, access=access), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page, "query": ""})


def _back(request: HttpRequest) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("notifications:inbox")
    return HttpResponseRedirect(target)


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    if not services.notification_mark_read(user=request.user, pk=pk):
        messages.info(request, _("That notification was already read, or is no longer there."))
    return _back(request)


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("%(count)s notification(s) marked read.") % {"count": count})
    return _back(request)


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(
        request.POST or None, preferences=preferences_of(request.user), language=chosen_language(request.user)
    )
    if request.method == "POST" and form.is_valid():
        services.preferences_save(
            user=request.user, choices=form.choices(), language=form.cleaned_data.get("language") or ""
        )
        messages.success(request, _("Your notification preferences are saved."))
        return HttpResponseRedirect(reverse("notifications:preferences"))
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "has_email": bool(request.user.email)},  # type: ignore[union-attr]
    )


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    """Create, regenerate or revoke the user's secret calendar address; a new one is shown once."""
    form = FeedForm(request.POST or None)
    raw = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            if services.calendar_feeds_revoke(user=request.user):
                messages.success(request, _("The calendar address is revoked: it no longer answers."))
            return HttpResponseRedirect(reverse("notifications:calendar"))
        if form.is_valid():
            _feed, raw = services.calendar_feed_create(user=request.user, scope=form.cleaned_data["scope"])
    feed = active_feed(user=request.user)
    url = request.build_absolute_uri(reverse("notifications:feed", args=[raw])) if raw else ""
    return render(
        request, "notifications/calendar.html", {"form": FeedForm() if raw else form, "feed": feed, "url": url}
    )


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCalendar feed of a secret address: 404 when the address is unknown, revoked or its user inactive."""
    found = feed_by_token(token)
    if found is None:
        raise Http404(_("No such calendar."))
    access = access_for(found.user)
    engagements, meetings = feed_events(access=access, scope=found.scope, today=timezone.localdate())
    services.calendar_feed_used(feed=found)
    name = (
        _("Interlocal: engagements and meetings") if found.scope == FeedScope.ALL else _("Interlocal: my organisations")
    )
    body = feed_calendar(name=name, engagements=engagements, meetings=meetings, absolute=request.build_absolute_uri)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
