"""Absolute links to the site, for what is read outside it: e-mails, PDFs, IATI and open data files."""

from django.conf import settings


def site_url() -> str:
    """The site's address as readers reach it (INTERLOCAL_SITE_URL), without a trailing slash."""
    return str(settings.INTERLOCAL_SITE_URL).rstrip("/")


def site_link(path: str) -> str:
    """An absolute link to a path of the site."""
    return site_url() + path
