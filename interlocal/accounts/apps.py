from typing import Any

from django.apps import AppConfig
from django.contrib.auth import user_logged_in


class AccountsConfig(AppConfig):
    """People and access: invitations, roles, API tokens, two-factor login, and their history."""

    name = "interlocal.accounts"
    label = "accounts"

    def ready(self) -> None:
        # Django's own receiver saves last_login, which User history leaves out; a login is not a change,
        # so ours saves it without a history row.
        if user_logged_in.disconnect(dispatch_uid="update_last_login"):
            user_logged_in.connect(update_last_login_without_history, dispatch_uid="update_last_login")


def update_last_login_without_history(sender: Any, user: Any, **kwargs: Any) -> None:
    from django.contrib.auth.models import update_last_login  # the auth models load after the app configs

    user.skip_history_when_saving = True
    try:
        update_last_login(sender, user, **kwargs)
    finally:
        del user.skip_history_when_saving
