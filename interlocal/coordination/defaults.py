"""The coordination app's part of the embedded default data (called by metropolis.defaults, idempotent).

The coordination bodies themselves are organisations of kind `coordination_body`, loaded with
the report's facts (ecosystem/data/report_facts.json). Here: their members, where the report
names them, each citing the passage. The report records no meeting, so none is loaded.
"""

from interlocal.core.services import create_if_missing
from interlocal.ecosystem.defaults import amb_organisation
from interlocal.ecosystem.models import Organisation

from .models import BodyMember, BodyRole

SESSION_I = "Report §5.1 (Session I: Economic Dimension, Barcelona City Council)"
STAKEHOLDERS = "Study §2 (Stakeholders)"
COOPERATION = "Study §5 (Decentralised cooperation and solidarity as pillars of the external action of cities)"

# (body, member, role, citation)
MEMBERS = [
    # "every three months a roundtable discussion is held to bring together the main regional
    # players such as the airport, the port, the free trade zone"
    ("barcelona-international-roundtable", "barcelona-city-council", BodyRole.CONVENER, SESSION_I),
    ("barcelona-international-roundtable", "barcelona-airport", BodyRole.MEMBER, SESSION_I),
    ("barcelona-international-roundtable", "port-of-barcelona", BodyRole.MEMBER, SESSION_I),
    ("barcelona-international-roundtable", "barcelona-free-trade-zone", BodyRole.MEMBER, SESSION_I),
    # "another body called the 'Consell de Ciutat' that every year brings together the big players
    # in the city ... to explain the city's strategic plan"
    ("consell-de-ciutat", "barcelona-city-council", BodyRole.CONVENER, SESSION_I),
    # "a digital hub alliance has been created by the Barcelona City Council and other associations"
    ("barcelona-digital-hub-alliance", "barcelona-city-council", BodyRole.MEMBER, SESSION_I),
    # "consisting of representatives from the municipal government, NGOs based in the city, ..."
    ("barcelona-council-for-cooperation", "barcelona-city-council", BodyRole.MEMBER, STAKEHOLDERS),
    # "alliances with ... the office of the Governor of Antioquia, and the Government of Colombia
    # (in the framework of the Antioquia Network for International Cooperation)"
    # and "the ACI acts as a space for coordination with the national government (the Ministry of Foreign
    # Affairs and others), the office of the Governor of Antioquia, and the metropolitan area"
    ("antioquia-network-for-international-cooperation", "aci-medellin", BodyRole.CONVENER, STAKEHOLDERS),
    ("antioquia-network-for-international-cooperation", "governor-of-antioquia", BodyRole.MEMBER, STAKEHOLDERS),
    (
        "antioquia-network-for-international-cooperation",
        "colombia-ministry-of-foreign-affairs",
        BodyRole.MEMBER,
        STAKEHOLDERS,
    ),
    ("antioquia-network-for-international-cooperation", "government-of-colombia", BodyRole.MEMBER, COOPERATION),
    (
        "antioquia-network-for-international-cooperation",
        "aburra-valley-metropolitan-area",
        BodyRole.MEMBER,
        STAKEHOLDERS,
    ),
    # "Montreal ... organises its missions in a collaborative framework involving the city's leading stakeholders"
    ("equipe-montreal", "city-of-montreal", BodyRole.CONVENER, "Study §3 (Cooperation with other cities)"),
]


def load(*, illustrative: bool = False) -> str:
    organisations = {
        o.key: o
        for o in Organisation.objects.filter(key__in={k for row in MEMBERS for k in row[:2]}).only("pk", "key", "kind")
    }
    owner = amb_organisation()
    created = 0
    for body_key, member_key, role, citation in MEMBERS:
        body, member = organisations.get(body_key), organisations.get(member_key)
        if body is None or member is None or body.kind != "coordination_body":
            continue
        _member, new = create_if_missing(
            BodyMember,
            {"body": body, "organisation": member},
            {"role": role, "owner": owner, "visibility": "public", "citation": citation},
        )
        created += new
    if not created:
        return ""
    return f"Coordination: {created} members of coordination bodies."
