"""The leak walk as an editor of another organisation: its drafts never show (see test_leak_walk.py)."""

import pytest

from .leak_walk import read_everything_as


@pytest.mark.timeout(3600)  # every URL of the map: up to half an hour on PostgreSQL with busy cores
def test_no_draft_of_another_organisation_shows_anywhere_to_an_editor(db) -> None:  # type: ignore[no-untyped-def]
    read_everything_as("editor")
