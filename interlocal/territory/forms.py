from django import forms

from interlocal.core.forms import RECORD_FIELDS, RecordForm

from .models import PopulationFigure, Territory


class TerritoryForm(RecordForm):
    class Meta:
        model = Territory
        fields = [
            "key", "name", "kind", "country", "parent", "official_code",
            "area_km2", "latitude", "longitude", *RECORD_FIELDS,
        ]  # fmt: skip

    def clean_country(self) -> str:
        from interlocal.core.reference import validate_country

        return validate_country(self.cleaned_data["country"])


class PopulationFigureForm(RecordForm):
    year = forms.IntegerField(min_value=1800, max_value=2200)

    class Meta:
        model = PopulationFigure
        fields = ["territory", "year", "population", "source", *RECORD_FIELDS]
