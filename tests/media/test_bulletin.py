"""The weekly bulletin: generated as a job from the week's public records, as a page, an e-mail and a PDF."""

import datetime
import re
import subprocess
import tempfile

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from interlocal.core.models import JobStatus
from interlocal.diplomacy.models import Agreement, Engagement, PartnerPlace
from interlocal.media.jobs import bulletin_request
from interlocal.media.models import Bulletin, BulletinSubscriber, Mention, Source
from interlocal.media.services import week_of
from interlocal.media.tasks import generate_bulletin
from interlocal.results.models import Indicator, Observation
from tests.factories import make

TODAY = datetime.date(2025, 3, 5)  # a Wednesday
MONDAY = datetime.date(2025, 3, 3)


def _pdf_text(pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        return subprocess.run(["pdftotext", file.name, "-"], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607


@pytest.fixture
def week(world, home, monkeypatch):  # type: ignore[no-untyped-def]
    """The week of 3 March 2025: public and hidden records of Barcelona (at home) and a peer's, in and out of it."""
    monkeypatch.setattr(timezone, "now", lambda: datetime.datetime(2025, 3, 5, 12, tzinfo=datetime.UTC))
    place = make(PartnerPlace, name="Medellín", country="CO", owner=world.own)
    mission = {"kind": "outgoing_mission", "participants": [world.own], "owner": world.own}
    make(Engagement, title="Mission to Medellín", start_on=MONDAY, place=place, **mission)
    make(Engagement, title="Secret mission", start_on=MONDAY, visibility="draft", **mission)
    make(Engagement, title="Last week's mission", start_on=MONDAY - datetime.timedelta(days=1), **mission)
    peer = make(PartnerPlace, name="Lyon", country="FR", owner=world.own)
    make(
        Engagement,
        title="A peer's mission",
        start_on=MONDAY,
        kind="visit",
        participants=[world.network],
        owner=world.own,
    )
    make(Agreement, organisation=world.own, partner_place=place, title="Medellín MoU", kind="mou", signed_on=TODAY, owner=world.own)  # fmt: skip
    make(Agreement, organisation=world.own, partner_place=peer, title="Internal MoU", kind="mou", signed_on=TODAY, owner=world.own, visibility="internal")  # fmt: skip
    press = make(Source, name="Press review", kind="manual", owner=world.own)
    draft_source = make(Source, name="Draft feed", kind="manual", owner=world.own, visibility="draft")
    make(Mention, source=press, published_on=TODAY, outlet="El País", title="Barcelona in Medellín", tone="positive", url="https://example.org/a", owner=world.own)  # fmt: skip
    make(Mention, source=press, published_on=TODAY, title="Draft mention", owner=world.own, visibility="draft")
    make(Mention, source=draft_source, published_on=TODAY, title="Mention of a draft source", owner=world.own)
    make(Mention, source=press, published_on=MONDAY + datetime.timedelta(days=7), title="Next week's mention", owner=world.own)  # fmt: skip
    indicator = make(
        Indicator, key="visitors", name="International visitors", kind="outcome", unit="people",
        polarity="higher_better", aggregation="sum", periodicity="year", territorial_level="metropolis",
        role="attraction", owner=world.own,
    )  # fmt: skip
    values = {"indicator": indicator, "territory": home, "period_kind": "year", "owner": world.own}
    make(Observation, period_start=datetime.date(2024, 1, 1), value=12500, status="approved", **values)
    make(Observation, period_start=datetime.date(2023, 1, 1), value=999, status="draft", **values)
    return MONDAY


SHOWN = ["Mission to Medellín", "Medellín MoU", "Barcelona in Medellín", "El País", "International visitors", "12,500"]
HIDDEN = [
    "Secret mission",
    "Last week",
    "A peer's mission",
    "Internal MoU",
    "Draft mention",
    "draft source",
    "Next week",
    "999",
]


def _generated(week: datetime.date, **fields: object) -> Bulletin:
    bulletin = Bulletin.objects.create(week_start=week, language="en", **fields)
    generate_bulletin.call(bulletin.pk)
    bulletin.refresh_from_db()
    return bulletin


def test_the_bulletin_holds_the_weeks_public_records_in_html_text_and_pdf(week) -> None:  # type: ignore[no-untyped-def]
    bulletin = _generated(week)
    assert (bulletin.status, bulletin.items, bulletin.illustrative) == (JobStatus.SUCCEEDED, 4, False)
    pdf = _pdf_text(bytes(bulletin.pdf))
    for text in (bulletin.html, bulletin.text, pdf):
        assert "Weekly bulletin: March 3, 2025 to March 9, 2025" in " ".join(text.split())
        for shown in SHOWN:
            assert shown in text, shown
        for hidden in HIDDEN:
            assert hidden not in text, hidden
    assert 'href="https://example.org/a"' in bulletin.html


def test_the_bulletin_page_list_and_pdf_are_public_and_cost_a_fixed_number_of_queries(  # type: ignore[no-untyped-def]
    week, django_assert_num_queries
) -> None:
    bulletin = _generated(week)
    client = Client()
    with django_assert_num_queries(1):
        page = client.get(f"/bulletins/{bulletin.pk}/")
    assert "Mission to Medellín" in page.content.decode()
    for n in range(3):
        _generated(week - datetime.timedelta(days=7 * (n + 1)))
    with django_assert_num_queries(2):
        listing = client.get("/bulletins/")
    assert listing.content.decode().count("/pdf/") == 4
    pdf = client.get(f"/bulletins/{bulletin.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"] == 'attachment; filename="interlocal-bulletin-2025-03-03-en.pdf"'


def test_the_bulletin_is_sent_to_confirmed_subscribers_of_its_language_only(week, settings) -> None:  # type: ignore[no-untyped-def]
    settings.INTERLOCAL_SITE_URL = "https://interlocal.example.org"
    confirmed = timezone.now()
    BulletinSubscriber.objects.create(email="ana@example.org", language="en", confirmed_at=confirmed)
    BulletinSubscriber.objects.create(email="pending@example.org", language="en")
    BulletinSubscriber.objects.create(email="pere@example.org", language="ca", confirmed_at=confirmed)
    bulletin = _generated(week, deliver=True)
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    message = mail.outbox[0]
    assert message.subject == "Bulletin of the week of 2025-03-03"
    html = message.alternatives[0][0]
    for body in (message.body, html):
        assert "Mission to Medellín" in body and "Secret mission" not in body
        assert f"https://interlocal.example.org/bulletins/{bulletin.pk}/" in body
        assert re.search(r"https://interlocal\.example\.org/bulletin/unsubscribe/[\w:-]+/", body)
    assert message.extra_headers["List-Unsubscribe"].startswith("<https://interlocal.example.org/bulletin/unsubscribe/")
    assert (bulletin.sent_count, bulletin.sent_at is not None) == (1, True)


def test_send_bulletin_sends_each_language_once_a_week(week, capsys) -> None:  # type: ignore[no-untyped-def]
    confirmed = timezone.now()
    BulletinSubscriber.objects.create(email="ana@example.org", language="en", confirmed_at=confirmed)
    BulletinSubscriber.objects.create(email="pere@example.org", language="ca", confirmed_at=confirmed)
    call_command("send_bulletin", "--week", "2025-03-05")
    call_command("send_bulletin", "--week", "2025-03-05")
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.org", "pere@example.org"]
    assert sorted(Bulletin.objects.values_list("language", "week_start")) == [("ca", MONDAY), ("en", MONDAY)]
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "Week of 2025-03-03 (ca): 4 item(s), sent to 1 subscriber(s).",
        "Week of 2025-03-03 (en): 4 item(s), sent to 1 subscriber(s).",
        "Week of 2025-03-03: every bulletin was sent already.",
    ]


def test_send_bulletin_defaults_to_last_week_and_refuses_a_bad_date(world) -> None:  # type: ignore[no-untyped-def]
    call_command("send_bulletin")
    assert Bulletin.objects.get().week_start == week_of(timezone.localdate() - datetime.timedelta(days=7))
    with pytest.raises(Exception, match="--week must be a day as YYYY-MM-DD"):
        call_command("send_bulletin", "--week", "last week")


def test_a_bulletin_of_an_empty_week_says_so(world) -> None:  # type: ignore[no-untyped-def]
    bulletin = _generated(datetime.date(2001, 1, 1))
    assert bulletin.items == 0
    assert "No public engagement, agreement, mention or result this week." in bulletin.html


def test_only_coordinators_generate_a_bulletin_from_the_list(world, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    data = {"week": "2025-03-05", "language": "en"}
    editor = Client()
    editor.force_login(world.users["editor"])
    assert "Generate a bulletin" not in editor.get("/bulletins/").content.decode()
    assert editor.post("/bulletins/", data).status_code == 403
    assert Client().post("/bulletins/", data).status_code == 403
    coordinator = Client()
    coordinator.force_login(world.users["coordinator"])
    assert coordinator.post("/bulletins/", {"week": "someday", "language": "en"}).status_code == 400
    assert Bulletin.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = coordinator.post("/bulletins/", data)
    bulletin = Bulletin.objects.get()
    assert response["Location"] == f"/bulletins/{bulletin.pk}/"
    assert (bulletin.week_start, bulletin.status, len(callbacks)) == (MONDAY, JobStatus.QUEUED, 1)


def test_the_api_lists_generated_bulletins(week) -> None:  # type: ignore[no-untyped-def]
    bulletin = _generated(week)
    bulletin_request(user=None, week_start=TODAY, language="es")  # queued, not generated: not listed
    answer = Client().get("/api/v1/media/bulletins").json()
    assert answer["count"] == 1
    assert answer["results"][0] == {
        "id": bulletin.pk,
        "week_start": "2025-03-03",
        "language": "en",
        "items": 4,
        "illustrative": False,
        "sent_at": None,
        "url": f"/bulletins/{bulletin.pk}/",
        "pdf_url": f"/bulletins/{bulletin.pk}/pdf/",
    }
    one = Client().get(f"/api/v1/media/bulletins/{bulletin.pk}").json()
    assert "Mission to Medellín" in one["html"] and "Mission to Medellín" in one["text"]
    assert Client().get("/api/v1/media/bulletins/999999").status_code == 404


def test_hidden_mentions_stay_out_of_the_mention_list_and_api_for_visitors(week, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    page = client.get("/media-mentions/").content.decode()
    assert "Barcelona in Medellín" in page and "Draft mention" not in page
    titles = [m["title"] for m in client.get("/api/v1/media-mentions/").json()["items"]]
    assert "Barcelona in Medellín" in titles and "Draft mention" not in titles
    assert Mention.objects.count() == 4
