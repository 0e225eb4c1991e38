"""What every app's API shares: token authentication and the CRUD router built from an EntitySpec.

The apps build their routers on these; interlocal/api only mounts them under /api/v1/.
"""
