"""Browser tests of the service information: the portal's live-server, Chromium and axe fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from terbuka.portal.tests.browser.fixtures import (  # noqa: F401 (fixtures)
    browser,
    demo,
    mobile_page,
    page,
    playwright_instance,
)

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder as a browser test."""
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)
