"""A person's engagements and coordination meetings as an iCalendar feed (the `icalendar` library).

Every event lasts whole days (the records hold dates, not times): DTEND is the day after the
last one, as RFC 5545 counts it. UIDs name the kind and id of the record, so a calendar
application updates an event in place when the record changes.
"""

import datetime
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from interlocal.coordination.models import Meeting
from interlocal.diplomacy.models import Engagement

UID_DOMAIN = "interlocal"
ONE_DAY = datetime.timedelta(days=1)


def _names(records: object) -> str:
    return ", ".join(str(r) for r in records.all())  # type: ignore[attr-defined]  # a visible-filtered set


def _event(
    *,
    uid: str,
    summary: str,
    start: datetime.date,
    end: datetime.date | None,
    location: str,
    description: str,
    url: str,
    modified: datetime.datetime,
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("summary", summary)
    event.add("dtstart", start)
    last = max(end or start, start)
    event.add("dtend", last + ONE_DAY if last < datetime.date.max else last)  # 9999-12-31 has no day after
    event.add("dtstamp", modified.astimezone(datetime.UTC))
    event.add("last-modified", modified.astimezone(datetime.UTC))
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    event.add("url", url)
    return event


def feed_calendar(
    *, name: str, engagements: list[Engagement], meetings: list[Meeting], absolute: Callable[[str], str]
) -> bytes:
    """The feed as iCalendar bytes; `absolute` turns a record's path into a full URL."""
    calendar = Calendar()
    calendar.add("prodid", "-//Interlocal//Calendar feed//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for engagement in engagements:
        place = engagement.place
        participants = _names(engagement.participants)
        lines = [engagement.get_kind_display()]
        if participants:
            lines.append(_("Participants: %(names)s") % {"names": participants})
        if engagement.outcome:
            lines.append(engagement.outcome)
        calendar.add_component(
            _event(
                uid=f"engagement-{engagement.pk}@{UID_DOMAIN}",
                summary=engagement.title,
                start=engagement.start_on,
                end=engagement.end_on,
                location=str(place.name) if place is not None and place.pk is not None else "",
                description="\n".join(lines),
                url=absolute(engagement.get_absolute_url()),
                modified=engagement.updated_at or timezone.now(),
            )
        )
    for meeting in meetings:
        body = meeting.body
        lines = [_("Meeting of %(body)s") % {"body": body}]
        attendees = _names(meeting.attendees)
        if attendees:
            lines.append(_("Attendees: %(names)s") % {"names": attendees})
        if meeting.agenda:
            lines.append(meeting.agenda)
        calendar.add_component(
            _event(
                uid=f"meeting-{meeting.pk}@{UID_DOMAIN}",
                summary=meeting.title,
                start=meeting.held_on,
                end=None,
                location="",
                description="\n".join(lines),
                url=absolute(meeting.get_absolute_url()),
                modified=meeting.updated_at or timezone.now(),
            )
        )
    return bytes(calendar.to_ical())
