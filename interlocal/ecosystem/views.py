"""The ecosystem's pages beyond the generic ones of its records: a person's consent to publication."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from interlocal.core.permissions import access_for, can_edit
from interlocal.core.selectors import record_get

from . import services
from .entities import PEOPLE
from .forms import PersonConsentForm
from .models import Person


@require_http_methods(["GET", "POST"])
def person_consent(request: HttpRequest, pk: int) -> HttpResponse:
    """Record or withdraw a person's consent: their organisation's editors and coordinators only."""
    access = access_for(request.user)
    person: Person = record_get(spec=PEOPLE, access=access, pk=pk)  # 404 for a person the reader may not see
    if not can_edit(access, person):
        raise PermissionDenied(_("You may only change records of your own organisation."))
    if request.method == "GET":
        form = PersonConsentForm(initial={"given_on": timezone.localdate()})
        return render(request, "ecosystem/person_consent.html", {"person": person, "form": form})
    form = PersonConsentForm(request.POST)
    if not form.is_valid():
        return render(request, "ecosystem/person_consent.html", {"person": person, "form": form}, status=400)
    if form.cleaned_data["action"] == PersonConsentForm.GIVE:
        services.person_consent_give(
            access=access,
            user=request.user,
            person=person,
            given_on=form.cleaned_data["given_on"],
            purpose=form.cleaned_data["purpose"],
        )
        messages.success(request, _("Consent to publication recorded."))
    else:
        services.person_consent_withdraw(access=access, user=request.user, person=person)
        messages.success(request, _("Consent to publication withdrawn: the person is no longer published."))
    return HttpResponseRedirect(person.get_absolute_url())
