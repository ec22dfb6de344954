"""Phones in the browser tests: device emulation, the page checks, axe-core.

``phone(email)`` opens a signed-in tab in a context emulating the phone the test is
parametrised with (a 390 px and a 412 px one). ``Checks.visit(tab, name)`` is called on
every page a phone journey reaches: the page must not scroll sideways
(``document.documentElement.scrollWidth <= innerWidth``), axe-core must find no serious or
critical violation, and a screenshot is saved under ``test-artifacts/phone/``.

axe-core comes from npm into ``tests/browser/node`` (package.json and package-lock.json are
committed, node_modules is not): the ``axe_source`` fixture runs ``npm ci`` there when it is
missing. It is injected with ``evaluate`` (through the DevTools protocol, which the page's
Content-Security-Policy does not govern), so the policy stays on while it runs.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.browser.journeys import log_in, open_tab

NODE_DIR = Path(__file__).resolve().parent / "node"
AXE = NODE_DIR / "node_modules" / "axe-core" / "axe.min.js"

PHONES = {
    # An iPhone 12-15-sized phone and a Pixel-sized one.
    "390": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3,
            "is_mobile": True, "has_touch": True},
    "412": {"viewport": {"width": 412, "height": 915}, "device_scale_factor": 2.625,
            "is_mobile": True, "has_touch": True},
}
BLOCKING = ("serious", "critical")


@pytest.fixture(name="axe_source", scope="session")
def axe_source_fixture() -> str:
    if not AXE.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is not installed (apt-get install npm): axe-core cannot be fetched")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--prefix", str(NODE_DIR)],
                       check=True, timeout=300)
    return AXE.read_text(encoding="utf-8")


class Checks:
    """The checks every page of a phone journey goes through (see the module docstring)."""

    def __init__(self, axe: str, prefix: str):
        self.axe = axe
        self.prefix = prefix
        self.visited: list[str] = []

    def visit(self, tab, name: str) -> None:
        tab.wait_for_load_state()
        where = f"{name} ({tab.url})"
        widths = tab.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if widths[0] > widths[1]:
            wide = tab.evaluate("""() => Array.from(document.querySelectorAll('body *'))
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' +
                                 Math.round(e.getBoundingClientRect().right))""")
            raise AssertionError(f"{where} scrolls sideways: {widths[0]} > {widths[1]}; {wide}")
        if not tab.evaluate("typeof window.axe !== 'undefined'"):
            tab.evaluate(self.axe + "\n;true")
        results = tab.evaluate("""() => axe.run(document, {resultTypes: ['violations']})
            .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))""")
        blocking = [v for v in results if v["impact"] in BLOCKING]
        assert not blocking, f"axe on {where}:\n" + json.dumps(blocking, indent=1,
                                                                ensure_ascii=False)
        folder = ARTIFACTS / "phone"
        folder.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^A-Za-z0-9]+", "-", f"{self.prefix}-{len(self.visited) + 1:02d}-{name}")
        tab.screenshot(path=str(folder / f"{slug.strip('-')}.png"), full_page=True)
        self.visited.append(name)


@pytest.fixture(name="phone_size", params=sorted(PHONES), ids=lambda size: f"{size}px")
def phone_size_fixture(request) -> str:
    return request.param


@pytest.fixture(name="phone")
def phone_fixture(chromium, live_server, phone_size, request):
    """``phone(email)``: a signed-in tab on the emulated phone; CSP violations fail the test.
    With ``checks``, the login page is checked too."""
    opened = []

    def _phone(email: str, checks: Checks | None = None):
        context, tab, violations = open_tab(chromium, live_server, **PHONES[phone_size])
        opened.append((context, violations))
        log_in(tab, email, before=(lambda t: checks.visit(t, "sign-in")) if checks else None)
        return tab

    yield _phone
    problems = []
    for context, violations in opened:
        context.close()
        problems += violations
    assert not problems, "blocked by the Content-Security-Policy:\n" + "\n".join(problems)


@pytest.fixture(name="checks")
def checks_fixture(axe_source, phone_size, request) -> Checks:
    return Checks(axe_source, f"{request.node.originalname}-{phone_size}")


def open_menu(tab):
    """The header's menu on a phone: folded behind its button, opened by it."""
    button = tab.get_by_role("button", name="Menu")
    if button.get_attribute("aria-expanded") != "true":
        button.click()
    return tab.get_by_role("navigation", name="Main menu")
