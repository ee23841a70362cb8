"""A teacher writes a quiz in Chromium with the keyboard alone, and every editor
page passes axe-core. Runs with the browser tests (marked ``e2e``)."""

import pytest

from quizzes.models import Quiz
from tests.conftest import make_school
from tests.e2e import conftest as e2e
from tests.e2e.conftest import assert_accessible

# The browser fixtures live in tests/e2e/conftest.py; naming them here makes them
# available to this module.
browser = e2e.browser
daphne = e2e.daphne
new_page = e2e.new_page

pytestmark = pytest.mark.e2e

ENGLISH = {"name": "django_language", "value": "en"}


def sign_in(page, daphne, username):
    page.context.add_cookies([{**ENGLISH, "url": daphne.url}])
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pass-for-tests-1")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/dashboard/")


def tab_to(page, selector, limit=80):
    """Presses Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "(s) => document.activeElement && document.activeElement.matches(s)",
            selector,
        ):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_a_teacher_writes_a_question_with_the_keyboard_only(new_page, daphne):
    world = make_school("Szkoła Podstawowa Quiz", suffix="quiz")
    page = new_page()
    sign_in(page, daphne, "teacher-quiz")

    page.get_by_role("link", name="Quizzes").click()
    assert_accessible(page)
    page.get_by_role("link", name="Create a quiz").click()
    assert_accessible(page)
    page.get_by_label("Title").fill("Parliament")
    page.get_by_label("Language of the quiz").select_option("en")
    page.get_by_role("button", name="Create the quiz").click()
    quiz = Quiz.objects.get(school=world.school)
    page.wait_for_url(f"**/quizzes/{quiz.pk}/")
    assert_accessible(page)

    # Choose "Multiple choice" in the kind list and open the form, by keyboard.
    tab_to(page, "#new-question-kind")
    page.keyboard.press("ArrowDown")
    tab_to(page, ".add-question button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/questions/new/?kind=multiple")
    assert page.locator("fieldset.slider-fields").is_hidden()
    assert page.locator("[data-row='7']").is_hidden()
    assert_accessible(page)

    tab_to(page, "textarea[name=text]")
    page.keyboard.type("Which are chambers of parliament?")
    tab_to(page, "input[name=answer_1]")
    page.keyboard.type("Sejm")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.type("Senate")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.type("Court")
    tab_to(page, "button[type=submit]:not([name])")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/quizzes/{quiz.pk}/#q*")

    question = quiz.questions.get()
    assert question.kind == "multiple"
    assert [(c.text, c.is_correct) for c in question.choices.all()] == [
        ("Sejm", True),
        ("Senate", True),
        ("Court", False),
    ]
    assert "Which are chambers of parliament?" in page.locator("main").inner_text()
    assert_accessible(page)


def test_errors_are_announced_and_moving_keeps_the_focus(new_page, daphne):
    from quizzes import services

    world = make_school("Szkoła Podstawowa Kolejność", suffix="order")
    quiz = services.quiz_create(
        by=world.teacher, school=world.school, title="Order", language="en"
    )
    for text in ("First", "Second"):
        services.question_add(by=world.teacher, quiz=quiz, kind="open", text=text)
    page = new_page()
    sign_in(page, daphne, "teacher-order")

    page.goto(f"/quizzes/{quiz.pk}/questions/new/?kind=single")
    page.locator("textarea[name=text]").fill("Who signs laws?")
    page.locator("input[name=answer_1]").fill("President")
    page.locator("input[name=answer_2]").fill("Sejm")
    page.get_by_role("button", name="Add the question").click()
    summary = page.locator("#form-errors")
    assert summary.get_attribute("role") == "alert"
    page.wait_for_function("() => document.activeElement.id === 'form-errors'")
    assert "exactly one right answer" in page.locator("#answers-errors").inner_text()
    assert_accessible(page)

    page.goto(f"/quizzes/{quiz.pk}/")
    first = quiz.questions.get(position=0)
    tab_to(page, f"#move-down-{first.pk}")
    page.keyboard.press("Enter")
    page.wait_for_url("**#move-down-*")
    page.wait_for_function("() => document.activeElement.tagName === 'BUTTON'")
    assert [q.text for q in quiz.questions.order_by("position")] == ["Second", "First"]
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Move question 2 up"


def test_import_problems_and_the_library_are_accessible(new_page, daphne, tmp_path):
    from wagtail.models import Locale

    from quizzes.models import LibraryQuiz

    make_school("Szkoła Podstawowa Import", suffix="import")
    library_quiz = LibraryQuiz(
        title="Parliament",
        description="Ten minutes on the Sejm and the Senate.",
        locale=Locale.objects.get(language_code="en"),
        questions=[
            ("true_false", {"text": "The Sejm has 460 deputies.", "answer": "true"}),
            ("poll", {"text": "Would you vote at 16?", "options": ["Yes", "No"]}),
        ],
        live=False,
    )
    library_quiz.save()
    library_quiz.save_revision().publish()
    bad = tmp_path / "quiz.csv"
    bad.write_text("Who passes laws?,Sejm,President,,,20,5\nEmpty,A,B,,,20,\n")
    page = new_page()
    sign_in(page, daphne, "teacher-import")

    page.goto("/quizzes/import/")
    page.get_by_label("File").set_input_files(str(bad))
    page.get_by_label("Title").fill("Laws")
    page.get_by_role("button", name="Import", exact=True).click()
    rows = page.locator(".import-problems tbody tr")
    assert rows.count() == 2
    assert "Row 1" in rows.first.inner_text()
    page.wait_for_function("() => document.activeElement.id === 'import-problems'")
    assert_accessible(page)

    page.goto("/quizzes/")
    page.get_by_role("link", name="Parliament").click()
    assert "The Sejm has 460 deputies." in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Copy into my quizzes").click()
    assert_accessible(page)
    page.get_by_role("button", name="Copy into my quizzes").click()
    page.wait_for_url("**/quizzes/*/")
    assert page.locator("h1").inner_text() == "Parliament"
    assert_accessible(page)
