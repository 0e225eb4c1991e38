from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from interlocal.core.reference import country_name, search_cities


def city_suggestions(request: HttpRequest) -> HttpResponse:
    """Options for the partner-city input: the most populous GeoNames cities with that prefix."""
    cities = search_cities(request.GET.get("partner_city", ""))
    options = [(f"{c.name}, {c.country}", f"{c.name}, {country_name(c.country)}") for c in cities]
    return render(request, "diplomacy/_city_options.html", {"options": options})
