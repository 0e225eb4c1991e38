from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "interlocal.projects"
    label = "projects"

    def ready(self) -> None:
        from . import entities  # noqa: F401  (registers the app's kinds of record)
