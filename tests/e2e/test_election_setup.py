"""Setting up a mock Sejm election and standing as a candidate, in Chromium:
every page passes axe-core, works by its labels, and the threshold of a custom
election shows only for party-list methods."""

from school_councils import services as school_services
from simulations import services
from simulations.models import Candidacy, Election
from tests.conftest import make_school
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_teacher_and_pupil import ENGLISH, sign_in_as_staff


def english_page(new_page, daphne, **options):
    page = new_page(**options)
    page.context.add_cookies([{**ENGLISH, "url": daphne.url}])
    return page


def test_a_teacher_sets_up_a_mock_sejm_ballot(new_page, daphne):
    make_school("Szkoła Podstawowa Sejm", suffix="sejm")
    teacher = english_page(new_page, daphne)
    sign_in_as_staff(teacher, "teacher-sejm")

    teacher.goto("/elections/new/kinds/")
    assert_accessible(teacher)
    teacher.get_by_role("link", name="Mock Sejm election").click()
    assert_accessible(teacher)
    teacher.get_by_label("Title").fill("Sejm w 7b")
    teacher.get_by_role("checkbox", name="7b").check()
    teacher.get_by_label("Constituency").select_option("13")
    teacher.get_by_label("Other lists or candidates, one per line").fill("Lista 7b")
    teacher.get_by_role("button", name="Create the election").click()
    teacher.wait_for_url("**/setup/")
    assert_accessible(teacher)

    election = Election.objects.get(title="Sejm w 7b")
    teacher.get_by_role("link", name="Set up the ballot").click()
    assert_accessible(teacher)
    assert "KOMITET WYBORCZY PRAWO I SPRAWIEDLIWOŚĆ" in teacher.content()
    teacher.get_by_role("button", name="Move up (Lista 7b)").click()
    teacher.get_by_label("On the list").select_option(label="Lista 7b")
    teacher.get_by_label("Or a pupil who votes here").select_option(
        label="Bystry Bóbr (7b)"
    )
    teacher.get_by_role("button", name="Add the candidate").click()
    assert_accessible(teacher)
    lists = election.contests.get().options.filter(party_list=None)
    assert list(lists.order_by("position").values_list("name", flat=True))[-2] == (
        "Lista 7b"
    )
    assert lists.get(name="Lista 7b").candidates.get().name == "Bystry Bóbr"


def test_the_threshold_shows_only_for_party_lists(new_page, daphne):
    make_school("Szkoła Podstawowa Próg", suffix="prog")
    teacher = english_page(new_page, daphne)
    sign_in_as_staff(teacher, "teacher-prog")

    teacher.goto("/elections/new/custom/")
    threshold = teacher.get_by_label("Threshold for lists (%)")
    method = teacher.get_by_label("Ballot and counting method")
    method.select_option("plurality")
    assert threshold.is_hidden()
    method.select_option("dhondt")
    assert threshold.is_visible()
    assert_accessible(teacher)


def test_a_pupil_stands_and_sees_the_status(new_page, daphne):
    world = make_school("Szkoła Podstawowa Kandydaci", suffix="cand")
    election = school_election(world)
    (issued,) = school_services.pupil_codes_issue(
        by=world.teacher, pupils=[world.pupils[0]]
    )
    phone = english_page(new_page, daphne, viewport={"width": 390, "height": 844})
    phone.goto("/signin/")
    phone.get_by_label("Your sign-in code").fill(issued.code)
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url("**/pupil/")
    # Signing in switches to the class's language (Polish); read on in English.
    phone.context.add_cookies([{**ENGLISH, "url": daphne.url}])
    phone.reload()

    phone.get_by_role("link", name="Stand as a candidate").click()
    assert_accessible(phone)
    phone.get_by_role("link", name=f"Stand ({election.title})").click()
    assert_accessible(phone)
    phone.get_by_label("Your manifesto").fill("Więcej zajęć na boisku.")
    phone.get_by_role("button", name="Submit my candidacy").click()
    phone.wait_for_url("**/candidacy/")
    assert "Waiting for approval" in phone.content()
    assert_accessible(phone)
    assert Candidacy.objects.get().manifesto == "Więcej zajęć na boisku."


def school_election(world):
    return services.election_create(
        by=world.teacher,
        school=world.school,
        kind="class_representative",
        title="Przewodniczący 7b",
        classrooms=[world.classroom],
    )
