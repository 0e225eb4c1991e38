"""The secret calendar feed: what it holds, who may read it, and that it can be revoked."""

import datetime
import re
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from interlocal.coordination.models import Meeting
from interlocal.diplomacy.models import Engagement
from interlocal.notifications.models import CalendarFeed

from ..factories import make


def new_feed(client: Client, scope: str = "mine") -> str:
    """Create (or regenerate) the feed on its page; the address is shown once."""
    page = client.post(reverse("notifications:calendar"), {"action": "create", "scope": scope})
    assert page.status_code == 200
    match = re.search(r'value="(http://testserver/calendar/[^"]+\.ics)"', page.content.decode())
    assert match, page.content.decode()
    return match.group(1).removeprefix("http://testserver")


def events(response: Any) -> dict[str, Any]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def plant(world: Any, soon: datetime.date, tag: str = "") -> None:
    own, other = world.own, world.other
    body = make(type(own), key=f"round{tag}", name="Roundtable", kind="coordination_body", owner=world.amb)
    make(Engagement, title="Visit to Lyon", kind="visit", start_on=soon, end_on=soon + datetime.timedelta(days=2),
         place=world.records["places"], participants=[own], owner=own, outcome="Signed a plan")  # fmt: skip
    make(Meeting, body=body, title="Spring roundtable", held_on=soon, attendees=[own], owner=world.amb,
         agenda="Budgets")  # fmt: skip
    make(Engagement, title="Zqhidden mission", kind="visit", start_on=soon, participants=[own], owner=other,
         visibility="draft")  # fmt: skip
    make(Meeting, body=body, title="Zqhidden meeting", held_on=soon, attendees=[own], owner=other,
         visibility="draft")  # fmt: skip


def test_the_feed_holds_what_its_person_may_see(world) -> None:  # type: ignore[no-untyped-def]
    soon = timezone.localdate() + datetime.timedelta(days=10)
    plant(world, soon)
    client = Client()
    client.force_login(world.users["viewer"])
    url = new_feed(client)
    found = events(Client().get(url))  # a calendar application reads it without logging in
    assert {"Visit to Lyon", "Spring roundtable"} <= set(found)
    assert not any("zqhidden" in summary.lower() for summary in found)
    visit = found["Visit to Lyon"]
    assert visit.decoded("DTSTART") == soon  # a whole day: a date, not a time
    assert visit.decoded("DTEND") == soon + datetime.timedelta(days=3)  # the day after the last day
    assert str(visit["LOCATION"]) == "Place own"
    assert "Signed a plan" in str(visit["DESCRIPTION"])
    engagement = Engagement.objects.get(title="Visit to Lyon")
    assert str(visit["URL"]) == f"http://testserver{engagement.get_absolute_url()}"
    assert str(visit["UID"]) == f"engagement-{engagement.pk}@interlocal"
    assert "Budgets" in str(found["Spring roundtable"]["DESCRIPTION"])
    assert events(Client().get(url))["Visit to Lyon"]["UID"] == visit["UID"]  # stable from one read to the next
    assert CalendarFeed.objects.get(revoked_at__isnull=True).last_used_at is not None


def test_the_mine_scope_leaves_out_other_organisations_and_all_brings_them(world) -> None:  # type: ignore[no-untyped-def]
    soon = timezone.localdate() + datetime.timedelta(days=5)
    make(Engagement, title="Gava fair", kind="visit", start_on=soon, participants=[world.other], owner=world.other)
    client = Client()
    client.force_login(world.users["viewer"])
    assert "Gava fair" not in events(Client().get(new_feed(client, "mine")))
    assert "Gava fair" in events(Client().get(new_feed(client, "all")))


def test_revoked_regenerated_unknown_and_inactive_feeds_answer_404(world) -> None:  # type: ignore[no-untyped-def]
    viewer = world.users["viewer"]
    client = Client()
    client.force_login(viewer)
    first = new_feed(client)
    second = new_feed(client)  # regenerating stops the first address
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200
    page = client.get(reverse("notifications:calendar")).content.decode()
    assert "A calendar address is live since" in page and second not in page  # never shown again
    client.post(reverse("notifications:calendar"), {"action": "revoke"})
    assert Client().get(second).status_code == 404
    assert "You have no calendar address yet" in client.get(reverse("notifications:calendar")).content.decode()
    assert Client().get("/calendar/not-a-token.ics").status_code == 404
    third = new_feed(client)
    viewer.is_active = False
    viewer.save()
    assert Client().get(third).status_code == 404
    assert CalendarFeed.history.filter(revoked_at__isnull=False).count() == 2  # each revocation is in the history


def test_only_the_digest_of_the_token_is_stored(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.users["editor"])
    url = new_feed(client)
    token = url.removeprefix("/calendar/").removesuffix(".ics")
    feed = CalendarFeed.objects.get()
    assert feed.digest == CalendarFeed.digest_for(token) and token not in feed.digest


def test_the_history_of_a_feed_keeps_no_digest(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.users["editor"])
    new_feed(client)
    new_feed(client)  # regenerating revokes the first feed: a change in its history
    history = CalendarFeed.history  # type: ignore[attr-defined]
    assert history.count() >= 3
    assert "digest" not in {field.name for field in history.model._meta.fields}


def test_the_feed_runs_a_fixed_number_of_queries(world, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.users["editor"])
    url = new_feed(client, "all")
    soon = timezone.localdate()

    def reads() -> int:
        with CaptureQueriesContext(connection) as captured:
            events(Client().get(url))
        return len(captured)

    plant(world, soon)
    few = reads()
    for i in range(5):
        plant(world, soon + datetime.timedelta(days=i), tag=str(i))
    assert reads() == few
    # the feed, roles; engagements, their participants and owners; meetings, their attendees and owners; last used
    with django_assert_num_queries(9):
        Client().get(url)


def test_an_engagement_on_the_last_day_a_date_can_hold_is_in_the_feed(world) -> None:  # type: ignore[no-untyped-def]
    last = datetime.date.max  # 9999-12-31: a date the forms and the API accept
    make(Engagement, title="Far mission", kind="visit", start_on=last, end_on=last, participants=[world.own],
         owner=world.own)  # fmt: skip
    client = Client()
    client.force_login(world.users["editor"])

    far = events(Client().get(new_feed(client)))["Far mission"]

    assert (far.decoded("DTSTART"), far.decoded("DTEND")) == (last, last)
