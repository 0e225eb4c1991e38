"""The writes of people and access: invitations, roles, activation, API tokens, two-factor devices.

Each checks who acts first, runs in one transaction and leaves a history entry naming the
acting user (django-simple-history). The invitation e-mail leaves once the invitation commits.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Model
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from django_otp.plugins.otp_totp.models import TOTPDevice

from interlocal.core.access import Access, Author
from interlocal.core.models import ApiToken, UserRole
from interlocal.core.permissions import access_for
from interlocal.ecosystem.models import Organisation

from .models import Invitation

INVITATION_DAYS = 7


def _by(instance: Model, actor: Author) -> None:
    """Name the acting user in the history row the next save writes."""
    instance._history_user = actor if getattr(actor, "is_authenticated", False) else None  # type: ignore[attr-defined]


def require_coordinator(access: Access) -> None:
    if not access.coordinator:
        raise PermissionDenied(_("Only coordinators may manage people and their access."))


@dataclass
class IssuedInvitation:
    invitation: Invitation
    secret: str  # the link's secret, known only now: the database keeps its digest


def invitation_create(
    *, access: Access, actor: Author, email: str, organisation: Organisation, role: str, link_for: Any
) -> IssuedInvitation:
    """Invite `email` to take `role` in `organisation`; a pending invitation to the same address is replaced.

    `link_for(secret)` makes the absolute link the e-mail carries.
    """
    require_coordinator(access)
    email = get_user_model().objects.normalize_email(email).strip()
    secret = Invitation.new_secret()
    with transaction.atomic():
        pending = Invitation.objects.filter(email__iexact=email, accepted_at=None, cancelled_at=None).first()
        invitation = pending or Invitation(email=email)
        invitation.organisation = organisation
        invitation.role = role
        invitation.digest = Invitation.digest_for(secret)
        invitation.expires_at = timezone.now() + datetime.timedelta(days=INVITATION_DAYS)
        invitation.invited_by = actor if getattr(actor, "is_authenticated", False) else None  # type: ignore[assignment]
        _by(invitation, actor)
        invitation.save()
        link = link_for(secret)
        language = translation.get_language()
        transaction.on_commit(lambda: _send_invitation(invitation, link, language))
    return IssuedInvitation(invitation=invitation, secret=secret)


def _send_invitation(invitation: Invitation, link: str, language: str | None) -> None:
    with translation.override(language):
        context = {"invitation": invitation, "link": link, "days": INVITATION_DAYS}
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/email/invitation_body.txt", context)
    send_mail(subject, body, None, [invitation.email])


def invitation_for_secret(secret: str) -> Invitation | None:
    """The invitation a link names, whatever its state (the page says why a used or expired one no longer works)."""
    found = Invitation.objects.select_related("organisation", "invited_by")
    return found.filter(digest=Invitation.digest_for(secret)).first()


def invitation_refusal(invitation: Invitation | None) -> str:
    """Why the link of `invitation` no longer works, in words for the person who opened it; "" when it works.

    An invitation holds only while its inviter is still an active coordinator (one from the command
    line, with no inviter, holds): a coordinator's rights end with them, and so do their invitations.
    """
    if invitation is None:
        return _("It is not a link we know: it may have been replaced by a newer invitation, or mistyped.")
    if invitation.accepted_at is not None:
        return _("It has already been used: an invitation link works once. If the account is yours, log in.")
    if invitation.cancelled_at is not None:
        return _("A coordinator cancelled it.")
    if not invitation.is_pending:
        return _("It has expired, or a newer invitation replaced it.")
    inviter = invitation.invited_by
    if inviter is not None and not access_for(inviter).coordinator:
        return _("The person who invited you is no longer a coordinator, so their invitation no longer holds.")
    return ""


def invitation_cancel(*, access: Access, actor: Author, invitation: Invitation) -> Invitation:
    """Cancel a pending invitation: its link stops working at once. The row stays, for its history."""
    require_coordinator(access)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise PermissionDenied(_("This invitation was already accepted: deactivate the person instead."))
        if invitation.cancelled_at is None:
            invitation.cancelled_at = timezone.now()
            _by(invitation, actor)
            invitation.save(update_fields=["cancelled_at"])
    return invitation


@sensitive_variables("password")
def invitation_accept(*, invitation: Invitation, username: str, password: str) -> User:
    """Create the invited person's account with the invitation's role; the link is then spent."""
    with transaction.atomic():
        # Lock the row so a double submission creates one account.
        invitation = (
            Invitation.objects.select_for_update(of=("self",)).select_related("invited_by").get(pk=invitation.pk)
        )
        refusal = invitation_refusal(invitation)
        if refusal:
            raise PermissionDenied(refusal)
        user = User(username=username, email=invitation.email)
        user.set_password(password)
        _by(user, None)
        user._change_reason = "accepted an invitation"  # type: ignore[attr-defined]
        user.save()
        role = UserRole(user=user, organisation=invitation.organisation, role=invitation.role)
        _by(role, user)
        role.save()
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        _by(invitation, user)
        invitation.save()
    return user


def role_grant(*, access: Access, actor: Author, person: User, organisation: Organisation, role: str) -> UserRole:
    """Give `person` `role` in `organisation`, changing the role they already hold there."""
    require_coordinator(access)
    with transaction.atomic():
        user_role = UserRole.objects.filter(user=person, organisation=organisation).first()
        if user_role is None:
            user_role = UserRole(user=person, organisation=organisation)
        elif user_role.role == role:
            return user_role
        user_role.role = role
        _by(user_role, actor)
        user_role.save()
    return user_role


def role_revoke(*, access: Access, actor: Author, user_role: UserRole) -> None:
    """Take a person's role in one organisation away; their roles elsewhere stay."""
    require_coordinator(access)
    with transaction.atomic():
        _by(user_role, actor)
        user_role.delete()


