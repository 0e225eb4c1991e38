from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from interlocal.core.forms import RECORD_FIELDS, RecordForm, check_period
from interlocal.core.permissions import Access
from interlocal.ecosystem.models import Organisation

from .models import BodyMember, Decision, FollowUpAction, GovernmentChange, Meeting

DATE = forms.DateInput(attrs={"type": "date"})


class GovernmentChangeForm(RecordForm):
    class Meta:
        model = GovernmentChange
        fields = ["territory", "partner_place", "changed_on", "description", *RECORD_FIELDS]
        widgets = {"changed_on": DATE}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("territory") and not data.get("partner_place") and "territory" not in self.errors:
            self.add_error("territory", _("Choose the territory or the partner place whose government changed."))
        return data


class BodyMemberForm(RecordForm):
    class Meta:
        model = BodyMember
        fields = ["body", "organisation", "role", *RECORD_FIELDS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        body, organisation = data.get("body"), data.get("organisation")
        if body and organisation:
            if body == organisation:
                self.add_error("organisation", _("A body cannot be its own member."))
            duplicate = BodyMember.objects.filter(body=body, organisation=organisation).exclude(pk=self.instance.pk)
            if duplicate.exists():
                self.add_error("organisation", _("This organisation is already a member of the body."))
        return data


class MeetingForm(RecordForm):
    class Meta:
        model = Meeting
        fields = ["body", "title", "held_on", "agenda", "attendees", "minutes", *RECORD_FIELDS]
        widgets = {"held_on": DATE}


class DecisionForm(RecordForm):
    class Meta:
        model = Decision
        fields = ["meeting", "text", *RECORD_FIELDS]


class FollowUpActionForm(RecordForm):
    class Meta:
        model = FollowUpAction
        fields = [
            "title", "responsible", "due_on", "status", "notes", "meeting", "decision",
            "agreement", "partner_place", "subject", "engagement", *RECORD_FIELDS,
        ]  # fmt: skip
        widgets = {"due_on": DATE}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        decision, meeting = data.get("decision"), data.get("meeting")
        if decision and meeting and decision.meeting_id != meeting.pk:
            self.add_error("decision", _("This decision was taken at another meeting."))
        if decision and not meeting:
            data["meeting"] = decision.meeting
        return data


class DismissForm(forms.Form):
    reason = forms.CharField(
        label=_("Why dismiss this finding?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Say why, so whoever comes next understands."),
    )


class FollowUpFromFindingForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=250)
    responsible = forms.ModelChoiceField(label=_("Responsible organisation"), queryset=Organisation.objects.none())
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DATE)

    def __init__(self, *args: Any, access: Access, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["responsible"]
        field.queryset = Organisation.objects.visible_to(access).filter(pk__in=[o.pk for o in organisations])  # type: ignore[attr-defined]


class JointMissionForm(forms.Form):
    title = forms.CharField(label=_("Title of the joint mission"), max_length=250)
    start_on = forms.DateField(label=_("From"), widget=DATE)
    end_on = forms.DateField(label=_("Until"), required=False, widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_period(self, "start_on", "end_on")
        return data


class FindingSettingsForm(forms.Form):
    window_days = forms.IntegerField(
        label=_("Overlap window (days)"), min_value=1, max_value=730, required=False, initial=60
    )
    dormant_months = forms.IntegerField(
        label=_("Dormant after (months)"), min_value=1, max_value=240, required=False, initial=24
    )
    activity_months = forms.IntegerField(
        label=_("Activity looked back (months)"), min_value=1, max_value=240, required=False, initial=24
    )
    decided = forms.BooleanField(label=_("Show dismissed and actioned findings"), required=False)
