"""Writes of the city-diplomacy domain that go beyond the generic record services."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from interlocal.core import services
from interlocal.core.access import Author
from interlocal.core.permissions import SYSTEM, Access
from interlocal.core.reference import City

from .models import PartnerPlace


def check_city_usable(*, access: Access, city: City) -> PartnerPlace | None:
    """The partner place of a GeoNames city the user may see, None if the city has none yet.

    A city has one place at most (its GeoNames id is unique): when its place is one the user
    may not see, the city cannot be used (ValidationError), and the place is neither named
    nor linked. That it exists is told, as the partner place form tells it of a GeoNames id.
    """
    found = PartnerPlace.objects.visible_to(access).filter(geonameid=city.geonameid).first()
    if found is None and PartnerPlace.objects.filter(geonameid=city.geonameid).exists():
        raise ValidationError(
            _("This city cannot be used: its partner place is not shared with you. Ask a coordinator.")
        )
    return found


def partner_place_for_city(
    *, access: Access, user: Author, city: City, owner: Any, visibility: str = "public"
) -> PartnerPlace:
    """The partner place for a GeoNames city, registered on first use (ValidationError: see check_city_usable).

    Partner places are shared reference data: whoever first names a city
    registers it, so no editor's permission is needed to add one.
    """
    existing = check_city_usable(access=access, city=city)
    if existing is not None:
        return existing
    return services.record_create(
        access=SYSTEM,
        user=user,
        model=PartnerPlace,
        fields={
            "name": city.name,
            "country": city.country,
            "geonameid": city.geonameid,
            "latitude": city.latitude,
            "longitude": city.longitude,
            "population": city.population,
            "owner": owner,
            "visibility": visibility,
        },
    )


def record_with_partner_city(*, access: Access, user: Author, form: Any, place_field: str) -> Any:
    """Save an agreement or engagement whose place may be given as a city name.

    One transaction: an edit refused as stale leaves no new partner place behind.
    """
    fields, m2m = form.split_cleaned_data()
    with transaction.atomic():
        city = form.cleaned_data.get("partner_city_resolved")
        if city is not None:
            fields[place_field] = partner_place_for_city(access=access, user=user, city=city, owner=fields["owner"])
        if form.instance.pk:
            return services.record_update(
                access=access,
                user=user,
                instance=form.instance,
                fields=fields,
                m2m=m2m,
                version=form.loaded_version(),
            )
        return services.record_create(access=access, user=user, model=form._meta.model, fields=fields, m2m=m2m)
