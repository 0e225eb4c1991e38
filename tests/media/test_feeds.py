"""Reading RSS and Atom feeds into mentions: local files only, served from 127.0.0.1 where the fetch is tested."""

import datetime
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from interlocal.core.models import JobStatus
from interlocal.media.feeds import FeedError, fetch_feed, parse_feed
from interlocal.media.models import FeedPoll, Mention, PollStatus, Source
from interlocal.media.services import mentions_add_from_feed, source_poll
from interlocal.media.tasks import poll_source
from tests.factories import make

FEEDS = Path(__file__).parent / "feeds"


def big_feed(count: int) -> bytes:
    items = "".join(
        f"<item><title>Entry {n}</title><link>https://example.org/big/{n}</link>"
        f"<pubDate>Mon, 02 Jun 2025 {n % 24:02d}:00:00 +0000</pubDate></item>"
        for n in range(count)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>{items}</channel></rss>'.encode()


class Files(http.server.BaseHTTPRequestHandler):
    """Serves the test feeds by name, as a web server would; anything else is a 404."""

    documents: dict[str, bytes] = {}

    def do_GET(self) -> None:  # noqa: N802 (the handler's name)
        content = self.documents.get(self.path)
        self.send_response(200 if content is not None else 404)
        self.send_header("Content-Type", "application/rss+xml")
        self.end_headers()
        self.wfile.write(content or b"not here")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Files)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def source(world):  # type: ignore[no-untyped-def]
    return make(Source, name="Press", kind="feed", feed_url="https://example.org/feed.xml", owner=world.own)


def test_a_feed_of_1000_entries_polled_twice_makes_1000_mentions_once(world, source, server) -> None:  # type: ignore[no-untyped-def]
    Files.documents["/big.xml"] = big_feed(1000)
    Source.objects.filter(pk=source.pk).update(feed_url=server + "/big.xml")
    source.refresh_from_db()
    first = source_poll(source=source)
    second = source_poll(source=source)
    assert (first.added, first.error) == (1000, "")
    assert (second.added, second.error) == (0, "")
    assert Mention.objects.filter(source=source).count() == 1000
    mention = Mention.objects.get(entry_key="https://example.org/big/7")
    assert (mention.title, mention.url, mention.published_on) == (
        "Entry 7",
        "https://example.org/big/7",
        datetime.date(2025, 6, 2),
    )
    assert (mention.owner, mention.visibility, mention.outlet) == (world.own, "public", "Big")
    assert mention.history.count() == 1 and mention.history.get().history_type == "+"
    source.refresh_from_db()
    assert (source.last_poll_status, source.last_poll_added, source.last_poll_error) == (PollStatus.OK, 0, "")


def test_rss_entries_become_mentions_with_the_feeds_language(world, source) -> None:  # type: ignore[no-untyped-def]
    feed = parse_feed((FEEDS / "rss.xml").read_bytes())
    assert mentions_add_from_feed(source=source, feed=feed) == 2
    first, second = Mention.objects.filter(source=source).order_by("published_on")
    assert (first.title, first.entry_key, first.published_on) == (
        "L'AMB signa un acord amb Medellín",
        "diari-0001",
        datetime.date(2025, 3, 3),
    )
    assert first.summary == "Un acord de cooperació tècnica."  # the markup stripped
    assert (first.language, first.outlet) == ("ca", "El Diari Metropolità")
    assert second.entry_key == "https://example.org/diari/delegacio-seul"  # no guid: the link is the key


def test_atom_entries_become_mentions_and_links_that_are_not_web_addresses_are_dropped(world, source) -> None:  # type: ignore[no-untyped-def]
    feed = parse_feed((FEEDS / "atom.xml").read_bytes())
    assert mentions_add_from_feed(source=source, feed=feed) == 2
    mobility = Mention.objects.get(entry_key="urn:example:noticias:1")
    assert (mobility.url, mobility.language, mobility.published_on) == (
        "https://example.org/noticias/movilidad",
        "es",
        datetime.date(2025, 3, 6),
    )
    assert Mention.objects.get(entry_key="urn:example:noticias:2").url == ""


def test_a_malformed_feed_keeps_its_error_on_the_source_and_adds_nothing(world, source, server) -> None:  # type: ignore[no-untyped-def]
    Files.documents["/broken.xml"] = (FEEDS / "malformed.xml").read_bytes()
    Source.objects.filter(pk=source.pk).update(feed_url=server + "/broken.xml")
    source.refresh_from_db()
    outcome = source_poll(source=source)
    assert outcome.added == 0
    assert outcome.error == "The feed is not well-formed RSS or Atom (line 6): mismatched tag. Nothing was added."
    assert Mention.objects.count() == 0
    source.refresh_from_db()
    assert (source.last_poll_status, source.last_poll_error) == (PollStatus.FAILED, outcome.error)
    assert source.history.count() == 1  # a poll is not a change of the source


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"just some words", "The feed is not well-formed RSS or Atom (line 1): syntax error. Nothing was added."),
        (b"", "This is not an RSS or Atom feed. Nothing was added."),
    ],
)
def test_what_is_not_a_feed_is_refused_with_a_message(content: bytes, message: str) -> None:
    with pytest.raises(FeedError) as refused:
        parse_feed(content)
    assert refused.value.message == message


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/feed.xml", "/etc/passwd", ""])
def test_only_web_addresses_are_fetched(url: str) -> None:
    with pytest.raises(FeedError):
        fetch_feed(url)


