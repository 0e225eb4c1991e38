from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "interlocal.talent"
    label = "talent"
