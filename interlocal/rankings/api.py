"""The rankings app's own API operations, mounted at /api/v1/rankings/ (its kinds of record get the generic ones)."""

from ninja import Router

router = Router(tags=["rankings"])
