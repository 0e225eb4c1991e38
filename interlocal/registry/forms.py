from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from interlocal.core.models import Visibility
from interlocal.core.permissions import Access
from interlocal.ecosystem.models import Organisation

from .imports import MAX_BYTES
from .models import ImportKind


class RegistryImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind of record"), choices=ImportKind.choices)
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("The first row names the columns (in English, Catalan or Spanish). UTF-8 for CSV. At most 5 MB."),
    )
    owner = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("owning organisation"),
        help_text=_("The owner of the records the file creates; records it updates keep their owner."),
    )
    visibility = forms.ChoiceField(label=_("visibility of new records"), choices=Visibility.choices, initial="internal")

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owners = Organisation.objects.filter(archived_at__isnull=True)
        if not access.coordinator or access.edits_for:
            owners = owners.filter(pk__in=access.edits_for)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        if len(access.edits_for) == 1:
            self.fields["owner"].initial = next(iter(access.edits_for))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        name = upload.name.lower()
        if not (name.endswith(".csv") or name.endswith(".xlsx") or name.endswith(".txt")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload
