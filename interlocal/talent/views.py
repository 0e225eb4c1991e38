"""The talent app's pages beyond the generic ones: a member's consents, data export and erasure; the members' map."""

import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from interlocal.core.permissions import access_for

from . import services
from .forms import ConsentForm, EraseForm
from .models import TalentNetwork


@require_POST
def member_consent(request: HttpRequest, pk: int) -> HttpResponse:
    """Record or withdraw a consent of the member (the form is on the member's page)."""
    member = services.editable_member(access=access_for(request.user), pk=pk)
    form = ConsentForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return HttpResponseRedirect(member.get_absolute_url())
    data = form.cleaned_data
    services.consent_change(access=access_for(request.user), user=request.user, member=member, **data)
    messages.success(request, _("Consent recorded.") if data["action"] == ConsentForm.GIVE else _("Consent withdrawn."))
    return HttpResponseRedirect(member.get_absolute_url())


@require_POST
def member_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything held on the member as a JSON download; the export is recorded in the member's history."""
    member = services.editable_member(access=access_for(request.user), pk=pk)
    data = services.member_export(access=access_for(request.user), user=request.user, member=member)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="member-{member.pk}.json"'
    return response


@require_http_methods(["GET", "POST"])
def member_erase(request: HttpRequest, pk: int) -> HttpResponse:
    """Erase the member's personal data after a typed confirmation."""
    member = services.editable_member(access=access_for(request.user), pk=pk)
    if member.erased_at is not None:
        messages.info(request, _("This member's personal data was already erased."))
        return HttpResponseRedirect(member.get_absolute_url())
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "GET" or not form.is_valid():
        status = 400 if form.is_bound else 200
        return render(request, "talent/member_erase.html", {"member": member, "form": form}, status=status)
    services.member_erase(access=access_for(request.user), user=request.user, member=member)
    messages.success(request, _("The member's personal data was erased, here and in its history."))
    return HttpResponseRedirect(member.get_absolute_url())


def member_map(request: HttpRequest) -> HttpResponse:
    """Where the members who consented to publication live, by city and country (the back office's map)."""
    access = access_for(request.user)
    networks = list(TalentNetwork.objects.visible_to(access).only("pk", "name"))
    try:
        network = int(request.GET.get("network") or 0) or None
    except ValueError:
        network = None
    if network is not None and network not in {n.pk for n in networks}:
        network = None
    query = f"?network={network}" if network else ""
    return render(request, "talent/member_map.html", {"networks": networks, "network": network, "query": query})
