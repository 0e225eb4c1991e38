from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """What each person should know: in-app notifications, the daily digest, calendar feeds."""

    name = "interlocal.notifications"
    label = "notifications"
