from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from interlocal.core.models import Visibility
from interlocal.core.permissions import access_for

from .selectors import MAX_PAGE, search, search_kinds


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), max_length=200, required=False)
    kind = forms.MultipleChoiceField(label=_("Kind of record"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    visibility = forms.ChoiceField(label=_("Visibility"), required=False)
    archived = forms.BooleanField(label=_("Include archived"), required=False)
    page = forms.IntegerField(min_value=1, max_value=MAX_PAGE, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = sorted(search_kinds().items(), key=lambda item: item[1])  # type: ignore[attr-defined]
        self.fields["language"].choices = [("", _("Any language")), *settings.LANGUAGES]  # type: ignore[attr-defined]
        self.fields["visibility"].choices = [("", _("Any visibility")), *Visibility.choices]  # type: ignore[attr-defined]
        self.fields["kind"].widget.attrs["size"] = 6


def search_page(request: HttpRequest) -> HttpResponse:
    """Search across practices and every registry record the reader may see."""
    access = access_for(request.user)
    form = SearchForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        data = form.cleaned_data
        results = search(
            access=access,
            q=data["q"],
            kinds=data["kind"],
            language=data["language"],
            visibility=data["visibility"] if access.authenticated else "",
            include_archived=data["archived"],
            page=data["page"] or 1,
        )
    query = request.GET.copy()
    query.pop("page", None)
    status = 400 if form.is_bound and not form.is_valid() else 200
    context = {"form": form, "results": results, "query": query.urlencode(), "access": access}
    return render(request, "knowledge/search.html", context, status=status)
