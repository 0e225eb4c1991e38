"""Long choice lists get a type-to-search box (vendored tom-select); without JavaScript they stay selects."""

import re
from pathlib import Path

from django.conf import settings
from django.test import Client

from .factories import World

VENDOR = Path(settings.BASE_DIR) / "interlocal" / "core" / "static" / "interlocal" / "vendor"


def test_the_engagement_filter_of_participants_is_a_searchable_multiple_select(world: World) -> None:
    page = Client().get("/engagements/").content.decode()
    participants = re.search(r'<select name="participants"[^>]*>', page)
    assert participants is not None
    assert "multiple" in participants.group(0) and "data-searchable" in participants.group(0)
    assert "interlocal/vendor/tom-select.complete.min.js" in page and "interlocal/js/app.js" in page


def test_record_forms_mark_their_selects_of_records(world: World) -> None:
    client = Client()
    client.force_login(world.users["coordinator"])
    page = client.get("/agreements/new/").content.decode()
    organisation = re.search(r'<select name="organisation"[^>]*>', page)
    assert organisation is not None and "data-searchable" in organisation.group(0)


def test_the_library_is_vendored_with_its_licence_and_source() -> None:
    script = (VENDOR / "tom-select.complete.min.js").read_text()
    assert "sourceMappingURL" not in script  # no reference to a map that is not vendored
    assert "Apache License" in (VENDOR / "LICENSE.tom-select").read_text()
    assert "tom-select.complete.min.js | tom-select@2.6.2" in (VENDOR / "SOURCES.txt").read_text()
    assert 'setAttribute("style"' not in script  # nothing the CSP's style-src would block
