from django.apps import AppConfig


class MetropolisConfig(AppConfig):
    """The metropolis as a whole: its home dashboard, default data, demo users and synthetic generators.

    It composes the domain apps; only the API mount sits above it (the layers in pyproject.toml).
    """

    name = "interlocal.metropolis"
    label = "metropolis"
