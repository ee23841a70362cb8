"""A school budget in Chromium: a pupil votes with the code on a slip, the teacher
closes the vote and reads the results side by side; every page passes axe."""

from simulations.models import Proposal
from simulations.services import budget as services
from tests.conftest import make_school
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_teacher_and_pupil import ENGLISH, sign_in_as_staff
from tests.simulations.budget.conftest import codes_for, open_budget


def test_a_pupil_votes_with_a_slip_and_the_teacher_sees_the_rules_side_by_side(
    new_page, daphne
):
    world = make_school("Szkoła Podstawowa Budżet", suffix="pb")
    budget, proposals = open_budget(world)
    slips = codes_for(world, budget)

    voter = new_page(viewport={"width": 390, "height": 844})
    voter.context.add_cookies([{**ENGLISH, "url": daphne.url}])
    voter.goto("/budget/vote/")
    assert_accessible(voter)
    voter.get_by_label("Your voting code").fill(slips[0])
    voter.get_by_role("button", name="Show the ballot").click()
    voter.get_by_label("First choice (3 points)").select_option(
        str(proposals["Ławki"].pk)
    )
    voter.get_by_label("Second choice (2 points)").select_option(
        str(proposals["Kwiaty"].pk)
    )
    assert_accessible(voter)
    voter.get_by_role("button", name="Cast my vote").click()
    assert "Your vote is cast" in voter.locator("h1").inner_text()
    assert_accessible(voter)

    services.budget_ballot_cast(
        budget=budget, picks=[proposals["Boisko"].pk], code=slips[1]
    )
    teacher = new_page()
    teacher.context.add_cookies([{**ENGLISH, "url": daphne.url}])
    sign_in_as_staff(teacher, "teacher-pb")
    teacher.goto(f"/budgets/{budget.pk}/")
    assert_accessible(teacher)
    teacher.get_by_role("button", name="Close voting").click()
    teacher.get_by_role("link", name="See the results").first.click()
    assert teacher.locator("svg[role=img]").count() == 2
    assert "Method of Equal Shares, round by round" in teacher.content()
    assert_accessible(teacher)
    assert Proposal.objects.filter(budget=budget).count() == 4
