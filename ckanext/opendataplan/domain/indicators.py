"""Where an indicator's value comes from: entered by hand, or counted by the portal.
Held equal to the commitment schema's ``indicators.source`` choices by
``tests/domain/test_choices.py``."""

from __future__ import annotations

MANUAL = "manual"
LIVE_SOURCES = ("portal_datasets", "portal_publishers", "portal_reuses")
SOURCES = (MANUAL, *LIVE_SOURCES)
