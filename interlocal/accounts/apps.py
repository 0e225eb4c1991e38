from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """People and access: invitations, roles, API tokens, two-factor login, and their history."""

    name = "interlocal.accounts"
    label = "accounts"
