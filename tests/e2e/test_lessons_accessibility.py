"""The lessons pages pass an automated accessibility check in Chromium: the home
page, the lessons index, a lesson with every kind of block, the search, and a
teacher's page for assigning a lesson."""

import pytest

from tests.conftest import make_school
from tests.e2e.conftest import assert_accessible
from tests.lessons.factories import (
    every_block,
    make_document,
    make_embed,
    make_image,
    make_lesson,
    make_point,
    make_term,
    make_topic,
)

ENGLISH = {"name": "django_language", "value": "en"}


@pytest.fixture
def lesson():
    make_embed()
    return make_lesson(
        slug="demokracja",
        body=every_block(
            image=make_image(), document=make_document(), term=make_term()
        ),
        topics=[make_topic()],
        points=[make_point()],
    )


@pytest.mark.parametrize(
    "address",
    ["/", "/lessons/", "/lessons/demokracja/", "/lessons/search/?q=demokracja"],
)
def test_the_public_lessons_pages_are_accessible(new_page, lesson, address):
    page = new_page()
    page.goto(address)

    assert page.locator("h1").count() == 1
    assert_accessible(page)


def test_a_key_term_opens_from_the_keyboard(new_page, lesson):
    page = new_page()
    page.goto("/lessons/demokracja/")
    definition = page.locator(".block-key-term details p")
    assert not definition.is_visible()

    page.locator(".block-key-term summary").focus()
    page.keyboard.press("Enter")

    assert definition.is_visible()
    assert "dzielenia mandatów" in definition.inner_text()


def test_the_english_search_with_no_result_is_accessible(new_page, daphne, lesson):
    page = new_page()
    page.context.add_cookies([{**ENGLISH, "url": daphne.url}])
    page.goto("/en/lessons/search/?q=zzzz")

    assert "Nothing matches this search." in page.content()
    assert_accessible(page)


def test_a_teachers_assignment_page_is_accessible(new_page, daphne, lesson):
    make_school("Szkoła Podstawowa Dostępna", suffix="a11y")
    page = new_page()
    page.context.add_cookies([{**ENGLISH, "url": daphne.url}])
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("teacher-a11y")
    page.get_by_label("Password").fill("pass-for-tests-1")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/dashboard/")

    page.goto("/lessons/demokracja/assign/")

    assert page.get_by_role("checkbox").count() == 1
    assert_accessible(page)
