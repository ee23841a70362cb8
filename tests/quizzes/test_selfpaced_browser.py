"""A pupil takes a self-paced quiz on a phone and the teacher opens its report, in
Chromium against a real Daphne, with axe-core checking every page."""

import pytest

from quizzes.models import AttemptAnswer
from school_councils import services as school_services
from tests.conftest import make_school
from tests.e2e.conftest import (  # noqa: F401 - fixtures
    assert_accessible,
    browser,
    daphne,
    new_page,
)
from tests.quizzes.selfpaced_world import assign

pytestmark = pytest.mark.e2e

ENGLISH = {"name": "django_language", "value": "en"}


def test_a_pupil_takes_the_quiz_on_a_phone_and_the_teacher_reads_the_report(
    new_page,  # noqa: F811 - the fixture imported above
    daphne,  # noqa: F811
):
    world = make_school("Szkoła Podstawowa Quiz", suffix="q3e2e")
    assignment = assign(world, show_answers=False)
    (issued,) = school_services.pupil_codes_issue(
        by=world.teacher, pupils=[world.pupils[0]]
    )

    phone = new_page(viewport={"width": 390, "height": 844})
    phone.context.add_cookies([{**ENGLISH, "url": daphne.url}])
    phone.goto("/signin/")
    phone.get_by_label("Your sign-in code").fill(issued.code)
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url("**/pupil/")
    # Signing in switches to the class's language (Polish); read on in English.
    phone.context.add_cookies([{**ENGLISH, "url": daphne.url}])
    phone.reload()
    phone.get_by_role("link", name="My quizzes").first.click()
    assert_accessible(phone)
    phone.get_by_role("link", name=assignment.quiz.title).click()
    assert_accessible(phone)
    phone.get_by_role("button", name="Start the quiz").click()

    assert phone.locator("h1").inner_text() == "Who passes laws?"
    assert "s left" in phone.locator("#time-left").inner_text()
    assert_accessible(phone)
    phone.get_by_label("Sejm").check()
    phone.get_by_role("button", name="Answer", exact=True).click()
    assert "Your answer is saved." in phone.content()
    assert_accessible(phone)
    phone.get_by_role("button", name="Next question").click()
    phone.reload()
    assert phone.locator("h1").inner_text() == "Who signs laws?"
    phone.get_by_role("button", name="Skip this question").click()
    phone.get_by_label("True").check()
    phone.get_by_role("button", name="Answer", exact=True).click()
    phone.get_by_role("button", name="Finish the quiz").click()
    assert "You have finished this quiz." in phone.content()
    assert_accessible(phone)
    assert AttemptAnswer.objects.count() == 2

    teacher = new_page()
    teacher.context.add_cookies([{**ENGLISH, "url": daphne.url}])
    teacher.goto("/accounts/login/")
    teacher.get_by_label("Username").fill("teacher-q3e2e")
    teacher.get_by_label("Password").fill("pass-for-tests-1")
    teacher.locator("main form button[type=submit]").click()
    teacher.wait_for_url("**/dashboard/")
    teacher.goto(f"/quizzes/assignments/{assignment.pk}/")
    assert "1 of 2 pupils have finished" in teacher.content()
    assert_accessible(teacher)
    teacher.get_by_role("link", name="Report and spreadsheets").click()
    assert teacher.locator("svg[role=img]").count() == 2
    assert_accessible(teacher)
    with teacher.expect_download() as download:
        teacher.get_by_role("link", name="Download as a spreadsheet (XLSX)").click()
    assert download.value.suggested_filename.endswith("-report.xlsx")
