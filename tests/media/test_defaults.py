"""The media part of the default data: nothing without the illustrative data; with it, a demo that shows."""

import datetime
import html
import subprocess
import tempfile

from interlocal.core.models import JobStatus
from interlocal.diplomacy.models import Engagement
from interlocal.media import defaults
from interlocal.media.models import Bulletin, Mention, Source
from tests.factories import make


def _pdf_text(pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        return subprocess.run(["pdftotext", file.name, "-"], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607


def test_the_default_data_invents_no_source_or_mention(world, home) -> None:  # type: ignore[no-untyped-def]
    assert defaults.load(illustrative=False) == ""
    assert (Source.objects.count(), Mention.objects.count(), Bulletin.objects.count()) == (0, 0, 0)


def test_the_demo_reads_its_feed_file_links_mentions_and_generates_a_bulletin_once(world, home) -> None:  # type: ignore[no-untyped-def]
    mission = make(
        Engagement, title="Illustrative mission", kind="outgoing_mission", start_on=datetime.date(2026, 10, 1),
        participants=[world.own], owner=world.own, illustrative=True,
    )  # fmt: skip
    message = defaults.load(illustrative=True)
    assert message == "Media (illustrative): 2 sources, 3 mentions read from the demo feed, the bulletin of 2026-11-23."
    defaults.load(illustrative=True)
    assert Source.objects.filter(illustrative=True, owner=world.amb).count() == 2
    assert Mention.objects.count() == Mention.objects.filter(illustrative=True, visibility="public").count() == 6
    linked = Mention.objects.get(engagements=mission)
    assert linked.title == "Illustrative: interview on the metropolis's international strategy"
    assert list(linked.organisations.all()) == [world.own]
    bulletin = Bulletin.objects.get()
    assert (bulletin.status, bulletin.items, bulletin.illustrative) == (JobStatus.SUCCEEDED, 6, True)
    pdf = " ".join(_pdf_text(bytes(bulletin.pdf)).split())
    for text in (html.unescape(bulletin.html), pdf):
        assert "Illustrative data" in text
        assert "Illustrative: city network meeting discusses climate adaptation" in text
        assert "Illustrative: radio report on a partner city's visit" in text
