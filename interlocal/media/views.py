"""The media app's own pages: "poll now" and its progress, the weekly bulletins, and subscribing to them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from interlocal.core.forms import reader_language
from interlocal.core.models import JobStatus
from interlocal.core.permissions import access_for
from interlocal.core.throttle import HourlyAllowance

from .entities import SOURCES
from .forms import BulletinRequestForm, SubscribeForm
from .jobs import bulletin_request, feed_poll_request
from .models import Bulletin, FeedPoll, Source
from .services import (
    subscriber_confirm,
    subscriber_subscribe,
    subscriber_unsubscribe,
)

# --- feeds ------------------------------------------------------------------------------------------------------


@require_POST
def source_poll_now(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    source = get_object_or_404(SOURCES.base_queryset().visible_to(access), pk=pk)
    poll = feed_poll_request(access=access, user=request.user, source=source)
    return redirect(poll)


def feed_poll_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A poll's progress, then what it added or why it failed; read where its source is."""
    access = access_for(request.user)
    poll = get_object_or_404(
        FeedPoll.objects.select_related("source").filter(source__in=Source.objects.visible_to(access)), pk=pk
    )
    template = "core/_job_progress.html" if getattr(request, "htmx", False) else "media/feed_poll.html"
    context = {"poll": poll, "job": poll, "result_template": "media/_feed_poll_result.html"}
    return render(request, template, {**context, "heading": _("Polling “%(source)s”") % {"source": poll.source}})


# --- bulletins --------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def bulletin_list(request: HttpRequest) -> HttpResponse:
    """The bulletins sent or published so far, newest week first; coordinators generate one from here."""
    access = access_for(request.user)
    form = None
    if access.coordinator:
        form = BulletinRequestForm(request.POST or None, initial={"language": get_language() or "en"})
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            bulletin = bulletin_request(
                user=request.user, week_start=data["week"], language=data["language"], deliver=data["deliver"]
            )
            return redirect(bulletin)
    elif request.method == "POST":
        raise PermissionDenied(_("Only coordinators generate bulletins."))
    done = Bulletin.objects.filter(status=JobStatus.SUCCEEDED).defer("html", "text", "pdf")
    page = Paginator(done.order_by("-week_start", "language", "-created_at"), 25).get_page(request.GET.get("page"))
    status = 400 if form is not None and form.is_bound else 200
    return render(request, "media/bulletin_list.html", {"page": page, "form": form}, status=status)


def bulletin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = get_object_or_404(Bulletin.objects.defer("pdf", "text"), pk=pk)
    template = "core/_job_progress.html" if getattr(request, "htmx", False) else "media/bulletin.html"
    context = {"bulletin": bulletin, "job": bulletin, "result_template": "media/_bulletin_result.html"}
    return render(request, template, {**context, "heading": str(bulletin)})


def bulletin_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = get_object_or_404(Bulletin, pk=pk, status=JobStatus.SUCCEEDED)
    response = HttpResponse(bytes(bulletin.pdf), content_type="application/pdf")
    name = f"interlocal-bulletin-{bulletin.week_start.isoformat()}-{bulletin.language}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- subscribers ------------------------------------------------------------------------------------------------

SUBSCRIPTIONS = HourlyAllowance("media:bulletin-subscriptions", "INTERLOCAL_BULLETIN_SUBSCRIPTIONS_PER_HOUR")


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """The public form: an address asks for the bulletin and is sent a link to confirm it (double opt-in)."""
    form = SubscribeForm(request.POST or None, initial={"language": reader_language()})
    status = 200
    if request.method == "POST":
        sent = _("Almost done: we sent you an e-mail with a link to confirm your subscription.")
        if not SUBSCRIPTIONS.left(request):
            form.is_valid()
            limit = SUBSCRIPTIONS.per_hour()
            form.add_error(
                None,
                ngettext(
                    "Too many requests from your address: you may subscribe %(limit)d time an hour. "
                    "Please try again later.",
                    "Too many requests from your address: you may subscribe %(limit)d times an hour. "
                    "Please try again later.",
                    limit,
                )
                % {"limit": limit},
            )
            status = 429
        elif form.is_robot:  # refused quietly: a robot learns nothing from the answer
            SUBSCRIPTIONS.spend(request)
            messages.success(request, sent)
            return redirect("media:subscribe")
        elif form.is_valid():
            subscriber_subscribe(email=form.cleaned_data["email"], language=form.cleaned_data["language"])
            SUBSCRIPTIONS.spend(request)
            messages.success(request, sent)
            return redirect("media:subscribe")
        else:
            status = 400
    return render(request, "media/subscribe.html", {"form": form}, status=status)


def _private(response: HttpResponse) -> HttpResponse:
    response["Referrer-Policy"] = "no-referrer"  # the link is the secret: no page it links to learns it
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def subscribe_confirm(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = subscriber_confirm(token=token)
    status = 200 if subscriber is not None else 404
    return _private(render(request, "media/subscribe_confirm.html", {"subscriber": subscriber}, status=status))


@csrf_exempt  # the link's signed token is the secret; a mail program's one-click POST carries no CSRF cookie
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """A GET asks (mail scanners open links); the button, or a mail program's one-click POST, unsubscribes."""
    done = None
    if request.method == "POST":
        done = subscriber_unsubscribe(token=token)
    return _private(render(request, "media/unsubscribe.html", {"done": done, "token": token}))
