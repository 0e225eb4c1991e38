"""The public form: anyone contributes to an open consultation; robots, floods and bad input change nothing."""

from django.core import mail
from django.test import Client

from interlocal.participation.models import Contribution

FORM = {
    "text": "Researchers need homes near the campuses of the metropolis.",
    "organisation": "Campus residents",
    "email": "someone@example.org",
    "website": "",
}


def _url(setting) -> str:  # type: ignore[no-untyped-def]
    return f"/portal/consultations/{setting.consultation.pk}/contribute/"


def test_a_visitor_contributes_and_the_moderators_are_told(  # type: ignore[no-untyped-def]
    world, setting, settings, django_capture_on_commit_callbacks
) -> None:
    settings.INTERLOCAL_SITE_URL = "http://testserver"
    client = Client()
    page = client.get(_url(setting)).content.decode()
    assert "Welcome researchers" in page and "Gavà objective" not in page
    data = {
        **FORM,
        "sector": setting.transport.pk,
        "objectives": [setting.objective.pk],
        "themes": [setting.climate.pk],
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(setting), data)
    assert response.status_code == 302 and response["Location"] == _url(setting)
    contribution = Contribution.objects.get()
    assert (contribution.source, contribution.moderation, contribution.owner) == ("public", "pending", world.own)
    assert (contribution.sector, list(contribution.objectives.all()), list(contribution.themes.all())) == (
        setting.transport,
        [setting.objective],
        [setting.climate],
    )
    assert (contribution.contact_organisation, contribution.contact_email) == (
        "Campus residents",
        "someone@example.org",
    )
    assert {h.history_change_reason for h in contribution.history.all()} == {"sent through the public form"}
    (to_moderators,) = mail.outbox
    assert to_moderators.to == ["editor@example.org"]
    assert "http://testserver/contributions/moderation/" in to_moderators.body
    assert "someone@example.org" not in to_moderators.body
    thanks = client.get(response["Location"]).content.decode()
    assert "Your contribution reached the consultation" in thanks


def test_the_honeypot_creates_nothing_and_says_thank_you(setting) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    response = client.post(_url(setting), {**FORM, "website": "http://spam.example"}, follow=True)
    assert response.status_code == 200 and "Your contribution reached the consultation" in response.content.decode()
    assert not Contribution.objects.exists()


def test_an_address_may_send_a_few_contributions_an_hour(setting, settings) -> None:  # type: ignore[no-untyped-def]
    settings.INTERLOCAL_CONTRIBUTIONS_PER_HOUR = 2
    client = Client()
    assert [client.post(_url(setting), FORM).status_code for _ in range(2)] == [302, 302]
    refused = client.post(_url(setting), {**FORM, "text": "A third contribution within the same hour."})
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "you may send 2 contributions an hour" in page
    assert "A third contribution within the same hour." in page  # the text is kept
    assert Contribution.objects.count() == 2


def test_bad_input_is_explained_and_changes_nothing(setting) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    cases = [
        ({"text": "Too short"}, "Ensure this value has at least 20 characters"),
        ({"email": "not-an-address"}, "Enter a valid email address"),
        ({"objectives": [setting.foreign_objective.pk]}, "Select a valid choice"),
        ({"organisation": "Line one\nLine two"}, "Write it on one line"),
    ]
    for change, message in cases:
        response = client.post(_url(setting), {**FORM, **change})
        assert response.status_code == 400, change
        assert message in response.content.decode() and "Nothing was sent" in response.content.decode()
    assert not Contribution.objects.exists()


def test_a_closed_consultation_has_no_form(setting) -> None:  # type: ignore[no-untyped-def]
    from interlocal.core import services
    from interlocal.core.permissions import SYSTEM

    services.record_update(access=SYSTEM, user=None, instance=setting.consultation, fields={"status": "closed"})
    assert Client().get(_url(setting)).status_code == 404
    assert Client().post(_url(setting), FORM).status_code == 404
    assert not Contribution.objects.exists()
