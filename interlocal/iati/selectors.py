"""Reads of the iati app that other pages share."""

from typing import Any

from .models import ActivityLink


def project_publication(project: Any) -> ActivityLink | None:
    """The IATI activity a project was imported from, when its publisher is a partner (one query)."""
    return (
        ActivityLink.objects.filter(project=project, partner=True)
        .only("identifier", "reporting_org_ref", "reporting_org_name", "partner", "project_id")
        .first()
    )
