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
    return f"{reverse('portal:theme')}?v={identity().css_version()}"
