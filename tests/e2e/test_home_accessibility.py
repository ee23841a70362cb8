"""The public pages work in a real browser and pass an automated accessibility check."""

from tests.e2e.conftest import assert_accessible


def test_home_page_explains_the_platform_and_is_accessible(new_page):
    page = new_page()
    page.goto("/")
    assert page.locator("h1").count() == 1
    assert page.locator("main#main").count() == 1
    assert_accessible(page)


def test_the_language_switcher_changes_the_page_language(new_page):
    page = new_page()
    page.goto("/")
    page.select_option("#language-select", "en")
    page.locator(".language-switcher button").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert (
        "Civic education your class can take part in" in page.locator("h1").inner_text()
    )
