from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "interlocal.results"
    label = "results"

    def ready(self) -> None:
        from interlocal.iati.export import register_results_provider
        from interlocal.iati.mapping import register_results_importer

        from . import entities  # noqa: F401  (registers the app's kinds of record)
        from .iati import import_results, project_results

        register_results_provider(project_results)  # registers a function once, however often ready() runs
        register_results_importer(import_results)
