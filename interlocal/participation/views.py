"""Pages of the participation app beyond the generic ones: the public account, the public form, moderation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from interlocal.core.forms import reader_language
from interlocal.core.permissions import access_for
from interlocal.strategy.models import ActionLine, Objective

from .forms import ModerationForm, PublicContributionForm
from .models import Contribution
from .selectors import (
    awaiting_response,
    moderation_queue,
    open_consultation,
    portal_consultation,
    portal_consultations,
    public_account,
    public_objectives,
)
from .services import contribution_moderate, contribution_respond, contribution_submit
from .throttle import CONTRIBUTIONS

# --- the public account ----------------------------------------------------------------------


def portal_list(request: HttpRequest) -> HttpResponse:
    """The metropolis's public consultations."""
    page = Paginator(portal_consultations(), 20).get_page(request.GET.get("page"))
    return render(request, "participation/portal_list.html", {"page": page})


def portal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One consultation: what we heard, what we did, its sessions and its counts by sector."""
    account = public_account(portal_consultation(pk))
    return render(
        request, "participation/portal_detail.html", {"account": account, "consultation": account.consultation}
    )


def too_many_message() -> str:
    limit = CONTRIBUTIONS.per_hour()
    return ngettext(
        "Too many contributions from your address: you may send %(limit)d contribution an hour. "
        "Please try again later.",
        "Too many contributions from your address: you may send %(limit)d contributions an hour. "
        "Please try again later.",
        limit,
    ) % {"limit": limit}


SENT = gettext_lazy(
    "Thank you. Your contribution reached the consultation's team; it is published on the consultation's page "
    "once they have read it."
)


@require_http_methods(["GET", "POST"])
def contribute(request: HttpRequest, pk: int) -> HttpResponse:
    """The public form: anyone contributes to an open consultation, without an account."""
    consultation = open_consultation(pk)
    form = PublicContributionForm(request.POST or None, objectives=public_objectives(consultation))
    status = 200
    if request.method == "POST":
        if not CONTRIBUTIONS.left(request):
            form.is_valid()
            form.add_error(None, too_many_message())
            status = 429
        elif form.is_robot:  # refused quietly: a robot learns nothing from the answer
            CONTRIBUTIONS.spend(request)
            messages.success(request, SENT)
            return redirect("participation:contribute", pk=consultation.pk)
        elif form.is_valid():
            data = form.cleaned_data
            contribution_submit(
                consultation=consultation,
                text=data["text"],
                sector=data["sector"],
                objectives=data.get("objectives") or [],
                themes=data["themes"],
                organisation=data["organisation"],
                email=data["email"],
                language=reader_language(),
            )
            CONTRIBUTIONS.spend(request)
            messages.success(request, SENT)
            return redirect("participation:contribute", pk=consultation.pk)
        else:
            status = 400
    return render(request, "participation/contribute.html", {"form": form, "consultation": consultation}, status=status)


# --- moderation ------------------------------------------------------------------------------


@login_required
def moderation(request: HttpRequest) -> HttpResponse:
    """Contributions from the public form that wait for this reader's decision, and those without an answer yet."""
    access = access_for(request.user)
    if not access.can_write:
        raise PermissionDenied(_("Only editors and coordinators moderate contributions."))
    page = Paginator(moderation_queue(access), 20).get_page(request.GET.get("page"))
    contributions = [*page, *awaiting_response(access)[:20]]
    # Each form offers its consultation's plan's objectives and action lines (every plan's for a consultation
    # without one): read once for the whole queue, not once per form.
    plans = {c.consultation.plan_id for c in contributions}
    objectives = Objective.objects.visible_to(access).select_related("axis").order_by("code", "title")
    lines = ActionLine.objects.visible_to(access).select_related("objective__axis").order_by("code", "title")
    if None not in plans:
        named = [plan for plan in plans if plan is not None]
        objectives = objectives.filter(axis__plan_id__in=named)
        lines = lines.filter(objective__axis__plan_id__in=named)
    offered = (list(objectives), list(lines)) if contributions else ([], [])
    forms = []
    for contribution in contributions:
        form = ModerationForm(consultation=contribution.consultation, access=access, prefix=f"c{contribution.pk}")
        plan = contribution.consultation.plan_id
        form.offer(
            [o for o in offered[0] if plan is None or o.axis.plan_id == plan],
            [a for a in offered[1] if plan is None or a.objective.axis.plan_id == plan],
        )
        forms.append((contribution, form))
    items, answers = forms[: len(page)], forms[len(page) :]
    return render(request, "participation/moderation.html", {"page": page, "items": items, "answers": answers})


def _moderated(request: HttpRequest, pk: int) -> tuple[Contribution, ModerationForm]:
    access = access_for(request.user)
    contribution = get_object_or_404(Contribution.objects.visible_to(access).select_related("consultation"), pk=pk)
    form = ModerationForm(request.POST, consultation=contribution.consultation, access=access, prefix=f"c{pk}")
    return contribution, form


@require_POST
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    contribution, form = _moderated(request, pk)
    decision = request.POST.get("decision")
    if decision not in ("accept", "reject"):
        messages.error(request, _("Choose to accept the contribution or to reject it."))
        return redirect("participation:moderation")
    if decision == "accept" and not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("participation:moderation")
    data = form.cleaned_data if decision == "accept" else {}
    try:
        contribution_moderate(
            access=access,
            user=request.user,
            contribution=contribution,
            accept=decision == "accept",
            changed_objective=data.get("changed_objective"),
            changed_action_line=data.get("changed_action_line"),
            response=data.get("response", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("participation:moderation")
    if decision == "accept":
        messages.success(request, _("Accepted: the contribution is now on the consultation's public page."))
    else:
        messages.success(request, _("Rejected: the contribution stays out of every list."))
    return redirect("participation:moderation")


@require_POST
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    contribution, form = _moderated(request, pk)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("participation:moderation")
    try:
        contribution_respond(
            access=access,
            user=request.user,
            contribution=contribution,
            changed_objective=form.cleaned_data["changed_objective"],
            changed_action_line=form.cleaned_data["changed_action_line"],
            response=form.cleaned_data["response"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("participation:moderation")
    messages.success(request, _("Saved what was done with the contribution."))
    return redirect("participation:moderation")
