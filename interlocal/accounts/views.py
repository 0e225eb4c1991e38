"""Pages of people and access: the coordinators' people pages, everyone's account page, invitations and login.

The people pages answer 403 to anyone but a coordinator; "My account" (API tokens, two-factor)
is each signed-in person's own. Login asks for a code after the password when the person has
confirmed an authenticator.
"""

from base64 import b32encode
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.models import User
from django.contrib.auth.views import LoginView, redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django_otp import login as otp_login

from interlocal.core.models import ApiToken, Role
from interlocal.core.paging import CappedPaginator
from interlocal.core.permissions import access_for
from interlocal.core.two_factor import two_factor_required

from . import selectors, services
from .forms import AcceptInvitationForm, CodeForm, InvitationForm, OrganisationRoleForm, TokenForm
from .models import Invitation
from .two_factor import qr_svg

PENDING_LOGIN = "accounts_pending_login"  # the user who gave the right password, until they give the code
PENDING_SECONDS = 300


class SignedInView(View):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)


class CoordinatorView(SignedInView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not access_for(request.user).coordinator:
            raise PermissionDenied(_("Only coordinators may manage people and their access."))
        return super().dispatch(request, *args, **kwargs)

    def person(self, pk: int) -> User:
        person = User.objects.filter(pk=pk).first()
        if person is None:
            raise Http404(_("No such person."))
        return person


class PeopleListView(CoordinatorView):
    def get(self, request: HttpRequest) -> HttpResponse:
        listing = selectors.people_list(params=request.GET)
        page = CappedPaginator(listing.queryset, settings.INTERLOCAL_PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "page": page,
            "columns": selectors.COLUMNS,
            "search": listing.search,
            "sort": listing.sort,
            "role": listing.role,
            "active": listing.active,
            "roles": Role.choices,
            "query": query.urlencode(),
            "invitations": selectors.pending_invitations(),
        }
        template = "accounts/_people_table.html" if getattr(request, "htmx", False) else "accounts/people_list.html"
        return render(request, template, context)


class InviteView(CoordinatorView):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "accounts/invite.html", {"form": InvitationForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = InvitationForm(request.POST)
        if not form.is_valid():
            return render(request, "accounts/invite.html", {"form": form}, status=400)
        issued = services.invitation_create(
            access=access_for(request.user),
            actor=request.user,
            email=form.cleaned_data["email"],
            organisation=form.cleaned_data["organisation"],
            role=form.cleaned_data["role"],
            link_for=lambda secret: request.build_absolute_uri(reverse("accounts:invitation", args=[secret])),
        )
        sent = _("An invitation was sent to %(email)s; its link works once, for %(days)s days.") % {
            "email": issued.invitation.email,
            "days": services.INVITATION_DAYS,
        }
        messages.success(request, " ".join(filter(None, [sent, services.invitation_mail_whereabouts()])))
        return HttpResponseRedirect(reverse("accounts:people"))


class InvitationCancelView(CoordinatorView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        invitation = Invitation.objects.filter(pk=pk).first()
        if invitation is None:
            raise Http404(_("No such invitation."))
        try:
            services.invitation_cancel(access=access_for(request.user), actor=request.user, invitation=invitation)
        except PermissionDenied as refused:
            messages.error(request, str(refused))
        else:
            done = _("The invitation to %(email)s was cancelled: its link no longer works.")
            messages.success(request, done % {"email": invitation.email})
        return HttpResponseRedirect(reverse("accounts:people"))


class PersonView(CoordinatorView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = self.person(pk)
        return self.render_page(request, person, OrganisationRoleForm())

    def render_page(
        self, request: HttpRequest, person: User, form: OrganisationRoleForm, status: int = 200
    ) -> HttpResponse:
        context = {
            "person": person,
            "roles": person.roles.select_related("organisation").order_by("organisation__name"),
            "form": form,
            "tokens": selectors.person_tokens(person),
            "history": selectors.person_history(person),
            "is_self": person.pk == request.user.pk,
        }
        return render(request, "accounts/person.html", context, status=status)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Give the person a role in an organisation, or change the one they hold there; other roles stay."""
        person = self.person(pk)
        form = OrganisationRoleForm(request.POST)
        if not form.is_valid():
            return self.render_page(request, person, form, status=400)
        services.role_grant(
            access=access_for(request.user),
            actor=request.user,
            person=person,
            organisation=form.cleaned_data["organisation"],
            role=form.cleaned_data["role"],
        )
        done = _("%(person)s is now %(role)s of %(organisation)s.")
        role = dict(Role.choices)[form.cleaned_data["role"]]
        messages.success(
            request, done % {"person": person, "role": role, "organisation": form.cleaned_data["organisation"]}
        )
        return HttpResponseRedirect(reverse("accounts:person", args=[person.pk]))


class RoleRevokeView(CoordinatorView):
    def post(self, request: HttpRequest, pk: int, role_pk: int) -> HttpResponse:
        person = self.person(pk)
        user_role = person.roles.select_related("organisation").filter(pk=role_pk).first()
        if user_role is None:
            raise Http404(_("No such role."))
        services.role_revoke(access=access_for(request.user), actor=request.user, user_role=user_role)
        done = _("%(person)s is no longer %(role)s of %(organisation)s.")
        messages.success(
            request,
            done % {"person": person, "role": user_role.get_role_display(), "organisation": user_role.organisation},
        )
        return HttpResponseRedirect(reverse("accounts:person", args=[person.pk]))


class PersonActiveView(CoordinatorView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = self.person(pk)
        active = request.POST.get("active") == "1"
        try:
            services.person_set_active(
                access=access_for(request.user), actor=request.user, person=person, active=active
            )
        except PermissionDenied as refused:
            messages.error(request, str(refused))
        else:
            done = (
                _("%(person)s was reactivated.")
                if active
                else _("%(person)s was deactivated: their sessions and API tokens no longer work.")
            )
            messages.success(request, done % {"person": person})
        return HttpResponseRedirect(reverse("accounts:person", args=[person.pk]))


class TokenRevokeView(SignedInView):
    """Revoke a token: its owner from their account page, a coordinator from the person's page."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        access = access_for(request.user)
        token = ApiToken.objects.select_related("user").filter(pk=pk).first()
        if token is None:
            raise Http404(_("No such token."))
        services.token_revoke(access=access, actor=request.user, token=token)  # 404 for another's token
        messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
        if token.user_id == request.user.pk:
            return HttpResponseRedirect(reverse("accounts:account"))
        return HttpResponseRedirect(reverse("accounts:person", args=[token.user_id]))


class AccountView(SignedInView):
    """My account: my API tokens, and two-factor login."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_page(request, TokenForm())

    def render_page(self, request: HttpRequest, form: TokenForm, *, raw: str = "", status: int = 200) -> HttpResponse:
        context = {
            "form": form,
            "raw_token": raw,
            "tokens": selectors.person_tokens(request.user),  # type: ignore[arg-type]
            "device": services.confirmed_device(request.user),
        }
        return render(request, "accounts/account.html", context, status=status)

    def post(self, request: HttpRequest) -> HttpResponse:
        """Create a token; its value is shown on this answer only."""
        form = TokenForm(request.POST)
        if not form.is_valid():
            return self.render_page(request, form, status=400)
        issued = services.token_create(
            user=request.user,  # type: ignore[arg-type]
            name=form.cleaned_data["name"],
            expires_at=form.expires_at(),
        )
        return self.render_page(request, TokenForm(), raw=issued.raw, status=201)


@method_decorator(sensitive_post_parameters("code"), name="dispatch")
class TwoFactorView(SignedInView):
    """Set up an authenticator (scan, then confirm with a code), or remove it."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_page(request, CodeForm())

    def render_page(self, request: HttpRequest, form: CodeForm, status: int = 200) -> HttpResponse:
        confirmed = services.confirmed_device(request.user)
        pending = None if confirmed else request.user.totpdevice_set.filter(confirmed=False).first()  # type: ignore[union-attr]
        context = {
            "form": form,
            "confirmed": confirmed,
            "pending": pending,
            "qr": qr_svg(pending.config_url) if pending else "",
            "secret": b32encode(pending.bin_key).decode() if pending else "",
            "required": two_factor_required(request.user),
        }
        return render(request, "accounts/two_factor.html", context, status=status)

    @method_decorator(sensitive_variables("code"))
    def post(self, request: HttpRequest) -> HttpResponse:
        action = request.POST.get("action")
        user: Any = request.user
        if action == "start":
            services.two_factor_start(user=user)
            return HttpResponseRedirect(reverse("accounts:two-factor"))
        form = CodeForm(request.POST)
        if not form.is_valid():
            return self.render_page(request, form, status=400)
        code = form.cleaned_data["code"]
        if action == "confirm":
            device = user.totpdevice_set.filter(confirmed=False).first()
            if device is None or not services.two_factor_confirm(device=device, code=code):
                form.add_error("code", _("That code is not the one your app shows now. Try the next one."))
                return self.render_page(request, form, status=400)
            otp_login(request, device)
            messages.success(request, _("Two-factor login is on: from now on you will be asked for a code."))
            return HttpResponseRedirect(reverse("accounts:account"))
        if action == "remove":
            device = services.confirmed_device(user)
            if device is None or not device.verify_token(code):
                form.add_error("code", _("That code is not the one your app shows now. Try the next one."))
                return self.render_page(request, form, status=400)
            services.two_factor_remove(user=user)
            messages.success(request, _("Two-factor login is off."))
            return HttpResponseRedirect(reverse("accounts:account"))
        return HttpResponseRedirect(reverse("accounts:two-factor"))


@method_decorator(sensitive_post_parameters("password1", "password2"), name="dispatch")
class InvitationView(View):
    """The link of an invitation: choose a username and password, and be signed in with the role."""

    def invitation(self, request: HttpRequest, secret: str) -> Any:
        invitation = services.invitation_for_secret(secret)
        refusal = services.invitation_refusal(invitation)
        if refusal:
            return self.refused(request, refusal, status=410 if invitation else 404)
        return invitation

    def refused(self, request: HttpRequest, reason: str, status: int) -> HttpResponse:
        return render(request, "accounts/invitation_invalid.html", {"reason": reason}, status=status)

    def get(self, request: HttpRequest, secret: str) -> HttpResponse:
        invitation = self.invitation(request, secret)
        if isinstance(invitation, HttpResponse):
            return invitation
        form = AcceptInvitationForm(email=invitation.email)
        return render(request, "accounts/invitation.html", {"form": form, "invitation": invitation})

    def post(self, request: HttpRequest, secret: str) -> HttpResponse:
        invitation = self.invitation(request, secret)
        if isinstance(invitation, HttpResponse):
            return invitation
        form = AcceptInvitationForm(request.POST, email=invitation.email)
        if not form.is_valid():
            return render(request, "accounts/invitation.html", {"form": form, "invitation": invitation}, status=400)
        try:
            user = services.invitation_accept(
                invitation=invitation, username=form.cleaned_data["username"], password=form.cleaned_data["password1"]
            )
        except PermissionDenied as refused:
            return self.refused(request, str(refused), status=410)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Welcome, %(name)s: you are %(role)s of %(organisation)s.")
            % {
                "name": user.username,
                "role": invitation.get_role_display().lower(),
                "organisation": invitation.organisation,
            },
        )
        return HttpResponseRedirect(reverse(settings.LOGIN_REDIRECT_URL))


class SignInView(LoginView):
    """Django's login; a person with a confirmed authenticator is asked for its code before being signed in."""

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if services.confirmed_device(user) is None:
            return super().form_valid(form)
        self.request.session[PENDING_LOGIN] = {
            "user": user.pk,
            "backend": getattr(user, "backend", "django.contrib.auth.backends.ModelBackend"),
            "next": self.get_success_url(),
            "at": timezone.now().timestamp(),
        }
        return HttpResponseRedirect(reverse("accounts:login-code"))


@method_decorator(sensitive_post_parameters("code"), name="dispatch")
class SignInCodeView(View):
    """The second step of login: the code of the person's authenticator."""

    def pending(self, request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
        pending = request.session.get(PENDING_LOGIN)
        if not pending or timezone.now().timestamp() - pending["at"] > PENDING_SECONDS:
            return None
        user = User.objects.filter(pk=pending["user"], is_active=True).first()
        return (user, pending) if user else None

    def get(self, request: HttpRequest) -> HttpResponse:
        if self.pending(request) is None:
            return HttpResponseRedirect(reverse("login"))
        return render(request, "accounts/login_code.html", {"form": CodeForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        found = self.pending(request)
        if found is None:
            messages.error(request, _("Log in again: the time to enter the code ran out."))
            return HttpResponseRedirect(reverse("login"))
        user, pending = found
        form = CodeForm(request.POST)
        device = services.confirmed_device(user)
        if not form.is_valid() or device is None or not device.verify_token(form.cleaned_data["code"]):
            if form.is_valid():
                form.add_error("code", _("That code is not the one your app shows now."))
            return render(request, "accounts/login_code.html", {"form": form}, status=400)
        del request.session[PENDING_LOGIN]
        login(request, user, backend=pending["backend"])
        otp_login(request, device)
        target = pending["next"]
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse(settings.LOGIN_REDIRECT_URL)
        return HttpResponseRedirect(target)
