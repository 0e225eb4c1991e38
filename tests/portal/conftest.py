"""The results app's small metropolis (three municipalities, a few indicators) for the portal's results sections."""

from tests.results.conftest import metro  # noqa: F401  (a fixture, shared)
