"""The participation app's writes: contributions sent through the public form and their moderation.

`contribution_submit` files what a member of the public wrote to an open consultation, pending
the moderation of the consultation's owner, and e-mails its moderators a link to the queue;
`contribution_moderate` accepts it (optionally linking it to the objective or action line it
changed, with what was done) or rejects it; `contribution_respond` records what was done with an
accepted one. Every write goes through the core services, so it is permission-checked and kept
in history. Other records are written by the generic pages and API (`core.services`).
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from interlocal.core.access import ANONYMOUS, SYSTEM, Access, Author
from interlocal.core.links import site_link
from interlocal.core.models import Theme, Visibility
from interlocal.core.services import record_create, record_update
from interlocal.knowledge.selectors import moderator_emails
from interlocal.strategy.models import ActionLine, Objective

from .models import Consultation, Contribution, ContributionSource, Moderation, Sector
from .selectors import public_objectives


def contribution_submit(
    *,
    consultation: Consultation,
    text: str,
    sector: Sector | None = None,
    objectives: Iterable[Objective] = (),
    themes: Iterable[Theme] = (),
    organisation: str = "",
    email: str = "",
    language: str,
) -> Contribution:
    """File a contribution written without an account, pending moderation by the consultation's owner.

    Anyone may contribute to a public consultation that is open, and only to one: that is the
    permission. The contribution belongs to the consultation's owner and is read by no one but
    its moderators (`Contribution.visible_q`) until they accept it; it is public from then on.
    Objectives it is tagged to must be public objectives of the consultation's plan.
    """
    if not consultation.is_visible_to(ANONYMOUS) or not consultation.is_open:
        raise PermissionDenied(_("This consultation is not open for contributions."))
    objectives = list(objectives)
    allowed = set(public_objectives(consultation).values_list("pk", flat=True))
    if any(objective.pk not in allowed for objective in objectives):
        raise ValidationError(_("Choose objectives of this consultation's plan."))
    with transaction.atomic():
        contribution = record_create(
            access=SYSTEM,
            user=None,
            model=Contribution,
            fields={
                "consultation": consultation,
                "owner_id": consultation.owner_id,
                "visibility": Visibility.PUBLIC,
                "language": language,
                "source": ContributionSource.PUBLIC,
                "sector": sector,
                "text": text,
                "received_on": timezone.localdate(),
                "moderation": Moderation.PENDING,
                "contact_organisation": organisation,
                "contact_email": email,
            },
            m2m={"objectives": objectives, "themes": list(themes)},
            reason="sent through the public form",
        )
        transaction.on_commit(lambda: _tell_moderators(contribution))
    return contribution


def _tell_moderators(contribution: Contribution) -> None:
    recipients = moderator_emails(contribution.owner_id)
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            _("A contribution to “%(consultation)s” awaits moderation") % {"consultation": contribution.consultation},
            "\n\n".join(
                [
                    _("Someone contributed to “%(consultation)s” through the public form.")
                    % {"consultation": contribution.consultation},
                    _("Accept it or reject it in the moderation queue:")
                    + f"\n{site_link(reverse('participation:moderation'))}",
                ]
            ),
            None,
            recipients,
        )


def contribution_moderate(
    *,
    access: Access,
    user: Author,
    contribution: Contribution,
    accept: bool,
    changed_objective: Objective | None = None,
    changed_action_line: ActionLine | None = None,
    response: str = "",
) -> Contribution:
    """Accept a public contribution (it is then public) with what was done with it, or reject it.

    Only its owner's editors and coordinators may (the core services check it); a contribution
    is moderated once, and a rejected one keeps no link.
    """
    if contribution.moderation != Moderation.PENDING:
        raise ValidationError(_("This contribution has already been moderated."))
    if accept:
        fields = {
            "moderation": Moderation.ACCEPTED,
            "changed_objective": changed_objective,
            "changed_action_line": changed_action_line,
            "response": response.strip(),
        }
        reason = "accepted from the moderation queue"
    else:
        fields = {"moderation": Moderation.REJECTED}
        reason = "rejected from the moderation queue"
    return record_update(access=access, user=user, instance=contribution, fields=fields, reason=reason)


def contribution_respond(
    *,
    access: Access,
    user: Author,
    contribution: Contribution,
    changed_objective: Objective | None,
    changed_action_line: ActionLine | None,
    response: str,
) -> Contribution:
    """Record what was done with an accepted contribution: what it changed, and a short account."""
    if contribution.moderation != Moderation.ACCEPTED:
        raise ValidationError(_("Accept the contribution before saying what it changed."))
    return record_update(
        access=access,
        user=user,
        instance=contribution,
        fields={
            "changed_objective": changed_objective,
            "changed_action_line": changed_action_line,
            "response": response.strip(),
        },
        reason="what was done, from the moderation queue",
    )
