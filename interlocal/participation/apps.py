from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "interlocal.participation"
    label = "participation"
