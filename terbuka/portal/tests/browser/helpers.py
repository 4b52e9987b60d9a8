"""Helpers for browser tests: axe-core checks and page measurements."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
# quality.md X13: WCAG 2.0 and 2.1, levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page: Page, *, context: str | None = None) -> list[dict[str, Any]]:
    """Run axe-core on the page (or a CSS selector within it) and return its violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Served from the page's own origin: the site's CSP (script-src 'self') refuses the
        # inline script that add_script_tag(path=...) would insert.
        origin = page.evaluate("() => location.origin")
        if not origin.startswith("http"):
            page.add_script_tag(path=str(AXE_JS))  # set_content pages have no policy
        else:
            url = origin + "/__axe-core.js"
            page.route(
                url,
                lambda route: route.fulfill(
                    path=str(AXE_JS), content_type="application/javascript"
                ),
            )
            page.add_script_tag(url=url)
    result: dict[str, Any] = page.evaluate(
        """async ([context, tags]) => await window.axe.run(context || document, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        })""",
        [context, AXE_TAGS],
    )
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def format_violations(violations: list[dict[str, Any]]) -> str:
    """Describe axe violations one per line, with the offending elements."""
    lines: list[str] = []
    for violation in violations:
        lines.append(
            f"- [{violation.get('impact') or 'n/a'}] {violation['id']}: {violation['help']}"
            f" ({violation['helpUrl']})"
        )
        for node in violation["nodes"][:10]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    at {target}: {summary}")
            lines.append(f"      {node['html'][:200]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    ... and {len(violation['nodes']) - 10} more elements")
    return "\n".join(lines)


def assert_no_axe_violations(page: Page, *, context: str | None = None) -> None:
    """Fail with a readable list if axe-core finds any WCAG 2.1 A/AA violation on the page."""
    violations = axe_violations(page, context=context)
    if violations:
        raise AssertionError(
            f"{len(violations)} axe-core violation(s) on {page.url}:\n"
            + format_violations(violations)
        )


def assert_no_horizontal_scroll(page: Page) -> None:
    """Fail if the page is wider than the viewport (content cut off on small screens)."""
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    scroll_width, viewport_width = widths
    if scroll_width > viewport_width:
        wide = page.evaluate(
            """(limit) => Array.from(document.querySelectorAll('body *'))
                .filter(el => el.getBoundingClientRect().right > limit + 1)
                .slice(0, 5)
                .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                     + (el.className && typeof el.className === 'string'
                        ? '.' + el.className.trim().split(/\\s+/).join('.') : ''))""",
            viewport_width,
        )
        raise AssertionError(
            f"{page.url} scrolls horizontally: {scroll_width}px wide in a {viewport_width}px "
            f"viewport; widest elements: {', '.join(wide)}"
        )
