"""Browser tests: Playwright drives Debian's Chromium against a live server.

Playwright cannot download browsers here, so it is given Chromium's path. The live
server needs real transactions; ``django_db_serialized_rollback`` restores the page
tree, site and locales that the migrations created after each test's flush.
"""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls our tests make
# between page actions are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 780}  # a small phone: the ``page`` fixture
LARGE_PHONE = {"width": 390, "height": 844}  # a common phone: the ``phone`` fixture


def _chromium_path() -> str:
    path = (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )
    if not path:
        pytest.fail(
            "Browser tests need Chromium: sudo apt-get install chromium (or set CHROMIUM_PATH)."
        )
    return path


@pytest.fixture(scope="session")
def browser(_serialized_database):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=_chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def live_site(transactional_site, live_server):
    """The live server, with the migrations' page tree, site and locales in place."""
    return live_server


@pytest.fixture
def page(browser, live_site):
    """A fresh phone-sized browser tab with no cookies."""
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


@pytest.fixture
def phone(browser, live_site):
    """A fresh 390 by 844 browser tab (a common phone) with no cookies, taking downloads."""
    context = browser.new_context(viewport=LARGE_PHONE, locale="en-GB", accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


def fits_screen(tab) -> bool:
    """Whether the page is no wider than the tab's screen (nothing to scroll sideways)."""
    return tab.evaluate("document.documentElement.scrollWidth") <= tab.viewport_size["width"]


@pytest.fixture
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def serious_violations(results) -> list[str]:
    """axe violations of serious or critical impact, as readable lines."""
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
