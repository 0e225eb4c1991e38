"""The admin of people and access: roles, API tokens and invitations, with their history.

Writes go through the services, so a change made here is checked and recorded like one made on a page.
"""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from interlocal.core.models import ApiToken, UserRole
from interlocal.core.permissions import access_for

from . import services
from .models import Invitation


@admin.register(UserRole)
class UserRoleAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # simple-history has no type stubs
    list_display = ["user", "organisation", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "organisation__name"]
    autocomplete_fields = ["user"]
    raw_id_fields = ["organisation"]

    def get_readonly_fields(self, request: HttpRequest, obj: UserRole | None = None) -> list[str]:
        # A role is one person's in one organisation: to move it, remove it and add another, as on the person's page.
        return ["user", "organisation"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: UserRole, form: Any, change: bool) -> None:
        granted = services.role_grant(
            access=access_for(request.user),
            actor=request.user,
            person=obj.user,
            organisation=obj.organisation,
            role=obj.role,
        )
        obj.pk = granted.pk

    def delete_model(self, request: HttpRequest, obj: UserRole) -> None:
        services.role_revoke(access=access_for(request.user), actor=request.user, user_role=obj)

    def delete_queryset(self, request: HttpRequest, queryset: "QuerySet[UserRole]") -> None:
        access = access_for(request.user)
        for user_role in queryset:
            services.role_revoke(access=access, actor=request.user, user_role=user_role)


@admin.register(ApiToken)
class ApiTokenAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ["name", "user", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username"]
    readonly_fields = ["user", "name", "digest", "created_at", "expires_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a token is created by its owner on "My account", where its value is shown once

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: "QuerySet[ApiToken]") -> None:
        access = access_for(request.user)
        for token in queryset:
            services.token_revoke(access=access, actor=request.user, token=token)


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ["email", "organisation", "role", "invited_by", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email"]
    readonly_fields = [f.name for f in Invitation._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # invitations are sent from the People page, which e-mails the link
