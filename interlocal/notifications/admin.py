"""Read-only views for administrators: what was told to whom, which digests went out, which feeds are live.

Nothing is changed here: people mark their notifications read, set their preferences and revoke their
feeds on their own pages, through the services.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import CalendarFeed, DigestDelivery, Notification


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnly):
    list_display = ["user", "kind", "day", "text", "read_at", "emailed_at"]
    list_filter = ["kind", "day"]
    search_fields = ["user__username", "text"]


@admin.register(DigestDelivery)
class DigestDeliveryAdmin(ReadOnly):
    list_display = ["user", "day", "count", "sent_at"]
    list_filter = ["day"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ReadOnly):
    list_display = ["user", "scope", "created_at", "last_used_at", "revoked_at"]
    exclude = ["digest"]
