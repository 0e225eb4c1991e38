"""The back office's main menu: its links grouped by task, each shown only to readers who may use it.

Links name their pages by URL name, so core imports no app; the group holding the page being
read is marked current, and that page's link carries `aria-current="page"`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .access import Access

Rule = Callable[[Access], bool]


def everyone(access: Access) -> bool:
    return True


def signed_in(access: Access) -> bool:
    return access.authenticated


def writers(access: Access) -> bool:
    return access.can_write


def coordinators(access: Access) -> bool:
    return access.coordinator


@dataclass(frozen=True)
class Link:
    label: Any
    url_name: str
    rule: Rule = everyone


@dataclass(frozen=True)
class Group:
    key: str
    label: Any
    links: tuple[Link, ...]


MENU = (
    Group(
        "registry",
        _("Registry"),
        (
            Link(_("Territories"), "territory:territory-list"),
            Link(_("Organisations"), "ecosystem:organisation-list"),
            Link(_("Units"), "ecosystem:managementunit-list"),
            Link(_("People"), "ecosystem:person-list"),
            Link(_("Networks"), "diplomacy:membership-list"),
            Link(_("Agreements"), "diplomacy:agreement-list"),
            Link(_("Engagements"), "diplomacy:engagement-list"),
            Link(_("Projects"), "projects:project-list"),
            Link(_("Facts"), "ecosystem:fact-list"),
            Link(_("Map"), "metropolis:map"),
            Link(_("Import registry"), "registry:import", writers),
        ),
    ),
    Group(
        "results",
        _("Strategy and results"),
        (
            Link(_("Strategy"), "strategy:plan-list"),
            Link(_("Indicators"), "results:indicator-list"),
            Link(_("Import values"), "results:import", signed_in),
            Link(_("Review"), "results:review", signed_in),
            Link(_("Externalities"), "results:ledger"),
            Link(_("Equity"), "results:equity"),
            Link(_("Compare"), "benchmark:comparison"),
            Link(_("Rankings"), "rankings:ranking-list"),
            Link(_("Import rankings"), "rankings:import", writers),
        ),
    ),
    Group(
        "coordination",
        _("Coordination"),
        (
            Link(_("Coordination"), "coordination:dashboard"),
            Link(_("All external action"), "coordination:activity"),
            Link(_("Calendar"), "coordination:calendar"),
            Link(_("Findings"), "coordination:findings"),
        ),
    ),
    Group(
        "knowledge",
        _("Knowledge"),
        (
            Link(_("Practices"), "knowledge:practice-list"),
            Link(_("Search"), "knowledge:search"),
            Link(_("Requests to moderate"), "knowledge:transfer-request-moderation", writers),
        ),
    ),
    Group(
        "participation",
        _("Participation and talent"),
        (
            Link(_("Consultations"), "participation:consultation-list"),
            Link(_("Contributions to moderate"), "participation:moderation", writers),
            Link(_("Talent networks"), "talent:talentnetwork-list"),
            Link(_("Network members"), "talent:member-list"),
            Link(_("Members' map"), "talent:member-map"),
            Link(_("Network events"), "talent:networkevent-list"),
        ),
    ),
    Group(
        "public",
        _("Public account"),
        (
            Link(_("Portal"), "portal:home"),
            Link(_("Annual report"), "portal:report-request"),
            Link(_("Open data"), "portal:data"),
            Link(_("IATI"), "iati:overview"),
            Link(_("Media mentions"), "media:mention-list"),
            Link(_("Media sources"), "media:source-list"),
            Link(_("Weekly bulletins"), "media:bulletin-list"),
        ),
    ),
    Group(
        "administration",
        _("Administration"),
        (
            Link(_("People and access"), "accounts:people", coordinators),
            Link(_("My account"), "accounts:account", signed_in),
        ),
    ),
)


@dataclass
class MenuLink:
    label: Any
    url: str
    current: bool


@dataclass
class MenuGroup:
    key: str
    label: Any
    links: list[MenuLink]

    @property
    def current(self) -> bool:
        return any(link.current for link in self.links)


def _url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:  # an app left out of a deployment's URLs
        return ""


def menu_for(access: Access, path: str) -> list[MenuGroup]:
    """The groups and links this reader may use; the link whose address is the longest start of `path` is current."""
    groups = [
        MenuGroup(
            group.key,
            group.label,
            [
                MenuLink(link.label, url, False)
                for link in group.links
                if link.rule(access) and (url := _url(link.url_name))
            ],
        )
        for group in MENU
    ]
    groups = [group for group in groups if group.links]
    matches = [link for group in groups for link in group.links if path.startswith(link.url)]
    if matches:
        max(matches, key=lambda link: len(link.url)).current = True
    return groups
