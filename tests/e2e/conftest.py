"""Browser tests: Debian's Chromium driven by Playwright against a real Daphne.

No browser is downloaded: Playwright launches the executable named by ``CHROMIUM``
(``/usr/bin/chromium`` by default), which ``make test`` installs.
"""

import os

import pytest

from tests.daphne import DaphneServer

# Playwright's sync API runs an event loop in the test thread; the test itself only
# prepares data through the ORM before and between browser steps.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def daphne(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), DaphneServer() as server:
        yield server


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module.

    Playwright's sync API keeps an event loop running in this thread while it is
    open; closing it with the module lets the asyncio tests that run later work.
    """
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        raise RuntimeError(
            f"No Chromium at {CHROMIUM}: run make test, or apt-get install chromium"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, daphne, transactional_db):
    """Returns a function that opens a fresh browser context (its own cookies)."""
    contexts = []

    def open_page(**options):
        context = browser.new_context(base_url=daphne.url, **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def assert_accessible(page) -> None:
    """Fails with the list of serious or critical axe-core violations on the page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']}: {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert not bad, f"{page.url}:\n" + "\n".join(bad)
