"""A class elects its representative in Chromium: the teacher sets the election
up page by page, three pupils vote with the codes from the printed slips, and
the published results show the winner and each pupil's ballot by tracker."""

from pathlib import Path

from school_councils import services as school_services
from simulations.models import Election, ElectionState
from tests.conftest import make_school
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_teacher_and_pupil import ENGLISH, sign_in_as_staff
from tests.simulations.elections.test_pages_flow import printed_codes

TITLE = "Class 7b representative"


def english_page(new_page, daphne, **options):
    page = new_page(**options)
    page.context.add_cookies([{**ENGLISH, "url": daphne.url}])
    return page


def create_the_election(teacher) -> Election:
    teacher.goto("/elections/new/")
    assert_accessible(teacher)
    teacher.get_by_label("Kind of election").select_option("class_representative")
    teacher.get_by_label("Title").fill(TITLE)
    teacher.get_by_role("checkbox", name="7b").check()
    teacher.get_by_role("radio", name="Voting codes on printed slips").check()
    teacher.get_by_role("button", name="Create the election").click()
    teacher.wait_for_url("**/candidates/**")
    return Election.objects.get(title=TITLE)


def add_the_candidates(teacher, names) -> None:
    assert_accessible(teacher)
    for name in names:
        teacher.get_by_role("checkbox", name=f"{name} (7b)").check()
    teacher.get_by_role("button", name="Put them on the ballot").click()
    for name in names:
        row = teacher.get_by_role("row", name=name)
        assert "yes" in row.inner_text()


def change_state(teacher, election, link, button) -> None:
    teacher.goto(f"/elections/{election.pk}/")
    teacher.get_by_role("link", name=link).click()
    teacher.get_by_role("button", name=button).click()
    teacher.wait_for_url(f"**/elections/{election.pk}/")


def print_the_slips(teacher, election, tmp_path: Path) -> list[str]:
    teacher.goto(f"/elections/{election.pk}/")
    teacher.get_by_role("link", name="Print slips (7b)").click()
    assert_accessible(teacher)
    with teacher.expect_download() as download:
        teacher.get_by_role(
            "button", name="Issue codes and download the slips (PDF)"
        ).click()
    path = tmp_path / "slips.pdf"
    download.value.save_as(path)
    return printed_codes(path.read_bytes())


def mistyped(code: str) -> str:
    """The code with its first character swapped for another one."""
    return ("7" if code[0] != "7" else "8") + code[1:]


def vote(page, choice: str) -> str:
    """Marks ``choice`` on the ballot shown, casts it and returns the tracker."""
    page.get_by_role("radio", name=choice).check()
    page.get_by_role("button", name="Cast my vote").click()
    page.get_by_role("heading", name="Your vote is cast").wait_for()
    return page.locator("td.code").first.inner_text().strip()


def test_a_class_elects_its_representative_with_slips_and_checks_the_ballots(
    new_page, daphne, tmp_path
):
    world = make_school("Szkoła Podstawowa Wyborcza", suffix="e2e-vote")
    school_services.pupils_add(
        by=world.teacher, classroom=world.classroom, pseudonyms_text="Cichy Sokół"
    )
    teacher = english_page(new_page, daphne)
    sign_in_as_staff(teacher, "teacher-e2e-vote")

    election = create_the_election(teacher)
    add_the_candidates(teacher, ["Bystry Bóbr", "Zwinny Lis"])
    change_state(teacher, election, "Open the vote", "Open the vote")
    election.refresh_from_db()
    assert election.state == ElectionState.OPEN
    codes = print_the_slips(teacher, election, tmp_path)
    assert len(codes) == 3

    # The first pupil mistypes the code, is told so, then types it right.
    first = english_page(new_page, daphne, viewport={"width": 390, "height": 844})
    first.goto("/vote/")
    first.get_by_label("Your voting code").fill(mistyped(codes[0]))
    first.get_by_role("button", name="Show my ballot").click()
    assert first.get_by_text("a character is mistyped").is_visible()
    field = first.get_by_label("Your voting code")
    assert field.get_attribute("aria-invalid") == "true"
    assert_accessible(first)
    field.fill(codes[0].lower())
    first.get_by_role("button", name="Show my ballot").click()
    first.get_by_role("heading", name=TITLE).wait_for()
    assert_accessible(first)
    first_tracker = vote(first, "Bystry Bóbr")
    assert_accessible(first)

    # The others scan the QR code: the link opens the ballot by itself.
    trackers = [first_tracker]
    for code, choice in zip(codes[1:], ["Bystry Bóbr", "Zwinny Lis"], strict=True):
        pupil = english_page(new_page, daphne)
        pupil.goto(f"/vote/?code={code}")
        pupil.get_by_role("button", name="Cast my vote").wait_for()
        assert "code=" not in pupil.url
        trackers.append(vote(pupil, choice))
    assert len(set(trackers)) == 3

    change_state(teacher, election, "Close the vote", "Close the vote")
    change_state(teacher, election, "Publish the results", "Publish the results")
    election.refresh_from_db()
    assert election.state == ElectionState.PUBLISHED

    first.goto(f"/results/{election.public_id}/")
    elected = first.locator("p.lead", has_text="Elected:")
    assert "Bystry Bóbr" in elected.inner_text()
    assert "Zwinny Lis" not in elected.inner_text()
    for tracker in trackers:
        assert first.get_by_role("cell", name=tracker).is_visible()
    assert_accessible(first)
    first.get_by_label("Your ballot's tracker").fill(first_tracker.replace("-", ""))
    first.get_by_role("button", name="Find my ballot").click()
    found = first.get_by_role("status").filter(has_text=first_tracker)
    assert "Bystry Bóbr" in found.inner_text()
    assert_accessible(first)
