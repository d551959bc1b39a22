"""The two-portal tests' regional portal, started once per session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.federation import regional as regional_site


@pytest.fixture(scope="session")
def regional(tmp_path_factory: pytest.TempPathFactory) -> Iterator[regional_site.Regional]:
    """A second, regional portal (its own database, site id, Redis database and port,
    served by a real CKAN process) with its OGP Local demo plan."""
    with regional_site.running(tmp_path_factory.mktemp("regional")) as site:
        yield site
