"""Widgets of the project's own: the quick selects write the same HTML as Django's."""

import re

from django import forms

from interlocal.core.widgets import QuickSelect, QuickSelectMultiple, quicken

CHOICES = [
    ("", "---------"),
    ("Europe", [("es", "Spain"), ("fr", "France & co")]),
    ("co", "Colombia <Medellín>"),
]


def tidy(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


def test_a_quick_select_writes_what_django_writes() -> None:
    for django_widget, quick_widget, value in [
        (forms.Select, QuickSelect, "fr"),
        (forms.SelectMultiple, QuickSelectMultiple, ["es", "co"]),
    ]:
        attrs = {"id": "id_country", "data-autosubmit": True, "hidden": False}
        expected = django_widget(attrs=attrs, choices=CHOICES).render("country", value)
        quick = quick_widget(attrs=attrs, choices=CHOICES).render("country", value)
        assert tidy(quick) == tidy(expected)
    assert "France &amp; co" in quick and "Colombia &lt;Medellín&gt;" in quick


def test_quicken_keeps_the_fields_choices_and_leaves_other_widgets_alone() -> None:
    class Filters(forms.Form):
        country = forms.ChoiceField(choices=CHOICES, required=False)
        kinds = forms.MultipleChoiceField(choices=[("visit", "Visit"), ("meeting", "Meeting")], required=False)
        name = forms.CharField(required=False)

    form = Filters(data={"country": "es", "kinds": ["meeting"]})
    for field in form.fields.values():
        quicken(field)
    assert [type(field.widget) for field in form.fields.values()] == [QuickSelect, QuickSelectMultiple, forms.TextInput]
    assert '<option value="es" selected>Spain</option>' in str(form["country"])
    assert '<option value="meeting" selected>Meeting</option>' in str(form["kinds"])
    assert form.is_valid() and form.cleaned_data["kinds"] == ["meeting"]
