"""The rankings app's part of the embedded default data (called by metropolis.defaults, idempotent)."""


def load(*, illustrative: bool = False) -> str:
    return ""
