from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from interlocal.core.forms import reader_language
from interlocal.core.models import Visibility
from interlocal.core.permissions import access_for
from interlocal.core.throttle import HourlyAllowance
from interlocal.core.views import RecordFormView

from .entities import TRANSFER_REQUESTS
from .forms import PublicTransferRequestForm
from .models import Moderation, TransferRequest
from .selectors import MAX_PAGE, moderation_queue, public_practice, search, search_kinds, transfer_request_for_link
from .services import transfer_request_moderate, transfer_request_submit

TRANSFER_REQUEST_CREATE = RecordFormView.as_view(spec=TRANSFER_REQUESTS)


class SearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search for"), max_length=200, required=False)
    kind = forms.MultipleChoiceField(label=gettext_lazy("Kind of record"), required=False)
    language = forms.ChoiceField(label=gettext_lazy("Language"), required=False)
    visibility = forms.ChoiceField(label=gettext_lazy("Visibility"), required=False)
    archived = forms.BooleanField(label=gettext_lazy("Include archived"), required=False)
    page = forms.IntegerField(min_value=1, max_value=MAX_PAGE, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = sorted(search_kinds().items(), key=lambda item: item[1])  # type: ignore[attr-defined]
        self.fields["language"].choices = [("", gettext_lazy("Any language")), *settings.LANGUAGES]  # type: ignore[attr-defined]
        self.fields["visibility"].choices = [("", gettext_lazy("Any visibility")), *Visibility.choices]  # type: ignore[attr-defined]
        self.fields["kind"].widget.attrs["size"] = 6


def search_page(request: HttpRequest) -> HttpResponse:
    """Search across practices and every registry record the reader may see."""
    access = access_for(request.user)
    form = SearchForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        data = form.cleaned_data
        results = search(
            access=access,
            q=data["q"],
            kinds=data["kind"],
            language=data["language"],
            visibility=data["visibility"] if access.authenticated else "",
            include_archived=data["archived"],
            page=data["page"] or 1,
        )
    query = request.GET.copy()
    query.pop("page", None)
    status = 400 if form.is_bound and not form.is_valid() else 200
    context = {"form": form, "results": results, "query": query.urlencode(), "access": access}
    return render(request, "knowledge/search.html", context, status=status)


# --- requests from peers without an account ---------------------------------------------

REQUESTS = HourlyAllowance("knowledge:public-transfer-requests", "INTERLOCAL_TRANSFER_REQUESTS_PER_HOUR")


@require_http_methods(["GET", "POST"])
def transfer_request_ask(request: HttpRequest, pk: int) -> HttpResponse:
    """The public form: a peer asks about a public practice, without an account."""
    practice = public_practice(pk)
    form = PublicTransferRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        sent = _("Your request was sent. We e-mailed you a private link where you can follow it.")
        if not REQUESTS.left(request):
            form.is_valid()
            limit = REQUESTS.per_hour()
            form.add_error(
                None,
                ngettext(
                    "Too many requests from your address: you may send %(limit)d request an hour. "
                    "Please try again later.",
                    "Too many requests from your address: you may send %(limit)d requests an hour. "
                    "Please try again later.",
                    limit,
                )
                % {"limit": limit},
            )
            status = 429
        elif form.is_robot:  # refused quietly: a robot learns nothing from the answer
            REQUESTS.spend(request)
            messages.success(request, sent)
            return redirect("knowledge:transfer-request-ask", pk=practice.pk)
        elif form.is_valid():
            data = form.cleaned_data
            submitted = transfer_request_submit(
                practice=practice,
                organisation=data["organisation"],
                name=data["name"],
                email=data["email"],
                message=data["message"],
                language=reader_language(),
            )
            REQUESTS.spend(request)
            messages.success(request, sent)
            return redirect("knowledge:transfer-request-status", link_token=submitted.link_token)
        else:
            status = 400
    return render(request, "knowledge/transfer_request_ask.html", {"form": form, "practice": practice}, status=status)


def transfer_request_new(request: HttpRequest) -> HttpResponseBase:
    """The back office's create form; a visitor without an account who opens it is sent to the public form."""
    if request.user.is_authenticated or request.method != "GET":  # an anonymous write is refused as before (403)
        return TRANSFER_REQUEST_CREATE(request)
    practice = request.GET.get("practice", "")
    if practice.isdigit():
        return redirect("knowledge:transfer-request-ask", pk=int(practice))
    return redirect("knowledge:practice-list")


def transfer_request_status(request: HttpRequest, link_token: str) -> HttpResponse:
    """The requester's private page: where their request stands, and the answer once there is one."""
    transfer = transfer_request_for_link(link_token)
    response = render(
        request,
        "knowledge/transfer_request_status.html",
        {
            "transfer": transfer,
            "accepted": transfer.moderation == Moderation.ACCEPTED,
            "pending": transfer.moderation == Moderation.PENDING,
        },
    )
    response["Referrer-Policy"] = "no-referrer"  # the link is the secret: no page it links to learns it
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def transfer_request_moderation(request: HttpRequest) -> HttpResponse:
    """The queue of requests from the public form that wait for this reader's decision."""
    access = access_for(request.user)
    if not access.can_write:
        raise PermissionDenied(_("Only editors and coordinators moderate requests."))
    page = Paginator(moderation_queue(access), 25).get_page(request.GET.get("page"))
    return render(request, "knowledge/transfer_request_moderation.html", {"page": page})


@require_POST
def transfer_request_moderate_view(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    transfer = get_object_or_404(TransferRequest.objects.visible_to(access), pk=pk)
    decision = request.POST.get("decision")
    if decision not in ("accept", "reject"):
        messages.error(request, _("Choose to accept the request or to reject it as spam."))
        return redirect("knowledge:transfer-request-moderation")
    try:
        transfer_request_moderate(access=access, user=request.user, request=transfer, accept=decision == "accept")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("knowledge:transfer-request-moderation")
    if decision == "accept":
        messages.success(request, _("Accepted “%(request)s”: it is now among your requests.") % {"request": transfer})
    else:
        messages.success(request, _("Rejected “%(request)s” as spam.") % {"request": transfer})
    return redirect("knowledge:transfer-request-moderation")
