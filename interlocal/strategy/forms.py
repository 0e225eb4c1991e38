from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from interlocal.core.forms import RECORD_FIELDS, RecordForm, check_period

from .models import ActionLine, ActionLineLink, Axis, Objective, Plan

DATE = forms.DateInput(attrs={"type": "date"})


class PlanForm(RecordForm):
    class Meta:
        model = Plan
        fields = ["title", "kind", "organisation", "starts_on", "ends_on", "description", *RECORD_FIELDS]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        check_period(self, "starts_on", "ends_on")
        return data


class AxisForm(RecordForm):
    class Meta:
        model = Axis
        fields = ["plan", "position", "title", "description", *RECORD_FIELDS]


class ObjectiveForm(RecordForm):
    class Meta:
        model = Objective
        fields = ["axis", "code", "title", "description", "sdg_targets", *RECORD_FIELDS]


class ActionLineForm(RecordForm):
    class Meta:
        model = ActionLine
        fields = ["objective", "code", "title", "description", *RECORD_FIELDS]


class ActionLineLinkForm(RecordForm):
    class Meta:
        model = ActionLineLink
        fields = ["action_line", "engagement", "project", "agreement", "note", *RECORD_FIELDS]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        chosen = [name for name in ("engagement", "project", "agreement") if data.get(name)]
        if len(chosen) != 1:
            raise forms.ValidationError(_("Choose exactly one engagement, project or agreement."))
        return data
