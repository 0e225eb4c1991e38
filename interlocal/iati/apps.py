from django.apps import AppConfig


class IatiConfig(AppConfig):
    name = "interlocal.iati"
    label = "iati"

    def ready(self) -> None:
        from interlocal.projects.entities import PROJECTS

        from . import entities  # noqa: F401  (registers the app's kinds of record)
        from .selectors import project_publication

        # A project imported from a partner's IATI file says whose publication it is.
        PROJECTS.detail_template = "iati/project_detail.html"
        PROJECTS.detail_context = lambda project, access: {"iati_publication": project_publication(project)}
