from django.apps import AppConfig


class RankingsConfig(AppConfig):
    name = "interlocal.rankings"
    label = "rankings"
