from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import FeedScope, NotificationKind
from .selectors import KindPreference


class PreferencesForm(forms.Form):
    """Per kind of notification: in the inbox, in the daily e-mail; and the e-mails' language."""

    language = forms.ChoiceField(
        label=_("Language of the e-mails"),
        choices=[("", _("The site's default")), *settings.LANGUAGES],
        required=False,
    )

    def __init__(self, *args: Any, preferences: dict[str, KindPreference], language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = language
        for kind, preference in preferences.items():
            self.fields[f"{kind}_app"] = forms.BooleanField(
                label=_("In the inbox"), required=False, initial=preference.in_app
            )
            self.fields[f"{kind}_digest"] = forms.BooleanField(
                label=_("In the daily e-mail"), required=False, initial=preference.in_digest
            )
        self.preferences = preferences

    def rows(self) -> list[tuple[KindPreference, forms.BoundField, forms.BoundField]]:
        return [(p, self[f"{kind}_app"], self[f"{kind}_digest"]) for kind, p in self.preferences.items()]

    def choices(self) -> dict[str, tuple[bool, bool]]:
        data = self.cleaned_data
        return {kind: (bool(data.get(f"{kind}_app")), bool(data.get(f"{kind}_digest"))) for kind in NotificationKind}


class FeedForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("What the calendar holds"), choices=FeedScope.choices, initial=FeedScope.MINE, widget=forms.RadioSelect
    )
