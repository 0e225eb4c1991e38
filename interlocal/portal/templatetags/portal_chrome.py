"""The public site's chrome: the instance's identity and the fingerprint of its theme stylesheet."""

from django import template
from django.urls import reverse

from interlocal.portal.identity import Identity, identity

register = template.Library()


@register.simple_tag
def portal_identity() -> Identity:
    return identity()


@register.simple_tag
def portal_theme_url() -> str:
    from interlocal.portal.views import theme_version

    return f"{reverse('portal:theme')}?v={theme_version()}"
