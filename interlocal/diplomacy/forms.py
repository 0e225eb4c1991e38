from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from interlocal.core.access import Author
from interlocal.core.forms import RECORD_FIELDS, RecordForm, check_period
from interlocal.core.permissions import Access
from interlocal.core.reference import parse_city, validate_country

from . import services
from .maps import LINK_KINDS, MapFilters
from .models import Agreement, AgreementStatus, Engagement, Membership, PartnerPlace

DATE = forms.DateInput(attrs={"type": "date"})


class PartnerCityFormMixin(forms.Form):
    """Lets the user name a city (“Lyon” or “Lyon, FR”) instead of choosing a registered place."""

    place_field = "partner_place"
    place_required = True
    access: Access  # set by RecordForm
    partner_city = forms.CharField(
        label=_("or a city by name"),
        required=False,
        max_length=200,
        help_text=_("A city of 15,000 inhabitants or more, e.g. “Lyon” or “Lyon, FR”."),
        widget=forms.TextInput(attrs={"list": "city-suggestions", "autocomplete": "off"}),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        text = data.get("partner_city")
        if text:
            try:
                data["partner_city_resolved"] = city = parse_city(text)
                services.check_city_usable(access=self.access, city=city)
            except ValidationError as error:
                self.add_error("partner_city", error)
        elif self.place_required and not data.get(self.place_field) and self.place_field not in self.errors:
            self.add_error(self.place_field, _("Choose a partner place or name a city."))
        return data

    def save_with(self, *, user: Author) -> Any:
        return services.record_with_partner_city(
            access=self.access,
            user=user,
            form=self,
            place_field=self.place_field,
        )


class MembershipForm(RecordForm):
    class Meta:
        model = Membership
        fields = [
            "organisation", "network", "role", "main_link", "start_on", "end_on",
            "annual_fee_eur", "priority", *RECORD_FIELDS,
        ]  # fmt: skip
        widgets = {"start_on": DATE, "end_on": DATE}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        check_period(self, "start_on", "end_on")
        if data.get("organisation") and data.get("network") and data["organisation"] == data["network"]:
            self.add_error("network", _("An organisation cannot be a member of itself."))
        fee = data.get("annual_fee_eur")
        if fee is not None and fee < 0:
            self.add_error("annual_fee_eur", _("The fee cannot be negative."))
        return data


class PartnerPlaceForm(RecordForm):
    class Meta:
        model = PartnerPlace
        fields = ["name", "kind", "country", "geonameid", "latitude", "longitude", "population", *RECORD_FIELDS]

    def clean_country(self) -> str:
        return validate_country(self.cleaned_data["country"])

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        lat, lon = data.get("latitude"), data.get("longitude")
        if lat is not None and not -90 <= lat <= 90:
            self.add_error("latitude", _("A latitude lies between -90 and 90."))
        if lon is not None and not -180 <= lon <= 180:
            self.add_error("longitude", _("A longitude lies between -180 and 180."))
        return data


class AgreementForm(PartnerCityFormMixin, RecordForm):
    class Meta:
        model = Agreement
        fields = [
            "organisation", "title", "kind", "status", "partner_place", "partner_city", "parties",
            "aims", "resources", "themes", "sdg_targets", "signed_on", "ends_on", "document_url", *RECORD_FIELDS,
        ]  # fmt: skip
        widgets = {"signed_on": DATE, "ends_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner_place"].required = False

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        check_period(self, "signed_on", "ends_on")
        return data


class EngagementForm(PartnerCityFormMixin, RecordForm):
    place_field = "place"
    place_required = False

    class Meta:
        model = Engagement
        fields = [
            "title", "kind", "start_on", "end_on", "place", "partner_city", "participants",
            "agreement", "network", "project", "outcome", *RECORD_FIELDS,
        ]  # fmt: skip
        widgets = {"start_on": DATE, "end_on": DATE}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        check_period(self, "start_on", "end_on")
        return data


class MapFilterForm(forms.Form):
    """The relations map's filters, from a query string: kinds of link, an agreement status, a span of years."""

    kind = forms.MultipleChoiceField(
        label=_("Show"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("agreement", _("Agreements")),
            ("engagement", _("Engagements")),
            ("network", _("Network memberships")),
        ],
    )
    status = forms.ChoiceField(
        label=_("Agreement status"), required=False, choices=[("", _("Any"))] + AgreementStatus.choices
    )
    first = forms.IntegerField(label=_("From (year)"), required=False, min_value=1900, max_value=2100)
    last = forms.IntegerField(label=_("Until (year)"), required=False, min_value=1900, max_value=2100)

    def __init__(self, data: Any = None) -> None:
        bound = data is not None and any(key in data for key in ("kind", "status", "first", "last"))
        super().__init__(data if bound else None, initial={"kind": list(LINK_KINDS)})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, last = cleaned.get("first"), cleaned.get("last")
        if first is not None and last is not None and first > last:
            raise ValidationError(_("The first year comes after the last."))
        return cleaned

    def filters(self) -> MapFilters:
        """The filters asked for; an unbound or invalid form shows everything."""
        if not self.is_bound or not self.is_valid():
            return MapFilters()
        data = self.cleaned_data
        return MapFilters(
            kinds=tuple(data["kind"]) or LINK_KINDS, status=data["status"], first=data["first"], last=data["last"]
        )

    def query(self) -> str:
        """The valid filters as a query string for the map's data URL ("" for everything)."""
        chosen = self.filters()
        pairs = [("kind", k) for k in chosen.kinds if chosen.kinds != LINK_KINDS]
        pairs += [
            (key, str(value))
            for key, value in (("status", chosen.status), ("first", chosen.first), ("last", chosen.last))
            if value
        ]
        return urlencode(pairs)
