"""The leak walk as a viewer of the home organisation: another organisation's drafts never show (see
test_leak_walk.py)."""

import pytest

from .leak_walk import read_everything_as, search_everything_as


@pytest.mark.timeout(3600)  # every URL of the map: up to half an hour on PostgreSQL with busy cores
def test_no_draft_of_another_organisation_shows_anywhere_to_a_viewer(db) -> None:  # type: ignore[no-untyped-def]
    read_everything_as("viewer")


@pytest.mark.timeout(3600)  # every URL of the map: up to half an hour on PostgreSQL with busy cores
def test_searching_a_draft_name_answers_a_viewer_as_for_a_name_that_exists_nowhere(db) -> None:  # type: ignore[no-untyped-def]
    search_everything_as("viewer")
