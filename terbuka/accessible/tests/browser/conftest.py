"""Browser tests of the accessible formats: the shared fixtures and helpers of the portal folder.

Run with `pytest -m browser`; the ordinary suite skips them.
"""

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
from terbuka.portal.tests.browser.helpers import (  # noqa: F401 (re-exported for tests)
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
)

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder as a browser test, even if a module forgets to."""
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)
