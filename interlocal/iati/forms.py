from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from interlocal.core.models import Visibility
from interlocal.core.permissions import Access
from interlocal.ecosystem.models import Organisation

from .imports import MAX_BYTES


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("IATI activity file (XML)"),
        help_text=_("An iati-activities document, IATI version 2.03. At most %(size)s MB.")
        % {"size": MAX_BYTES // (1024 * 1024)},
    )
    owner = forms.ModelChoiceField(
        label=_("Owning organisation"),
        queryset=Organisation.objects.none(),
        help_text=_("The imported projects, organisations and places belong to it; its editors may change them."),
    )
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Visibility.choices, initial=Visibility.INTERNAL)

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(pk__in=access.edits_for).order_by("name")
        if len(access.edits_for) == 1:
            field.initial = next(iter(access.edits_for))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB."), params={"size": MAX_BYTES // (1024 * 1024)}
            )
        return upload
