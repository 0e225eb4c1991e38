from django.utils.translation import gettext_lazy as _

from interlocal.core.entities import Column, EntitySpec, register

from .forms import ASSESSED_FIELDS, ProfileForm
from .models import Profile
from .rules import profile_detail_context

PROFILES = register(
    EntitySpec(
        key="profiles",
        model=Profile,
        form_class=ProfileForm,
        columns=[
            Column(_("Metropolis"), "name", sort="name", link=True),
            Column(_("Kind"), "get_kind_display", sort="kind"),
            Column(_("Country"), "country", sort="country"),
            Column(_("Governance scenario"), "governance_scenario", sort="governance_scenario"),
            Column(_("Planning kind"), "planning_kind", sort="planning_kind"),
        ],
        search_fields=["name", "key"],
        filter_fields=["kind", "governance_scenario", "planning_kind", "country"],
        default_sort="kind",
        select_related=["territory"],
        detail_fields=["name", "kind", "territory", "country", *ASSESSED_FIELDS],
        detail_template="benchmark/profile_detail.html",
        detail_context=profile_detail_context,
        api_fields=["id", "key", "name", "kind", "territory", "country", *ASSESSED_FIELDS, "citations"],
    )
)
