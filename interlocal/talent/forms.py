"""The talent app's forms: the records' own, and a member's consent (validated here for the pages and the API)."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from interlocal.core.forms import RECORD_FIELDS, RecordForm
from interlocal.core.reference import validate_country

from . import services
from .models import ConsentPurpose, Member, NetworkEvent, TalentNetwork

DATE = forms.DateInput(attrs={"type": "date"})


class TalentNetworkForm(RecordForm):
    class Meta:
        model = TalentNetwork
        fields = ["name", "organisation", "run_by", "purpose", "audience", "website", *RECORD_FIELDS]


class MemberForm(RecordForm):
    class Meta:
        model = Member
        fields = [
            "network", "name", "email", "country", "city", "sector", "organisation", "organisation_name",
            "member_since", "role", *RECORD_FIELDS,
        ]  # fmt: skip
        widgets = {"member_since": DATE}

    def clean_country(self) -> str:
        country = self.cleaned_data["country"]
        return validate_country(country) if country else ""

    def clean_member_since(self) -> Any:
        since = self.cleaned_data["member_since"]
        if since and since > timezone.localdate():
            raise forms.ValidationError(_("A member cannot join on a date still to come."))
        return since


class NetworkEventForm(RecordForm):
    class Meta:
        model = NetworkEvent
        fields = ["network", "title", "held_on", "place", "country", "attendance", "description", *RECORD_FIELDS]
        widgets = {"held_on": DATE}

    def clean_country(self) -> str:
        country = self.cleaned_data["country"]
        return validate_country(country) if country else ""


class ConsentForm(forms.Form):
    """Record a consent (purpose and date, both required) or withdraw the consents of a purpose in force."""

    GIVE, WITHDRAW = services.GIVE, services.WITHDRAW

    action = forms.ChoiceField(choices=[(GIVE, _("Record consent")), (WITHDRAW, _("Withdraw consent"))])
    purpose = forms.ChoiceField(label=_("purpose"), choices=ConsentPurpose.choices)
    on = forms.DateField(
        label=_("date"),
        required=False,
        widget=DATE,
        help_text=_("The day the member gave or withdrew the consent (today if empty when withdrawing)."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        on = data.get("on")
        if on is not None and on > timezone.localdate():
            self.add_error("on", _("A consent cannot be given or withdrawn on a date still to come."))
        elif on is None and data.get("action") == self.GIVE:
            self.add_error("on", _("Give the date the member consented."))
        elif on is None:
            data["on"] = timezone.localdate()
        return data


class EraseForm(forms.Form):
    """Erasure asks to be confirmed by typing the word shown, so that no stray click erases a member."""

    confirm = forms.CharField(label=_("Type ERASE to confirm"), max_length=10)

    def clean_confirm(self) -> str:
        value: str = self.cleaned_data["confirm"]
        if value.strip().upper() != "ERASE":
            raise forms.ValidationError(_("Type ERASE to confirm the erasure."))
        return value
