from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from interlocal.core.forms import RECORD_FIELDS, PublicForm, RecordForm, check_period
from interlocal.core.models import Theme
from interlocal.strategy.models import ActionLine, Objective

from .models import (
    Consultation,
    ConsultationPhase,
    ConsultationSession,
    Contribution,
    Sector,
    SessionAttendance,
)

DATE = forms.DateInput(attrs={"type": "date"})


class ConsultationForm(RecordForm):
    class Meta:
        model = Consultation
        fields = [
            "title",
            "organisation",
            "plan",
            "plan_name",
            "description",
            "status",
            "themes",
            "sectors",
            "reported_meetings",
            "reported_organisations",
            "reported_people",
            "reported_note",
            *RECORD_FIELDS,
        ]


class ConsultationPhaseForm(RecordForm):
    class Meta:
        model = ConsultationPhase
        fields = ["consultation", "position", "name", "starts_on", "ends_on", "description", *RECORD_FIELDS]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def clean(self) -> dict[str, Any]:
        super().clean()
        check_period(self, "starts_on", "ends_on")
        return self.cleaned_data


class ConsultationSessionForm(RecordForm):
    class Meta:
        model = ConsultationSession
        fields = [
            "consultation",
            "phase",
            "title",
            "held_on",
            "place",
            "online",
            "organisations",
            "summary",
            *RECORD_FIELDS,
        ]
        widgets = {"held_on": DATE}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        phase, consultation = data.get("phase"), data.get("consultation")
        if phase is not None and consultation is not None and phase.consultation_id != consultation.pk:
            self.add_error("phase", _("Choose a phase of this consultation."))
        if not data.get("online") and not (data.get("place") or "").strip() and "place" not in self.errors:
            self.add_error("place", _("Give the place, or tick “online”."))
        return data


class SessionAttendanceForm(RecordForm):
    class Meta:
        model = SessionAttendance
        fields = ["session", "sector", "people", *RECORD_FIELDS]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        session, sector = data.get("session"), data.get("sector")
        if session is not None and sector is not None:
            taken = SessionAttendance.objects.filter(session=session, sector=sector).exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error("sector", _("This session already counts this sector: change that row instead."))
        return data


def check_change(form: forms.BaseForm, consultation: Consultation | None) -> None:
    """The objective or action line a contribution changed belongs to the consultation's plan, and to each other."""
    data = form.cleaned_data
    objective: Objective | None = data.get("changed_objective")
    line: ActionLine | None = data.get("changed_action_line")
    plan_id = consultation.plan_id if consultation is not None else None
    if objective is not None and plan_id is not None and objective.axis.plan_id != plan_id:
        form.add_error("changed_objective", _("Choose an objective of the consultation's plan."))
    if line is not None:
        if plan_id is not None and line.objective.axis.plan_id != plan_id:
            form.add_error("changed_action_line", _("Choose an action line of the consultation's plan."))
        elif objective is not None and line.objective_id != objective.pk:
            form.add_error("changed_action_line", _("Choose an action line of the objective it changed."))


class ContributionForm(RecordForm):
    class Meta:
        model = Contribution
        fields = [
            "consultation",
            "source",
            "organisation",
            "session",
            "sector",
            "text",
            "received_on",
            "objectives",
            "themes",
            "changed_objective",
            "changed_action_line",
            "response",
            *RECORD_FIELDS,
        ]
        widgets = {"received_on": DATE}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        consultation = data.get("consultation")
        if data.get("source") == "organisation" and not data.get("organisation") and "organisation" not in self.errors:
            self.add_error("organisation", _("Name the organisation that contributed."))
        session = data.get("session")
        if session is not None and consultation is not None and session.consultation_id != consultation.pk:
            self.add_error("session", _("Choose a session of this consultation."))
        check_change(self, consultation)
        if (data.get("changed_objective") or data.get("changed_action_line")) and self.instance.moderation not in (
            "",
            "accepted",
        ):
            self.add_error(None, _("Accept the contribution before linking it to what it changed."))
        return data


class PublicContributionForm(PublicForm):
    """What a member of the public writes to an open consultation, without an account: no more than needed."""

    text = forms.CharField(
        label=_("Your contribution"),
        min_length=20,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What should the plan do, change or keep? Between 20 and 5,000 characters."),
    )
    sector = forms.ModelChoiceField(
        label=_("Your sector"),
        queryset=Sector.objects.all(),
        required=False,
        empty_label=_("None, or rather not say"),
    )
    objectives = forms.ModelMultipleChoiceField(
        label=_("Objectives it concerns"),
        queryset=Objective.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    organisation = forms.CharField(
        label=_("Organisation or group you write for (optional)"),
        max_length=200,
        required=False,
        help_text=_("Seen by the consultation's team only."),
    )
    email = forms.EmailField(
        label=_("Your e-mail (optional)"),
        required=False,
        help_text=_("Only if you want the team to be able to answer you; it is never published."),
    )

    def __init__(self, *args: Any, objectives: "QuerySet[Objective]", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["objectives"].queryset = objectives  # type: ignore[attr-defined]
        if not objectives.exists():
            del self.fields["objectives"]

    def clean_organisation(self) -> str:
        value: str = self.cleaned_data["organisation"]
        if any(c in value for c in "\r\n\x00"):
            raise ValidationError(_("Write it on one line."))
        return value.strip()


class ModerationForm(forms.Form):
    """A moderator's decision on a contribution, and what was done with it."""

    changed_objective = forms.ModelChoiceField(
        label=_("Objective it changed"), queryset=Objective.objects.none(), required=False
    )
    changed_action_line = forms.ModelChoiceField(
        label=_("Action line it changed"), queryset=ActionLine.objects.none(), required=False
    )
    response = forms.CharField(
        label=_("What we did"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, consultation: Consultation, access: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        objectives = Objective.objects.visible_to(access)
        lines = ActionLine.objects.visible_to(access)
        if consultation.plan_id is not None:
            objectives = objectives.filter(axis__plan_id=consultation.plan_id)
            lines = lines.filter(objective__axis__plan_id=consultation.plan_id)
        self.fields["changed_objective"].queryset = objectives.order_by("code", "title")  # type: ignore[attr-defined]
        self.fields["changed_action_line"].queryset = lines.order_by("code", "title")  # type: ignore[attr-defined]

    def offer(self, objectives: list[Objective], lines: list[ActionLine]) -> None:
        """Offer these objectives and action lines, read once for a whole queue, instead of querying per form."""
        empty = [("", self.fields["changed_objective"].empty_label)]  # type: ignore[attr-defined]
        self.fields["changed_objective"].choices = [*empty, *((o.pk, str(o)) for o in objectives)]  # type: ignore[attr-defined]
        self.fields["changed_action_line"].choices = [*empty, *((a.pk, str(a)) for a in lines)]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        super().clean()
        check_change(self, self.consultation)
        return self.cleaned_data
