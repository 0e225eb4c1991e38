"""Reading RSS and Atom feeds with feedparser: fetching a feed over http(s), and turning its bytes into entries.

The fetch is ours, not feedparser's: feedparser opens whatever it is given (a file path, a `file://`
address), and a feed address is typed by a user, so only http and https are opened, redirects included,
with a time-out and a size cap. Parsing takes bytes and never touches the network or the disk.
"""

import calendar
import datetime
import hashlib
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.error import URLError
from urllib.parse import urlsplit

import feedparser
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

MAX_FEED_BYTES = 10 * 1024 * 1024
MAX_ENTRIES = 5000
TIMEOUT_SECONDS = 20
SCHEMES = ("http", "https")


class FeedError(Exception):
    """The feed could not be fetched or read; `message` says why, for the source's page."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class FeedEntry:
    key: str  # the entry's id, else its link, else a digest of its title and date
    title: str
    url: str
    published_on: datetime.date
    summary: str


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    language: str  # the feed's language code ("es"), or empty
    entries: list[FeedEntry]


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        if urlsplit(newurl).scheme.lower() not in SCHEMES:
            raise FeedError(_("The feed redirects to an address that is not http or https."))
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    """An opener with the http(s) handlers only: no file://, ftp:// or data: reading."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        _HttpOnlyRedirects(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def check_feed_url(url: str) -> None:
    if urlsplit(url).scheme.lower() not in SCHEMES or not urlsplit(url).netloc:
        raise FeedError(_("A feed address must start with http:// or https://."))


def fetch_feed(url: str) -> bytes:
    """The feed's bytes, read over http(s) only, at most MAX_FEED_BYTES."""
    if not url:
        raise FeedError(_("This source has no feed address."))
    check_feed_url(url)
    request = urllib.request.Request(url, headers={"User-Agent": "Interlocal media monitoring"})  # noqa: S310
    try:
        with _opener().open(request, timeout=TIMEOUT_SECONDS) as response:
            content: bytes = response.read(MAX_FEED_BYTES + 1)
    except FeedError:
        raise
    except (URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        raise FeedError(_("The feed could not be fetched: %(reason)s.") % {"reason": reason}) from error
    if len(content) > MAX_FEED_BYTES:
        raise FeedError(_("The feed is larger than %(size)s MB.") % {"size": MAX_FEED_BYTES // (1024 * 1024)})
    return content


def _day(entry: Any) -> datetime.date:
    moment = entry.get("published_parsed") or entry.get("updated_parsed")
    if moment:
        return datetime.datetime.fromtimestamp(calendar.timegm(moment), tz=datetime.UTC).date()
    return timezone.localdate()


def _text(value: Any, limit: int) -> str:
    return Truncator(" ".join(strip_tags(str(value or "")).split())).chars(limit)


def parse_feed(content: bytes) -> ParsedFeed:
    """The entries of an RSS or Atom document; a document that is neither, or is broken, raises FeedError."""
    parsed = feedparser.parse(content)
    error = parsed.get("bozo_exception")
    if parsed.get("bozo") and not isinstance(error, feedparser.CharacterEncodingOverride):
        line = getattr(error, "getLineNumber", lambda: None)()
        if line and not content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<?xml"):
            line -= 1  # feedparser put an XML declaration before a document that had none
        where = _(" (line %(line)s)") % {"line": line} if line else ""
        detail = getattr(error, "getMessage", lambda: str(error))()
        raise FeedError(
            _("The feed is not well-formed RSS or Atom%(where)s: %(detail)s. Nothing was added.")
            % {"where": where, "detail": Truncator(str(detail)).chars(200)}
        )
    if not parsed.get("version"):
        raise FeedError(_("This is not an RSS or Atom feed. Nothing was added."))
    if len(parsed.entries) > MAX_ENTRIES:
        raise FeedError(_("The feed has more than %(count)s entries. Nothing was added.") % {"count": MAX_ENTRIES})
    entries = []
    seen: set[str] = set()
    for entry in parsed.entries:
        title = _text(entry.get("title"), 500) or _("(untitled)")
        link = str(entry.get("link") or "")[:1000]
        if link and urlsplit(link).scheme.lower() not in SCHEMES:
            link = ""
        day = _day(entry)
        key = str(entry.get("id") or link or "")[:1000]
        if not key:
            key = "sha256:" + hashlib.sha256(f"{title}\n{day.isoformat()}".encode()).hexdigest()
        if key in seen:  # the same entry twice in one document is added once
            continue
        seen.add(key)
        entries.append(
            FeedEntry(key=key, title=title, url=link, published_on=day, summary=_text(entry.get("summary"), 2000))
        )
    feed = parsed.get("feed", {})
    language = str(feed.get("language") or "")[:2].lower()
    return ParsedFeed(title=_text(feed.get("title"), 200), language=language, entries=entries)
