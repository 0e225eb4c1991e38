from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "interlocal.core"
    label = "core"
