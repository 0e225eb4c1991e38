"""A list's filters offer the records the reader may see, as they are now: their options are remembered for each
class of reader (`RecordFilterSet.shown_form`, `core.memo`) until a record of their kind changes."""

import re

from django.test import Client

from interlocal.core import services
from interlocal.core.permissions import SYSTEM
from interlocal.ecosystem.models import Organisation

from .factories import World


def lead_options(client: Client) -> list[str]:
    page = client.get("/projects/").content.decode()
    select = re.search(r'<select name="lead"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None, "the lead filter is a select"
    return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))


def test_the_filters_options_follow_a_new_record_a_rename_and_who_is_reading(world: World) -> None:
    anonymous, editor = Client(), Client()
    editor.force_login(world.users["editor"])
    assert "Zqdraft agency" not in lead_options(anonymous) + lead_options(editor)  # read once: now remembered

    def organisation(name: str, visibility: str) -> Organisation:
        fields = {
            "key": name.lower().replace(" ", "-"),
            "name": name,
            "kind": "cooperation_agency",
            "visibility": visibility,
        }
        return services.record_create(
            access=SYSTEM, user=None, model=Organisation, fields={**fields, "owner": world.own}
        )

    public = organisation("Zqpublic agency", "public")
    organisation("Zqdraft agency", "draft")
    assert "Zqpublic agency" in lead_options(anonymous)
    assert "Zqdraft agency" not in lead_options(anonymous)
    assert {"Zqpublic agency", "Zqdraft agency"} <= set(lead_options(editor))

    services.record_update(access=SYSTEM, user=None, instance=public, fields={"name": "Zqrenamed agency"})
    assert "Zqrenamed agency" in lead_options(anonymous) and "Zqpublic agency" not in lead_options(anonymous)
    assert "Zqdraft agency" not in lead_options(anonymous)


def test_a_chosen_option_is_marked_whichever_reader_filled_the_remembered_options(world: World) -> None:
    client = Client()
    client.get("/projects/")
    page = client.get(f"/projects/?lead={world.own.pk}").content.decode()
    select = re.search(r'<select name="lead"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None
    assert re.findall(r'<option value="(\d+)" selected>', select.group(1)) == [str(world.own.pk)]


def test_a_theme_added_meanwhile_is_offered_at_once(world: World) -> None:
    """Themes have no history: their options are remembered until the themes' count or newest key changes."""
    from interlocal.core.models import Theme

    def theme_options() -> list[str]:
        page = Client().get("/agreements/").content.decode()
        select = re.search(r'<select name="themes"[^>]*>(.*?)</select>', page, re.S)
        assert select is not None, "the themes filter is a select"
        return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))

    assert "Zqnew theme" not in theme_options()  # read once: now remembered
    Theme.objects.create(slug="zqnew-theme", name="Zqnew theme")
    assert "Zqnew theme" in theme_options()
