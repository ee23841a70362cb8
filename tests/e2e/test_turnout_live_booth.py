"""A polling station in Chromium: a tablet serves as the class's voting booth,
the teacher's turnout page follows each ballot live over the WebSocket, and the
commission's paper protocol shows its errors on the fields. Every page passes
axe-core."""

import re

from playwright.sync_api import expect

from tests.conftest import make_school
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_teacher_and_pupil import ENGLISH, sign_in_as_staff
from tests.simulations.elections.conftest import open_class_election


def staff_page(new_page, daphne, username):
    page = new_page()
    page.context.add_cookies([{**ENGLISH, "url": daphne.url}])
    sign_in_as_staff(page, username)
    return page


def test_a_booth_vote_shows_up_live_on_the_turnout_page(new_page, daphne):
    world = make_school("Szkoła Podstawowa Kabina", suffix="booth")
    election = open_class_election(world)
    watcher = staff_page(new_page, daphne, "teacher-booth")
    tablet = staff_page(new_page, daphne, "teacher-booth")

    watcher.goto(f"/elections/{election.pk}/turnout/")
    assert_accessible(watcher)
    expect(watcher.locator("#turnout-connection")).to_have_text(
        "Live: the numbers change as pupils vote."
    )
    expect(watcher.locator("#turnout-summary")).to_contain_text("Voted so far: 0 of 2.")

    tablet.goto(f"/elections/{election.pk}/booth/{world.classroom.pk}/")
    assert_accessible(tablet)
    tablet.get_by_role("button", name="Unlock for the next voter").click()
    expect(tablet.get_by_role("button", name="Cast my vote")).to_be_visible()
    assert_accessible(tablet)
    tablet.get_by_role("radio", name="Zwinny Lis").check()
    tablet.get_by_role("button", name="Cast my vote").click()
    expect(tablet.get_by_role("heading", level=1)).to_have_text(
        "Thank you, your vote is cast."
    )
    assert_accessible(tablet)

    # Back in the browser: the booth, locked; never the ballot just cast.
    tablet.go_back()
    expect(tablet.get_by_role("button", name="Cast my vote")).to_have_count(0)
    expect(tablet.get_by_role("heading", level=1)).to_have_text(
        re.compile("Thank you, your vote is cast.|The booth is locked")
    )

    expect(watcher.locator("#turnout-summary")).to_contain_text(
        "Voted so far: 1 of 2.", timeout=10_000
    )
    row = watcher.get_by_role("row", name=re.compile("^7b"))
    expect(row.locator('[data-cell="voted"]')).to_have_text("1")
    expect(row.locator('[data-cell="percent"]')).to_have_text("50.0%")


def test_a_protocol_that_does_not_add_up_shows_its_errors(new_page, daphne):
    world = make_school("Szkoła Podstawowa Protokół", suffix="paper")
    election = open_class_election(world)
    commission = staff_page(new_page, daphne, "teacher-paper")

    commission.goto(f"/elections/{election.pk}/paper/")
    assert_accessible(commission)
    commission.get_by_role("link", name=re.compile("^Enter a protocol")).click()
    assert_accessible(commission)
    commission.get_by_label("Name of the polling station").fill("Sala gimnastyczna")
    commission.get_by_label("Voters entitled to vote").fill("20")
    commission.get_by_label("Ballots issued to voters").fill("21")
    commission.get_by_label("Ballots found in the ballot box").fill("20")
    commission.get_by_label("Valid votes").fill("20")
    commission.get_by_label("Bystry Bóbr").fill("12")
    commission.get_by_label("Zwinny Lis").fill("8")
    commission.get_by_role("button", name="Save the protocol").click()

    expect(commission.get_by_role("alert")).to_contain_text("Nothing was saved")
    expect(
        commission.get_by_text("More ballots issued than voters entitled")
    ).to_be_visible()
    assert_accessible(commission)

    commission.get_by_label("Ballots issued to voters").fill("20")
    commission.get_by_role("button", name="Save the protocol").click()
    expect(commission.get_by_role("link", name="Sala gimnastyczna")).to_be_visible()
