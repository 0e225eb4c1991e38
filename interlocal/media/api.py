"""The media app's own API operations, mounted at /api/v1/media/ (its kinds of record get the generic ones)."""

from ninja import Router

router = Router(tags=["media"])
