"""The knowledge app's part of the embedded default data (called by core.defaults, idempotent)."""


def load() -> str:
    return ""
