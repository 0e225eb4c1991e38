"""Writes of the city-diplomacy domain that go beyond the generic record services."""

from typing import Any

from django.db import transaction

from interlocal.core import services
from interlocal.core.access import Author
from interlocal.core.permissions import SYSTEM, Access
from interlocal.core.reference import City

from .models import PartnerPlace


def partner_place_for_city(*, user: Author, city: City, owner: Any, visibility: str = "public") -> PartnerPlace:
    """The partner place for a GeoNames city, registered on first use.

    Partner places are shared reference data: whoever first names a city
    registers it, so no editor's permission is needed to add one.
    """
    existing = PartnerPlace.objects.filter(geonameid=city.geonameid).first()
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
            fields[place_field] = partner_place_for_city(user=user, city=city, owner=fields["owner"])
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
