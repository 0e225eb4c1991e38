from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from interlocal.core.models import Visibility
from interlocal.core.numbers import format_number
from interlocal.core.permissions import Access
from interlocal.ecosystem.models import Organisation

from .imports import upload_max_bytes


class ImportForm(forms.Form):
    file = forms.FileField(label=_("IATI activity file (XML)"))
    owner = forms.ModelChoiceField(
        label=_("Owning organisation"),
        queryset=Organisation.objects.none(),
        help_text=_("The imported projects, organisations and places belong to it; its editors may change them."),
    )
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Visibility.choices, initial=Visibility.INTERNAL)

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("An iati-activities document, IATI version 2.03. At most %(size)s MB.") % {
            "size": _megabytes(upload_max_bytes())
        }
        field = self.fields["owner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(pk__in=access.edits_for).order_by("name")
        if len(access.edits_for) == 1:
            field.initial = next(iter(access.edits_for))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > upload_max_bytes():
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB."), params={"size": _megabytes(upload_max_bytes())}
            )
        return upload


def _megabytes(size: int) -> str:
    return format_number(size / (1024 * 1024), 1)
