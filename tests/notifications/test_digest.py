"""The daily run: each kind of event told once, to whom it concerns, as they may read it; one mail a day."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from interlocal.core import services as core_services
from interlocal.core.permissions import SYSTEM, access_for
from interlocal.notifications.models import DigestSettings, Notification, NotificationKind, Preference
from interlocal.notifications.selectors import inbox
from interlocal.notifications.services import digest_run

from .scenario import DAY, HIDDEN, build

Kind = NotificationKind


@pytest.fixture
def scenario(world):  # type: ignore[no-untyped-def]
    return build(world)


def kinds_of(user) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(Notification.objects.filter(user=user).values_list("kind", flat=True))


def mail_to(address: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if address in m.to]


def test_the_digest_lists_each_kind_of_event_once(scenario) -> None:  # type: ignore[no-untyped-def]
    call_command("send_digest", "--date", DAY.isoformat())
    assert kinds_of(scenario.editor) == sorted(Kind.values)
    [digest] = mail_to("editor@example.org")
    body = digest.body
    for label in Kind.labels:
        assert body.count(f"\n{label}\n") == 1, label
    assert body.count("Check the source") == 1  # the returned value, with the reviewer's note
    assert body.count("1 value of “Visitors” waits for your review.") == 1
    assert body.count("“Send the minutes” is assigned to Barcelona City Council") == 1
    assert body.count("“Send the minutes” was due on") == 1
    assert body.count("The agreement “Lyon pact” ends on") == 1
    assert body.count("The agreement “Porto pact” with Place own (FR) is dormant") == 1
    assert f"http://127.0.0.1:8000{scenario.ending.get_absolute_url()}" in body
    assert f'href="http://127.0.0.1:8000{scenario.dormant.get_absolute_url()}"' in digest.alternatives[0][0]


def test_each_event_goes_to_the_people_it_concerns(scenario) -> None:  # type: ignore[no-untyped-def]
    digest_run(day=DAY)
    # The viewer may not act on actions nor review values: told only of the organisation's agreements.
    assert kinds_of(scenario.viewer) == sorted([Kind.AGREEMENT_ENDING, Kind.AGREEMENT_DORMANT])
    # The colleague submitted the waiting value: not asked to review it; the editor's returned value is not theirs.
    assert Kind.REVIEW_WAITING not in kinds_of(scenario.colleague)
    assert Kind.VALUE_RETURNED not in kinds_of(scenario.colleague)
    # The coordinator (of the AMB) reviews every value; Barcelona's actions and agreements are not the AMB's.
    assert kinds_of(scenario.coordinator) == [Kind.REVIEW_WAITING]
    # The coordinator reads Gavà's submitted draft too; the editor may not, and is told of one value only.
    assert Notification.objects.get(user=scenario.coordinator).text.startswith("2 values of “Visitors” wait")
    assert Notification.objects.get(user=scenario.editor, kind=Kind.REVIEW_WAITING).text.startswith("1 value of")


def test_running_twice_the_same_day_sends_one_mail_and_stores_each_notification_once(scenario) -> None:  # type: ignore[no-untyped-def]
    created, sent = digest_run(day=DAY)
    assert created > 0 and sent == 4  # editor, colleague, viewer, coordinator
    stored = Notification.objects.count()
    assert digest_run(day=DAY) == (0, 0)
    call_command("send_digest", "--date", DAY.isoformat())
    assert Notification.objects.count() == stored
    assert len(mail_to("editor@example.org")) == 1
    # The next day nothing new has happened: no new notification, no mail.
    assert digest_run(day=DAY + datetime.timedelta(days=1)) == (0, 0)
    assert len(mail.outbox) == 4


def test_a_value_returned_again_is_told_again(scenario) -> None:  # type: ignore[no-untyped-def]
    digest_run(day=DAY)
    Notification.objects.filter(kind=Kind.VALUE_RETURNED).update(occurrence="2000-01-01")  # told on an earlier day
    digest_run(day=DAY + datetime.timedelta(days=1))
    assert Notification.objects.filter(user=scenario.editor, kind=Kind.VALUE_RETURNED).count() == 2


def test_no_one_is_told_of_a_record_they_may_not_read(scenario) -> None:  # type: ignore[no-untyped-def]
    digest_run(day=DAY)
    for user in (scenario.editor, scenario.viewer, scenario.colleague):
        texts = " ".join(Notification.objects.filter(user=user).values_list("text", flat=True))
        assert HIDDEN not in texts.lower()
    for message in mail.outbox:
        if "coordinator@example.org" not in message.to:
            assert HIDDEN not in message.body.lower()
            assert HIDDEN not in message.alternatives[0][0].lower()


def test_a_record_hidden_later_leaves_the_inbox_and_the_digest(scenario) -> None:  # type: ignore[no-untyped-def]
    Preference.objects.create(user=scenario.viewer, kind=Kind.AGREEMENT_DORMANT, in_app=True, in_digest=False)
    call_command("send_digest", "--date", (DAY - datetime.timedelta(days=1)).isoformat(), stdout=StringIO())
    mail.outbox.clear()
    Notification.objects.update(emailed_at=None)
    core_services.record_update(
        access=SYSTEM,
        user=None,
        instance=scenario.ending,
        fields={"owner": scenario.world.other, "visibility": "draft"},
    )
    viewer = type(scenario.viewer).objects.get(pk=scenario.viewer.pk)
    assert not inbox(user=viewer, access=access_for(viewer)).filter(kind=Kind.AGREEMENT_ENDING).exists()
    digest_run(day=DAY)
    assert all("Lyon pact" not in m.body for m in mail_to("viewer@example.org"))


def test_preferences_are_respected(scenario) -> None:  # type: ignore[no-untyped-def]
    Preference.objects.create(user=scenario.editor, kind=Kind.ACTION_OVERDUE, in_app=False, in_digest=True)
    Preference.objects.create(user=scenario.editor, kind=Kind.AGREEMENT_ENDING, in_app=True, in_digest=False)
    for kind in Kind.values:
        Preference.objects.create(user=scenario.viewer, kind=kind, in_app=True, in_digest=False)
    digest_run(day=DAY)
    shown = set(inbox(user=scenario.editor, access=access_for(scenario.editor)).values_list("kind", flat=True))
    assert Kind.ACTION_OVERDUE not in shown and Kind.AGREEMENT_ENDING in shown
    [digest] = mail_to("editor@example.org")
    assert "was due on" in digest.body and "Lyon pact" not in digest.body
    assert mail_to("viewer@example.org") == []  # nothing in the viewer's digest: no mail
    assert inbox(user=scenario.viewer, access=access_for(scenario.viewer)).count() == 2


def test_the_digest_is_in_the_users_language(scenario) -> None:  # type: ignore[no-untyped-def]
    DigestSettings.objects.create(user=scenario.editor, language="es")
    digest_run(day=DAY)
    [digest] = mail_to("editor@example.org")
    assert 'lang="es"' in digest.alternatives[0][0]
    assert "de julio de 2026" in digest.body  # the end date, written the Spanish way
    [viewer_digest] = mail_to("viewer@example.org")
    assert 'lang="en"' in viewer_digest.alternatives[0][0]


def test_no_mail_without_an_address_or_to_an_inactive_user(scenario) -> None:  # type: ignore[no-untyped-def]
    scenario.editor.email = ""
    scenario.editor.save()
    scenario.viewer.is_active = False
    scenario.viewer.save()
    digest_run(day=DAY)
    assert mail_to("editor@example.org") == [] and mail_to("viewer@example.org") == []
    assert Notification.objects.filter(user=scenario.editor).exists()  # still in the inbox
    assert not Notification.objects.filter(user=scenario.viewer).exists()


def test_a_bad_date_is_refused(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_digest", "--date", "15/06/2026")


def test_a_refused_mail_is_retried_by_the_next_run(scenario, monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    from django.core.mail import EmailMultiAlternatives

    def refuse(self, fail_silently=False):  # type: ignore[no-untyped-def]
        raise ConnectionRefusedError("no mail server")

    with monkeypatch.context() as patched:
        patched.setattr(EmailMultiAlternatives, "send", refuse)
        assert digest_run(day=DAY)[1] == 0
    assert "could not be sent" in caplog.text
    assert not Notification.objects.filter(emailed_at__isnull=False).exists()  # nothing counted as sent
    assert digest_run(day=DAY) == (0, 4)
    assert len(mail_to("editor@example.org")) == 1


@pytest.mark.django_db(transaction=True)
def test_the_mail_is_sent_outside_any_transaction(scenario, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Waiting for the mail server holds no database lock: the digest is recorded, committed, then sent."""
    from django.core.mail import EmailMultiAlternatives
    from django.db import connection

    from interlocal.notifications.models import DigestDelivery

    seen = []
    send = EmailMultiAlternatives.send

    def watch(self, fail_silently=False):  # type: ignore[no-untyped-def]
        seen.append((connection.in_atomic_block, DigestDelivery.objects.filter(user__email__in=self.to).exists()))
        return send(self, fail_silently)

    monkeypatch.setattr(EmailMultiAlternatives, "send", watch)
    assert digest_run(day=DAY)[1] == 4
    assert seen == [(False, True)] * 4  # the delivery already committed, no transaction open while sending
