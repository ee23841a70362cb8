"""The published results in Chromium: axe-core finds no serious problem on the
results page (hemicycle, levels, what if) or the projector view, and the arrow
keys move between the projector's screens."""

import pytest

from simulations import services
from tests.conftest import make_school
from tests.e2e import conftest as e2e

from .conftest import cast_all

pytestmark = pytest.mark.e2e
# The browser fixtures of tests/e2e, used here beside the other results tests.
browser = e2e.browser
daphne = e2e.daphne
new_page = e2e.new_page
assert_accessible = e2e.assert_accessible

ENGLISH = {"name": "django_language", "value": "en"}


def published_sejm():
    world = make_school("Szkoła Podstawowa Wyniki", suffix="results")
    election = services.election_create(
        by=world.teacher,
        school=world.school,
        kind="sejm",
        title="Sejm w szkole",
        constituencies=[13],
        classrooms=[world.classroom],
    )
    contest = election.contests.get()
    bodies = []
    for name, count in (("Alfa", 5), ("Beta", 2)):
        party = services.option_add(by=world.teacher, contest=contest, name=name)
        candidate = services.option_add(
            by=world.teacher, contest=contest, name=f"{name} 1", party_list=party
        )
        bodies += [{"list": party.pk, "candidate": candidate.pk}] * count
    services.election_open(by=world.teacher, election=election)
    cast_all(world, election, bodies)
    services.election_close(by=world.teacher, election=election)
    services.election_publish(by=world.teacher, election=election)
    return election


def test_the_results_and_the_projector_are_accessible_and_keyboard_driven(
    new_page, daphne
):
    election = published_sejm()
    page = new_page()
    page.context.add_cookies([{**ENGLISH, "url": daphne.url}])

    page.goto(f"/results/{election.public_id}/")
    assert page.locator("figure.hemicycle svg").first.is_visible()
    assert "What if: the same ballots under other methods" in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="Projector view").click()
    page.wait_for_url(f"**/results/{election.public_id}/projector/1/")
    assert_accessible(page)
    page.keyboard.press("ArrowRight")
    page.wait_for_url(f"**/results/{election.public_id}/projector/2/")
    assert "Seats in the whole election" in page.locator("h1").inner_text()
    assert page.evaluate("document.activeElement.id") == "projector-heading"
    assert_accessible(page)
    page.keyboard.press("Home")
    page.wait_for_url(f"**/results/{election.public_id}/projector/1/")
