"""A record's URL, written from its kind's URL once reversed (`Record.get_absolute_url`), is the one Django reverses."""

from django.test import Client
from django.urls import reverse, set_script_prefix

from interlocal.core.entities import REGISTRY
from interlocal.core.models import Record

from .factories import World


def test_every_kind_of_record_links_to_the_url_django_reverses() -> None:
    kinds = [spec.model for spec in REGISTRY.values() if spec.model.get_absolute_url is Record.get_absolute_url]
    assert len(kinds) > 20
    for model in kinds:
        name = f"{model._meta.app_label}:{model._meta.model_name}-detail"
        for key in (1, 42, 2**40 + 7):
            assert model(pk=key).get_absolute_url() == reverse(name, args=[key])


def test_a_record_url_keeps_the_prefix_the_site_is_served_under(world: World) -> None:
    record = world.own
    assert record.get_absolute_url() == f"/organisations/{record.pk}/"
    set_script_prefix("/interlocal/")
    try:
        assert record.get_absolute_url() == f"/interlocal/organisations/{record.pk}/"
    finally:
        set_script_prefix("/")
    page = Client().get("/organisations/").content.decode()
    assert f'<a href="/organisations/{record.pk}/">{record.name}</a>' in page
