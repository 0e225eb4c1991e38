from django.utils.translation import gettext_lazy as _

from interlocal.core.entities import Column, EntitySpec, Related, register

from .forms import AgreementForm, EngagementForm, MembershipForm, PartnerPlaceForm
from .models import Agreement, Engagement, Membership, PartnerPlace

MEMBERSHIPS = register(
    EntitySpec(
        key="memberships",
        model=Membership,
        form_class=MembershipForm,
        columns=[
            Column(_("Network"), "network", sort="network_name", link=True),
            Column(_("Member"), "organisation", sort="organisation__name"),
            Column(_("Role"), "get_role_display", sort="role"),
            Column(_("Main link"), "main_link"),
            Column(_("Priority"), "priority", sort="priority"),
            Column(_("Annual fee (EUR)"), "annual_fee_eur", sort="annual_fee_eur"),
        ],
        search_fields=["network__name", "network__acronym", "organisation__name", "main_link"],
        filter_fields=["role", "network", "organisation", "priority"],
        default_sort="network_name",
        # The sort key, a copy of the network's name: a hidden network's name stays with the network.
        secret_fields=["network_name"],
        select_related=["organisation", "network"],
        pages_by_ids=True,
        detail_fields=[
            "organisation",
            "network",
            "role",
            "main_link",
            "start_on",
            "end_on",
            "annual_fee_eur",
            "priority",
            "citation",
        ],  # fmt: skip
        api_fields=[
            "id",
            "organisation",
            "network",
            "role",
            "main_link",
            "start_on",
            "end_on",
            "annual_fee_eur",
            "priority",
            "citation",
        ],  # fmt: skip
    )
)

PLACES = register(
    EntitySpec(
        key="places",
        model=PartnerPlace,
        form_class=PartnerPlaceForm,
        columns=[
            Column(_("Place"), "name", sort="name", link=True),
            Column(_("Country"), "country", sort="country"),
            Column(_("Kind"), "get_kind_display", sort="kind"),
            Column(_("Population"), "population", sort="population"),
        ],
        search_fields=["name", "country"],
        filter_fields=["kind", "country"],
        default_sort="name",
        detail_fields=["name", "kind", "country", "geonameid", "latitude", "longitude", "population"],
        related=[
            Related(_("Agreements"), "agreements", "partner_place", "partner_place"),
            Related(_("Engagements"), "engagements", "place", "place"),
            Related(_("Projects"), "projects", "places", ""),
        ],
        api_fields=["id", "name", "kind", "country", "geonameid", "latitude", "longitude", "population"],
    )
)

AGREEMENTS = register(
    EntitySpec(
        key="agreements",
        model=Agreement,
        form_class=AgreementForm,
        columns=[
            Column(_("Agreement"), "title", sort="title", link=True),
            Column(_("Organisation"), "organisation", sort="organisation__name"),
            Column(_("Partner"), "partner_place", sort="partner_place__name"),
            Column(_("Kind"), "get_kind_display", sort="kind"),
            Column(_("Status"), "get_status_display", sort="status"),
            Column(_("Signed"), "signed_on", sort="signed_on"),
            Column(_("Ends"), "ends_on", sort="ends_on"),
        ],
        search_fields=["title", "aims", "partner_place__name", "organisation__name"],
        filter_fields=["kind", "status", "organisation", "partner_place", "themes", "sdg_targets"],
        default_sort="-signed_on",
        select_related=["organisation", "partner_place"],
        prefetch_related=["parties", "themes", "sdg_targets"],
        detail_fields=[
            "organisation",
            "partner_place",
            "kind",
            "status",
            "parties",
            "aims",
            "resources",
            "themes",
            "sdg_targets",
            "signed_on",
            "ends_on",
            "document_url",
            "citation",
        ],  # fmt: skip
        related=[Related(_("Engagements"), "engagements", "agreement", "agreement")],
        api_fields=[
            "id",
            "organisation",
            "partner_place",
            "title",
            "kind",
            "status",
            "parties",
            "aims",
            "resources",
            "themes",
            "sdg_targets",
            "signed_on",
            "ends_on",
            "document_url",
            "citation",
        ],  # fmt: skip
    )
)

ENGAGEMENTS = register(
    EntitySpec(
        key="engagements",
        model=Engagement,
        form_class=EngagementForm,
        columns=[
            Column(_("Engagement"), "title", sort="title", link=True),
            Column(_("Kind"), "get_kind_display", sort="kind"),
            Column(_("From"), "start_on", sort="start_on"),
            Column(_("Place"), "place", sort="place__name"),
        ],
        search_fields=["title", "outcome", "place__name"],
        filter_fields=["kind", "participants", "place", "agreement", "network", "project"],
        default_sort="-start_on",
        select_related=["place", "agreement", "network", "project"],
        prefetch_related=["participants"],
        detail_fields=[
            "title",
            "kind",
            "start_on",
            "end_on",
            "place",
            "participants",
            "agreement",
            "network",
            "project",
            "outcome",
        ],  # fmt: skip
        api_fields=[
            "id",
            "title",
            "kind",
            "start_on",
            "end_on",
            "place",
            "participants",
            "agreement",
            "network",
            "project",
            "outcome",
        ],  # fmt: skip
    )
)
