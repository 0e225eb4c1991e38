from typing import Any

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from interlocal.core.access import Author
from interlocal.core.forms import RECORD_FIELDS, RecordForm
from interlocal.core.reference import validate_country

from . import services
from .models import MeasuredVariable, Profile


class LinesField(forms.Field):
    """A list of short texts, typed one per line (or given as a JSON list through the API)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value: Any) -> list[str]:
        if value in (None, ""):
            return []
        if isinstance(value, list | tuple):
            items = [str(v) for v in value]
        elif isinstance(value, str):
            items = value.splitlines()
        else:
            raise forms.ValidationError(_("Give one item per line."))
        items = [item.strip() for item in items if item.strip()]
        if any(len(item) > 300 for item in items):
            raise forms.ValidationError(_("Each item must be 300 characters or fewer."))
        return items

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value


ASSESSED_FIELDS = [
    "governance_scenario", "governance_note", "planning_kind", "planning_note", "plans",
    "plan_has_sectoral_strategies", "transversal_space", "transversal_space_note",
    "coordination_between_governments", "coordination_mechanisms", "citizen_participation",
    "participation_mechanisms", "public_private_collaboration", "public_private_mechanisms",
    "bilateral_management", "hosted_organisations", "reputation_brand", "investment_instruments",
    "talent_instruments", "science_diplomacy", "measured_variables", "measures_classic_variables",
    "tracks_rankings", "measures_externalities", "measures_outcomes", "web_page", "has_web_page",
    "annual_review", "cooperation_budget_eur", "total_budget_eur", "cooperation_share_percent",
    "cooperation_note", "continuity_mechanism", "continuity_note", "declared_staff",
    "declared_budget_eur", "declared_networks", "declared_agreements",
]  # fmt: skip


class ProfileForm(RecordForm):
    """A metropolis profile; a new one is a self-assessment that also registers its metropolis."""

    metropolis_name = forms.CharField(
        label=_("metropolis"),
        max_length=200,
        required=False,
        help_text=_("For a new profile: the metropolis it describes."),
    )
    plans = LinesField(label=_("plans"), required=False, help_text=_("One plan per line."))
    hosted_organisations = LinesField(
        label=_("international organisations hosted"), required=False, help_text=_("One per line.")
    )
    measured_variables = forms.MultipleChoiceField(
        label=_("variables measured"),
        choices=MeasuredVariable.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Profile
        fields = ["metropolis_name", "name", "country", *ASSESSED_FIELDS, *RECORD_FIELDS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["metropolis_name"]

    def clean_country(self) -> str:
        return validate_country(self.cleaned_data["country"])

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not self.instance.pk:
            if not data.get("metropolis_name"):
                self.add_error("metropolis_name", _("Name the metropolis this profile describes."))
            elif Profile.objects.filter(key=slugify(data.get("name") or "")).exists():
                self.add_error("name", _("A profile with this name exists already."))
        for name in ("cooperation_budget_eur", "total_budget_eur", "declared_budget_eur"):
            if data.get(name) is not None and data[name] < 0:
                self.add_error(name, _("A budget cannot be negative."))
        share = data.get("cooperation_share_percent")
        if share is not None and not 0 <= share <= 100:
            self.add_error("cooperation_share_percent", _("A share lies between 0 and 100."))
        budget, total = data.get("cooperation_budget_eur"), data.get("total_budget_eur")
        if budget is not None and total is not None and budget > total:
            self.add_error("cooperation_budget_eur", _("The cooperation budget cannot exceed the total budget."))
        return data

    def save_with(self, *, user: Author) -> Any:
        fields, m2m = self.split_cleaned_data()
        if self.instance.pk:
            return super().save_with(user=user)
        return services.profile_self_assess(
            access=self.access, user=user, metropolis_name=self.cleaned_data["metropolis_name"], fields=fields
        )
