"""A teacher sets up a class and a pupil signs in, in Chromium, page by page."""

from school_councils.models import Classroom
from tests.conftest import make_school
from tests.e2e.conftest import assert_accessible

ENGLISH = {"name": "django_language", "value": "en"}


def sign_in_as_staff(page, username):
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pass-for-tests-1")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/dashboard/")


def test_a_teacher_creates_a_class_adds_pupils_and_a_pupil_signs_in(new_page, daphne):
    world = make_school("Szkoła Podstawowa E2E", suffix="e2e")
    teacher = new_page()
    teacher.context.add_cookies([{**ENGLISH, "url": daphne.url}])
    sign_in_as_staff(teacher, "teacher-e2e")
    assert_accessible(teacher)

    teacher.get_by_role("link", name="Create a class").first.click()
    teacher.get_by_label("Name of the class").fill("5a")
    teacher.get_by_label("Grade").fill("5")
    teacher.get_by_role("button", name="Create the class").click()
    assert "5a" in teacher.locator("h1").inner_text()
    assert_accessible(teacher)

    classroom = Classroom.objects.get(school=world.school, name="5a")
    teacher.goto(f"/classes/{classroom.pk}/pupils/add/")
    teacher.get_by_label("Pseudonyms, one per line").fill("Cichy Sokół\nBystry Rys")
    teacher.get_by_role("button", name="Add the pupils").click()
    assert "Cichy Sokół" in teacher.content()
    assert classroom.pupils.count() == 2

    pupil = classroom.pupils.get(pseudonym="Bystry Rys")
    teacher.goto(f"/pupils/{pupil.pk}/code/")
    teacher.get_by_role("button", name="Give a new code").click()
    code = teacher.locator("#new-code").inner_text().strip()
    assert len(code.replace("-", "")) == 15

    phone = new_page(viewport={"width": 390, "height": 844})
    phone.goto("/signin/")
    assert_accessible(phone)
    phone.get_by_label("Your sign-in code").fill(code.lower())
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url("**/pupil/")
    assert "Bystry Rys" in phone.content()
    assert_accessible(phone)


def test_a_typo_in_the_code_is_explained_next_to_the_field(new_page, daphne):
    page = new_page()
    page.context.add_cookies([{**ENGLISH, "url": daphne.url}])
    page.goto("/signin/")
    page.get_by_label("Your sign-in code").fill("7KQ2M-X9D4R-THB3Q")
    page.locator("main form button[type=submit]").click()
    field = page.get_by_label("Your sign-in code")
    described = field.get_attribute("aria-describedby") or ""
    assert described
    assert page.locator(f"#{described.split()[0]}").inner_text()
    assert_accessible(page)
