from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from interlocal.core.forms import RECORD_FIELDS, RecordForm, check_period

from .models import Funding, Project

DATE = forms.DateInput(attrs={"type": "date"})


class ProjectForm(RecordForm):
    class Meta:
        model = Project
        fields = [
            "title", "kind", "status", "description", "lead", "partners", "budget_eur",
            "start_on", "end_on", "places", "sdg_targets", *RECORD_FIELDS,
        ]  # fmt: skip
        widgets = {"start_on": DATE, "end_on": DATE}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        check_period(self, "start_on", "end_on")
        if data.get("budget_eur") is not None and data["budget_eur"] < 0:
            self.add_error("budget_eur", _("The budget cannot be negative."))
        return data


class FundingForm(RecordForm):
    class Meta:
        model = Funding
        fields = ["project", "funder", "amount_eur", *RECORD_FIELDS]

    def clean_amount_eur(self) -> Any:
        amount = self.cleaned_data["amount_eur"]
        if amount is not None and amount <= 0:
            raise forms.ValidationError(_("The amount must be positive."))
        return amount