def person_set_active(*, access: Access, actor: Author, person: User, active: bool) -> User:
    """Deactivate or reactivate a person: a deactivated person's sessions and API tokens stop working."""
    require_coordinator(access)
    if not active and getattr(actor, "pk", None) == person.pk:
        raise PermissionDenied(_("You cannot deactivate yourself."))
    with transaction.atomic():
        person.is_active = active
        _by(person, actor)
        person._change_reason = "reactivated" if active else "deactivated"  # type: ignore[attr-defined]
        person.save(update_fields=["is_active"])
    return person


@dataclass
class IssuedToken:
    token: ApiToken
    raw: str  # shown once; the database keeps its digest


def token_create(*, user: User, name: str, expires_at: datetime.datetime | None) -> IssuedToken:
    """A new API token for the signed-in user, acting as themselves."""
    raw = ApiToken.new_raw_token()
    with transaction.atomic():
        token = ApiToken(user=user, name=name, digest=ApiToken.digest_for(raw), expires_at=expires_at)
        _by(token, user)
        token.save()
    return IssuedToken(token=token, raw=raw)


def can_manage_token(access: Access, actor: Author, token: ApiToken) -> bool:
    return access.coordinator or (getattr(actor, "pk", None) is not None and token.user_id == actor.pk)  # type: ignore[union-attr]


def token_revoke(*, access: Access, actor: Author, token: ApiToken) -> ApiToken:
    """Revoke a token: its owner or a coordinator. The row stays, for its history.

    Anyone else gets 404, as from the page: another person's token is not theirs to know of.
    """
    if not can_manage_token(access, actor, token):
        raise Http404(_("No such token."))
    if token.revoked_at is not None:
        return token
    with transaction.atomic():
        token.revoked_at = timezone.now()
        _by(token, actor)
        token.save(update_fields=["revoked_at"])
    return token


def two_factor_start(*, user: User) -> TOTPDevice:
    """An unconfirmed authenticator for `user` (the one already started, if any) to scan and confirm."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    return device


def two_factor_confirm(*, device: TOTPDevice, code: str) -> bool:
    """Confirm an authenticator with a code it shows; other devices of the user are removed."""
    if not device.verify_token(code):
        return False
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return True


def two_factor_remove(*, user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def invitation_mail_whereabouts() -> str:
    """Where an invitation e-mail went when the demo's file or console backend caught it ("" when really sent)."""
    backend = settings.EMAIL_BACKEND
    if backend == "django.core.mail.backends.filebased.EmailBackend":
        return _("The e-mail was not sent: it was written to a file in %(path)s.") % {
            "path": getattr(settings, "EMAIL_FILE_PATH", "")
        }
    if backend == "django.core.mail.backends.console.EmailBackend":
        return _("The e-mail was not sent: it was printed on the server's console.")
    return ""
