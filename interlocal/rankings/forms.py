from typing import Any

from django import forms
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from interlocal.core.access import Author
from interlocal.core.forms import RECORD_FIELDS, RecordForm
from interlocal.core.models import Visibility
from interlocal.core.permissions import can_edit
from interlocal.results.models import Indicator

from . import services
from .imports import MAX_BYTES
from .models import Edition, Position, Ranking

DATE = forms.DateInput(attrs={"type": "date"})


class RankingRecordForm(RecordForm):
    """A ranking's, edition's or position's form: the write and the sync of the ranking's values in one transaction."""

    def save_with(self, *, user: Author) -> Model:
        with transaction.atomic():
            record = super().save_with(user=user)
            services.rankings_sync(services.rankings_touched(type(record), [record.pk]), user=user)
        return record


class RankingForm(RankingRecordForm):
    methodology_url = forms.URLField(
        label=_("methodology"), max_length=500, required=False, assume_scheme="https",
        help_text=_("The web page that explains how the ranking is made."),
    )  # fmt: skip

    class Meta:
        model = Ranking
        fields = [
            "key", "name", "publisher", "publisher_name", "methodology_url", "better_means", "places_ranked",
            "description", *RECORD_FIELDS,
        ]  # fmt: skip

    def clean_key(self) -> str:
        key: str = self.cleaned_data["key"]
        taken = Indicator.objects.filter(key=f"{services.INDICATOR_PREFIX}{key}")
        if self.instance.indicator_id:
            taken = taken.exclude(pk=self.instance.indicator_id)
        if taken.exists():
            raise forms.ValidationError(_("An indicator already has the key this ranking's indicator would take."))
        return key


class EditionForm(RankingRecordForm):
    class Meta:
        model = Edition
        fields = ["ranking", "year", "published_on", "label", "places_ranked", "source", "notes", *RECORD_FIELDS]
        widgets = {"published_on": DATE}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        ranking = data.get("ranking")
        moved = ranking is not None and ranking != getattr(self.instance, "ranking", None)
        if moved and ranking is not None and not can_edit(self.access, ranking):
            self.add_error("ranking", _("You may only add editions to rankings of your own organisation."))
        if not data.get("year") and not (data.get("label") or "").strip():
            self.add_error("label", _("Without a year, say how the source names this edition."))
        return data


class PositionForm(RankingRecordForm):
    class Meta:
        model = Position
        fields = ["edition", "territory", "position", "source", *RECORD_FIELDS]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        edition = data.get("edition")
        moved = edition is not None and edition != getattr(self.instance, "edition", None)
        if moved and edition is not None and not can_edit(self.access, edition):
            self.add_error("edition", _("You may only add positions to editions of your own organisation."))
        places = edition and (edition.places_ranked or edition.ranking.places_ranked)
        if places and data.get("position") and data["position"] > places:
            self.add_error(
                "position", _("This edition ranks %(places)s places: a position is at most that.") % {"places": places}
            )
        return data


class EditionsImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"), help_text=_("UTF-8, one row per position; see the columns below. At most 2 MB.")
    )
    visibility = forms.ChoiceField(
        label=_("Visibility of new editions and positions"),
        choices=Visibility.choices,
        initial=Visibility.INTERNAL,
    )
    check_only = forms.BooleanField(
        label=_("Check the file only (change nothing)"),
        required=False,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload
