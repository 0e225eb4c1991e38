import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from interlocal.core.forms import RECORD_FIELDS, PublicForm, RecordForm

from .feeds import SCHEMES
from .models import Mention, Source, SourceKind

DATE = forms.DateInput(attrs={"type": "date"})


class SourceForm(RecordForm):
    class Meta:
        model = Source
        fields = ["name", "kind", "feed_url", "active", *RECORD_FIELDS]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        url = (data.get("feed_url") or "").strip()
        if url and url.split(":", 1)[0].lower() not in SCHEMES:
            self.add_error("feed_url", _("A feed address must start with http:// or https://."))
        elif data.get("kind") == SourceKind.FEED and not url and "feed_url" not in self.errors:
            self.add_error("feed_url", _("A feed source needs the address of its RSS or Atom feed."))
        return data


class MentionForm(RecordForm):
    class Meta:
        model = Mention
        fields = [
            "source",
            "published_on",
            "outlet",
            "title",
            "url",
            "summary",
            "tone",
            "themes",
            "organisations",
            "engagements",
            "projects",
            *RECORD_FIELDS,
        ]
        widgets = {"published_on": DATE}

    def clean_url(self) -> str:
        url = str(self.cleaned_data.get("url") or "")
        if url and url.split(":", 1)[0].lower() not in SCHEMES:
            raise forms.ValidationError(_("Give an http:// or https:// address."))
        return url


class SubscribeForm(PublicForm):
    """The public form: an e-mail address and the bulletin's language; no account."""

    email = forms.EmailField(label=_("Your e-mail"), max_length=254)
    language = forms.ChoiceField(label=_("Language of the bulletin"), choices=settings.LANGUAGES)


class BulletinRequestForm(forms.Form):
    week = forms.DateField(
        label=_("Any day of the week"), widget=DATE, help_text=_("The bulletin covers Monday to Sunday.")
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    deliver = forms.BooleanField(label=_("Send it to the subscribers once generated"), required=False)

    def clean_week(self) -> datetime.date:
        week: datetime.date = self.cleaned_data["week"]
        if week.year < 1990 or week > timezone.localdate() + datetime.timedelta(days=366):
            raise forms.ValidationError(_("Choose a week between 1990 and next year."))
        return week