def test_a_missing_feed_is_an_error_on_the_source(world, source, server) -> None:  # type: ignore[no-untyped-def]
    Source.objects.filter(pk=source.pk).update(feed_url=server + "/nothing.xml")
    source.refresh_from_db()
    outcome = source_poll(source=source)
    assert outcome.error == "The feed could not be fetched: Not Found."


def test_the_form_refuses_a_feed_address_that_is_not_http(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.users["editor"])
    data = {"name": "Disk", "kind": "feed", "owner": world.own.pk, "visibility": "internal", "language": "en"}
    response = client.post("/media-sources/new/", {**data, "feed_url": "file:///etc/passwd"})
    assert response.status_code == 400 and Source.objects.count() == 0
    response = client.post("/media-sources/new/", data)
    assert "A feed source needs the address of its RSS or Atom feed." in response.content.decode()


def test_the_scheduled_command_polls_every_active_feed_and_reports_each(world, server, capsys) -> None:  # type: ignore[no-untyped-def]
    Files.documents["/rss.xml"] = (FEEDS / "rss.xml").read_bytes()
    make(Source, name="Diari", kind="feed", feed_url=server + "/rss.xml", owner=world.own)
    make(Source, name="Gone", kind="feed", feed_url=server + "/gone.xml", owner=world.own)
    make(Source, name="Paused", kind="feed", feed_url=server + "/rss.xml", owner=world.own, active=False)
    make(Source, name="Typed in", kind="manual", owner=world.own)
    call_command("poll_feeds")
    call_command("poll_feeds")
    out, err = capsys.readouterr()
    assert out.splitlines() == ["Diari: 2 new mention(s).", "Diari: 0 new mention(s)."]
    assert err.splitlines() == ["Gone: The feed could not be fetched: Not Found."] * 2
    assert Mention.objects.count() == 2


def test_poll_now_runs_as_a_job_for_the_sources_editors(world, server) -> None:  # type: ignore[no-untyped-def]
    Files.documents["/rss.xml"] = (FEEDS / "rss.xml").read_bytes()
    source = make(Source, name="Diari", kind="feed", feed_url=server + "/rss.xml", owner=world.own)
    others = make(Source, name="Gavà news", kind="feed", feed_url=server + "/rss.xml", owner=world.other)
    editor = Client()
    editor.force_login(world.users["editor"])
    assert "Poll now" in editor.get(source.get_absolute_url()).content.decode()
    assert "Poll now" not in editor.get(others.get_absolute_url()).content.decode()
    assert editor.post(f"/media-sources/{others.pk}/poll/").status_code == 403
    viewer = Client()
    viewer.force_login(world.users["viewer"])
    assert viewer.post(f"/media-sources/{source.pk}/poll/").status_code == 403
    assert Client().post(f"/media-sources/{source.pk}/poll/").status_code == 403
    assert FeedPoll.objects.count() == 0
    response = editor.post(f"/media-sources/{source.pk}/poll/")
    poll = FeedPoll.objects.get()
    assert response["Location"] == f"/media-polls/{poll.pk}/"
    poll_source.call(poll.pk)
    poll.refresh_from_db()
    assert (poll.status, poll.added, poll.user) == (JobStatus.SUCCEEDED, 2, world.users["editor"])
    assert "2 new mentions added." in editor.get(f"/media-polls/{poll.pk}/").content.decode()
    source.refresh_from_db()
    assert (source.last_poll_status, source.last_poll_added) == (PollStatus.OK, 2)


def test_a_poll_job_of_a_broken_feed_fails_with_its_message_kept_on_the_source(world, server) -> None:  # type: ignore[no-untyped-def]
    Files.documents["/broken.xml"] = (FEEDS / "malformed.xml").read_bytes()
    source = make(Source, name="Broken", kind="feed", feed_url=server + "/broken.xml", owner=world.own)
    poll = FeedPoll.objects.create(source=source)
    poll_source.call(poll.pk)
    poll.refresh_from_db()
    source.refresh_from_db()
    message = "The feed is not well-formed RSS or Atom (line 6): mismatched tag. Nothing was added."
    assert (poll.status, poll.error) == (JobStatus.FAILED, message)
    assert (source.last_poll_status, source.last_poll_error) == (PollStatus.FAILED, message)
    assert Mention.objects.count() == 0
