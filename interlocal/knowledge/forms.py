from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from interlocal.core.forms import RECORD_FIELDS, PublicForm, RecordForm, check_period

from .models import Practice, TransferRequest

DATE = forms.DateInput(attrs={"type": "date"})


def parse_documents(value: Any) -> list[dict[str, str]]:
    """Documents as `[{"title", "url"}]` from lines “Title | https://…” (or such a list already)."""
    if value in (None, ""):
        return []
    items = value.splitlines() if isinstance(value, str) else list(value)
    documents: list[dict[str, str]] = []
    check_url = URLValidator(schemes=["http", "https"])
    for number, item in enumerate(items, start=1):
        if isinstance(item, dict):
            title, url = str(item.get("title", "")), str(item.get("url", ""))
        else:
            line = str(item).strip()
            if not line:
                continue
            title, _sep, url = line.rpartition("|") if "|" in line else ("", "", line)
        title, url = title.strip(), url.strip()
        try:
            check_url(url)
        except ValidationError:
            raise ValidationError(
                _("Line %(number)s: “%(url)s” is not a web address (write “Title | https://…”)."),
                params={"number": number, "url": url[:80]},
            ) from None
        documents.append({"title": title[:300] or url, "url": url})
    if len(documents) > 50:
        raise ValidationError(_("At most 50 documents."))
    return documents


class DocumentsField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value: Any) -> Any:
        return value if isinstance(value, list) else super().to_python(value)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(f"{d.get('title', '')} | {d.get('url', '')}" for d in value if isinstance(d, dict))
        return value

    def clean(self, value: Any) -> list[dict[str, str]]:
        return parse_documents(self.to_python(value))


class PracticeForm(RecordForm):
    documents = DocumentsField(
        label=_("Documents"),
        required=False,
        help_text=_("One per line: “Title | https://…”."),
    )

    class Meta:
        model = Practice
        fields = [
            "title",
            "summary",
            "problem",
            "solution",
            "results",
            "partners",
            "places",
            "sdg_targets",
            "themes",
            "started_on",
            "ended_on",
            "contacts",
            "transferability",
            "lessons",
            "what_failed",
            "documents",
            *RECORD_FIELDS,
        ]
        widgets = {"started_on": DATE, "ended_on": DATE}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        check_period(self, "started_on", "ended_on")
        return data


class TransferRequestForm(RecordForm):
    class Meta:
        model = TransferRequest
        fields = [
            "practice",
            "requester",
            "requester_place",
            "question",
            "received_on",
            "status",
            "engagement",
            "answer",
            *RECORD_FIELDS,
        ]
        widgets = {"received_on": DATE}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        named = data.get("requester") or data.get("requester_place") or self.instance.contact_organisation
        if not named and "requester" not in self.errors:
            self.add_error("requester", _("Name the organisation or the city that asks."))
        if data.get("status") == "answered" and not data.get("engagement") and not (data.get("answer") or "").strip():
            self.add_error("answer", _("An answered request needs the answering engagement or answer notes."))
        return data


class PublicTransferRequestForm(PublicForm):
    """What a peer city's officer writes to ask about a practice, without an account."""

    organisation = forms.CharField(
        label=_("Your organisation or city"),
        max_length=200,
        help_text=_("For example: Seoul Metropolitan Government."),
    )
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("Your e-mail"), help_text=_("We send your private link here, and the practice's team answers to it.")
    )
    message = forms.CharField(
        label=_("What would you like to know?"),
        min_length=20,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What your city is working on and what you would like to learn from this practice."),
    )

    def clean_organisation(self) -> str:
        return _one_line(self.cleaned_data["organisation"])

    def clean_name(self) -> str:
        return _one_line(self.cleaned_data["name"])


def _one_line(value: str) -> str:
    """A name as one line of text: it ends up in an e-mail's body and on a page, never in a header."""
    if any(c in value for c in "\r\n\x00"):
        raise ValidationError(_("Write it on one line."))
    return value.strip()
