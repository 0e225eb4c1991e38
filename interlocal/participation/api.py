"""The participation app's own API operations, mounted at /api/v1/participation/ (its kinds of record get the generic ones)."""

from ninja import Router

router = Router(tags=["participation"])
