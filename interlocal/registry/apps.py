from django.apps import AppConfig


class RegistryConfig(AppConfig):
    """Bulk import of the registry (organisations, people, agreements, memberships…) from spreadsheets."""

    name = "interlocal.registry"
    label = "registry"
