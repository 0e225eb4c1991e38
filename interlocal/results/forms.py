from typing import Any, cast

from django import forms
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from interlocal.core import services as core_services
from interlocal.core.access import Author
from interlocal.core.forms import RECORD_FIELDS, RecordForm
from interlocal.ecosystem.models import Organisation

from . import services
from .models import Aggregation, Counterweight, Indicator, Observation, Target
from .periods import parse_period, period_label


class IndicatorForm(RecordForm):
    class Meta:
        model = Indicator
        fields = [
            "key", "name", "description", "kind", "role", "unit", "polarity", "aggregation", "numerator",
            "denominator", "scale", "periodicity", "territorial_level", "source", "objectives", "contributes_to",
            "projects", *RECORD_FIELDS,
        ]  # fmt: skip

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("aggregation") == Aggregation.RATIO:
            for name in ("numerator", "denominator"):
                if not data.get(name):
                    self.add_error(name, _("A ratio needs a numerator and a denominator indicator."))
                elif self.instance.pk and data[name].pk == self.instance.pk:
                    self.add_error(name, _("An indicator cannot be a part of its own ratio."))
        return data


class CounterweightForm(RecordForm):
    class Meta:
        model = Counterweight
        fields = ["attraction", "cost", "rationale", *RECORD_FIELDS]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("attraction") and data.get("attraction") == data.get("cost"):
            self.add_error("cost", _("An indicator cannot be its own counterweight."))
        return data


class PeriodFormMixin:
    """A period typed as 2023, 2023-Q2 or 2023-05, stored as its kind and first day."""

    def clean_period(self) -> tuple[str, Any]:
        try:
            return parse_period(self.cleaned_data["period"])  # type: ignore[attr-defined]
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def _check_periodicity(self, data: dict[str, Any]) -> None:
        indicator, period = data.get("indicator"), data.get("period")
        if indicator and period and period[0] != indicator.periodicity:
            self.add_error(  # type: ignore[attr-defined]
                "period",
                _("“%(indicator)s” is measured per %(periodicity)s.")
                % {"indicator": indicator, "periodicity": indicator.get_periodicity_display().lower()},
            )

    def _initial_period(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
        instance = kwargs.get("instance")
        if instance is not None and instance.pk:
            label = period_label(instance.period_kind, instance.period_start)
            kwargs.setdefault("initial", {})["period"] = label
            if args and args[0] is not None and "period" not in args[0]:  # a partial API update
                data = args[0].copy()
                data["period"] = label
                args = (data, *args[1:])
        return args


PERIOD_HELP = _("A year (2023), a quarter (2023-Q2) or a month (2023-05), as the indicator is measured.")


class ObservationForm(PeriodFormMixin, RecordForm):
    period = forms.CharField(label=_("period"), max_length=10, help_text=PERIOD_HELP)

    class Meta:
        model = Observation
        fields = ["indicator", "territory", "period", "value", "breakdown", "source", *RECORD_FIELDS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        args = self._initial_period(args, kwargs)
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        self._check_periodicity(data)
        indicator, territory = data.get("indicator"), data.get("territory")
        if indicator and territory and territory.kind != indicator.territorial_level:
            self.add_error(
                "territory",
                _("This indicator is recorded per %(level)s.")
                % {"level": indicator.get_territorial_level_display().lower()},
            )
        if indicator and territory and data.get("period") and not self.errors:
            kind, start = data["period"]
            clash = Observation.objects.filter(
                indicator=indicator, territory=territory, period_kind=kind, period_start=start,
                breakdown=data.get("breakdown", ""),
            ).exclude(pk=self.instance.pk)  # fmt: skip
            if clash.exists():
                self.add_error("period", _("A value for this indicator, territory and period already exists."))
        return data

    def save_with(self, *, user: Author) -> Model:
        fields, _m2m = self.split_cleaned_data()
        kind, start = self.cleaned_data["period"]
        fields.update(period_kind=kind, period_start=start)
        if self.instance.pk:
            return services.observation_update(
                access=self.access, user=user, instance=self.instance, fields=fields, version=self.loaded_version()
            )
        return services.observation_create(access=self.access, user=user, fields=fields)


class TargetForm(PeriodFormMixin, RecordForm):
    period = forms.CharField(label=_("period"), max_length=10, help_text=PERIOD_HELP)

    class Meta:
        model = Target
        fields = ["indicator", "territory", "kind", "period", "value", *RECORD_FIELDS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        args = self._initial_period(args, kwargs)
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        self._check_periodicity(data)
        return data

    def save_with(self, *, user: Author) -> Model:
        fields, _m2m = self.split_cleaned_data()
        kind, start = self.cleaned_data["period"]
        fields.update(period_kind=kind, period_start=start)
        if self.instance.pk:
            target = cast(Target, self.instance)
            return core_services.record_update(
                access=self.access, user=user, instance=target, fields=fields, version=self.loaded_version()
            )
        return core_services.record_create(access=self.access, user=user, model=Target, fields=fields)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "Columns: indicator (its key), territory (key or INE code), period (2023, 2023-Q2 or 2023-05), "
            "value; optionally breakdown and source. UTF-8 for CSV. At most 20 MB."
        ),
    )
    owner = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("owning organisation"))
    visibility = forms.ChoiceField(
        label=_("visibility"),
        choices=[("internal", _("Internal")), ("public", _("Public")), ("draft", _("Draft"))],
        initial="internal",
    )

    def __init__(self, *args: Any, access: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owners = cast_queryset(Organisation.objects.all(), access)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        if len(access.edits_for) == 1:
            self.fields["owner"].initial = next(iter(access.edits_for))

    def clean_file(self) -> Any:
        from .imports import MAX_BYTES

        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        name = upload.name.lower()
        if not (name.endswith(".csv") or name.endswith(".xlsx") or name.endswith(".txt")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


def cast_queryset(queryset: Any, access: Any) -> Any:
    """The organisations the user may create values for."""
    if access.coordinator and not access.edits_for:  # e.g. a superuser with no role
        return queryset.filter(kind__in=["metropolitan_government", "municipal_government"], archived_at__isnull=True)
    return queryset.filter(pk__in=access.edits_for)
