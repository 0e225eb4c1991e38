from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from interlocal.core.forms import RECORD_FIELDS, RecordForm, check_period
from interlocal.core.reference import validate_country

from .models import Fact, ManagementUnit, Organisation, Person, Position, UnitYear


class OrganisationForm(RecordForm):
    class Meta:
        model = Organisation
        fields = [
            "key", "name", "acronym", "kind", "country", "territory", "parent",
            "description", "website", "themes", "priority_regions", *RECORD_FIELDS,
        ]  # fmt: skip

    def clean_country(self) -> str:
        country = self.cleaned_data["country"]
        return validate_country(country) if country else ""

    def clean_parent(self) -> Organisation | None:
        parent: Organisation | None = self.cleaned_data["parent"]
        if parent and self.instance.pk and parent.pk == self.instance.pk:
            raise forms.ValidationError(_("An organisation cannot be its own parent."))
        return parent


class ManagementUnitForm(RecordForm):
    class Meta:
        model = ManagementUnit
        fields = ["organisation", "name", "scope", "note", *RECORD_FIELDS]


class UnitYearForm(RecordForm):
    year = forms.IntegerField(min_value=1900, max_value=2200)

    class Meta:
        model = UnitYear
        fields = ["unit", "year", "staff", "budget_eur", *RECORD_FIELDS]


class PersonForm(RecordForm):
    class Meta:
        model = Person
        fields = ["name", "email", "phone", "web_page", "notes", *RECORD_FIELDS]


class PersonConsentForm(forms.Form):
    """Give or withdraw a person's consent to publication: the date and purpose are required to give it."""

    GIVE, WITHDRAW = "give", "withdraw"

    action = forms.ChoiceField(choices=[(GIVE, _("Record consent")), (WITHDRAW, _("Withdraw consent"))])
    given_on = forms.DateField(
        label=_("consent given on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    purpose = forms.CharField(
        label=_("purpose"),
        max_length=300,
        required=False,
        help_text=_("What the person agreed to, e.g. their name and work contact on the public portal."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") != self.GIVE:
            return data
        given_on = data.get("given_on")
        if given_on is None:
            self.add_error("given_on", _("Give the date the person consented."))
        elif given_on > timezone.localdate():
            self.add_error("given_on", _("Consent cannot be given on a date still to come."))
        if not (data.get("purpose") or "").strip():
            self.add_error("purpose", _("Say what the person consented to."))
        return data


class PositionForm(RecordForm):
    class Meta:
        model = Position
        fields = ["person", "organisation", "unit", "title", "start_on", "end_on", *RECORD_FIELDS]
        widgets = {
            "start_on": forms.DateInput(attrs={"type": "date"}),
            "end_on": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        check_period(self, "start_on", "end_on")
        unit, organisation = data.get("unit"), data.get("organisation")
        if unit and organisation and unit.organisation_id != organisation.pk:
            self.add_error("unit", _("This unit belongs to another organisation."))
        return data


class FactForm(RecordForm):
    class Meta:
        model = Fact
        fields = ["territory", "organisation", "topic", "statement", "value", "value_unit", *RECORD_FIELDS]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("territory") and not data.get("organisation"):
            raise forms.ValidationError(_("A fact is about a territory or an organisation: choose one."))
        return data
