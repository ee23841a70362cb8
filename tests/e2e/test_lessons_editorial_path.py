"""The whole path of a lesson, in Chromium: an editor writes it in the CMS and
submits it for review, a moderator approves and publishes it, a teacher finds it
by search and assigns it to a class, and a pupil signed in with a code sees it."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from lessons.models import LessonPage
from school_councils import services
from tests.conftest import make_school
from tests.daphne import DaphneServer
from tests.e2e.conftest import assert_accessible
from tests.lessons.factories import lessons_index

ENGLISH = {"name": "django_language", "value": "en"}
PASSWORD = "pass-for-tests-1"
TITLE = "Samorząd uczniowski"


@pytest.fixture
def daphne(transactional_db):
    """A Daphne of this test's own. The shared one has cached content types (by id)
    that the flushes after earlier browser tests replaced, and Wagtail needs them to
    save a page."""
    with DaphneServer() as server:
        yield server


def member_of(group_name: str, username: str):
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def open_as(new_page, daphne, **options):
    page = new_page(**options)
    page.context.add_cookies([{**ENGLISH, "url": daphne.url}])
    return page


def sign_in_to_the_cms(page, username):
    page.goto("/cms/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/cms/")


def open_the_actions_menu(page):
    """Opens the drop-down next to the main action at the foot of the editor."""
    page.locator(".w-dropdown-button").get_by_role(
        "button", name="More actions"
    ).click()


def write_the_lesson(page, index_pk):
    page.goto(f"/cms/pages/add/lessons/lessonpage/{index_pk}/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill(
        "Jak działa samorząd uczniowski i jak wybrać jego przedstawicieli."
    )
    page.locator("#id_grade_band").select_option("primary_7_8")
    page.locator(
        "#panel-child-content-body-content button[title='Insert a block'], "
        "#panel-child-content-body-content .c-sf-add-button"
    ).first.click()
    page.get_by_role("option", name="Heading").click()
    page.locator("#body-0-value").fill("Wybory do samorządu uczniowskiego")


def test_a_lesson_goes_from_the_editor_to_a_pupil(new_page, daphne):
    member_of("Editors", "editor")
    member_of("Moderators", "moderator")
    world = make_school("Szkoła Podstawowa Ścieżka", suffix="path")
    (issued,) = services.pupil_codes_issue(by=world.teacher, pupils=world.pupils[:1])
    index = lessons_index("pl")

    # The editor writes the lesson and submits it to the "Lesson review" workflow.
    editor = open_as(new_page, daphne)
    sign_in_to_the_cms(editor, "editor")
    write_the_lesson(editor, index.pk)
    open_the_actions_menu(editor)
    editor.locator("button[name='action-submit']").click()
    editor.wait_for_url(lambda url: "/add/" not in url)
    lesson = LessonPage.objects.get(title=TITLE)
    assert not lesson.live
    assert lesson.current_workflow_state.workflow.name == "Lesson review"

    # The moderator approves it, which publishes it.
    moderator = open_as(new_page, daphne)
    sign_in_to_the_cms(moderator, "moderator")
    moderator.goto(f"/cms/pages/{lesson.pk}/edit/")
    open_the_actions_menu(moderator)
    moderator.locator("button[data-workflow-action-name='approve']").first.click()
    moderator.wait_for_load_state()
    lesson.refresh_from_db()
    assert lesson.live

    # The teacher finds it by search and assigns it to the class.
    teacher = open_as(new_page, daphne)
    teacher.goto("/accounts/login/")
    teacher.get_by_label("Username").fill("teacher-path")
    teacher.get_by_label("Password").fill(PASSWORD)
    teacher.locator("main form button[type=submit]").click()
    teacher.wait_for_url("**/dashboard/")
    teacher.goto("/lessons/search/")
    teacher.get_by_label("Words to search for").fill("samorząd")
    teacher.get_by_label("Language of the lesson").select_option("pl")
    teacher.locator("main form button[type=submit]").click()
    teacher.get_by_role("link", name=TITLE).click()
    teacher.get_by_role("link", name="Assign to my classes").click()
    teacher.get_by_label(world.classroom.name, exact=False).check()
    teacher.get_by_role("button", name="Assign the lesson").click()
    teacher.wait_for_url(f"**/classes/{world.classroom.pk}/")
    assert TITLE in teacher.locator("main").inner_text()
    assert_accessible(teacher)

    # A pupil signs in with their code and sees the lesson.
    pupil = open_as(new_page, daphne, viewport={"width": 390, "height": 844})
    pupil.goto("/signin/")
    pupil.get_by_label("Your sign-in code").fill(issued.display)
    pupil.locator("main form button[type=submit]").click()
    pupil.wait_for_url("**/pupil/")
    pupil.get_by_role("link", name=TITLE).click()
    assert pupil.locator("h1").inner_text() == TITLE
    assert_accessible(pupil)
