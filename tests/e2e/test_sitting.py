"""A student council sits in Chromium: three members on their own phones mark
themselves present, vote on an amendment and then on the amended motion; the
chair's screen shows the quorum, the votes coming in and the results live, and
the register holds the amended resolution."""

import datetime

from django.conf import settings
from django.test import Client

from school_councils import councils
from school_councils.models import CouncilKind
from simulations.models import Resolution
from simulations.services import sittings as services
from tests.conftest import make_school
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_teacher_and_pupil import ENGLISH, sign_in_as_staff


def signed_in_page(new_page, daphne, user):
    """A browser context of its own (a member's phone), signed in as ``user``."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page = new_page(viewport={"width": 390, "height": 800})
    page.context.add_cookies(
        [
            {**ENGLISH, "url": daphne.url},
            {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": daphne.url},
        ]
    )
    return page


def a_council_with_a_motion():
    world = make_school("Szkoła Podstawowa Sesja", suffix="sit")
    pupils = [
        *world.pupils,
        *councils_pupils(world),
    ][:3]
    council = councils.council_create(
        by=world.coordinator,
        kind=CouncilKind.STUDENT_COUNCIL,
        name="Student council",
        school=world.school,
        statutory_seats=3,
        term_start=datetime.date(2026, 9, 1),
        term_end=datetime.date(2027, 6, 30),
    )
    for pupil in pupils:
        councils.seat_add(by=world.coordinator, council=council, pupil=pupil)
    sitting = services.sitting_create(
        by=world.coordinator,
        council=council,
        title="First sitting",
        scheduled_for=datetime.date(2026, 10, 1),
    )
    services.agenda_item_add(by=world.coordinator, sitting=sitting, title="Disco")
    motion = services.motion_add(
        by=world.coordinator,
        sitting=sitting,
        title="School disco",
        text="The disco is on Friday.",
    )
    services.amendment_add(
        by=world.coordinator, motion=motion, old_text="Friday", new_text="Saturday"
    )
    return world, pupils, sitting


def councils_pupils(world):
    from school_councils import services as school_services

    return school_services.pupils_add(
        by=world.teacher, classroom=world.classroom, pseudonyms_text="Madry Sowa"
    )


def everyone_votes(phones, choices):
    for phone, choice in zip(phones, choices, strict=True):
        phone.get_by_role("button", name=choice, exact=True).click()
        phone.get_by_text("Your vote has been counted.").wait_for()


def test_members_vote_on_an_amendment_then_the_amended_motion(new_page, daphne):
    _world, pupils, sitting = a_council_with_a_motion()
    chair = new_page()
    chair.context.add_cookies([{**ENGLISH, "url": daphne.url}])
    sign_in_as_staff(chair, "coordinator-sit")
    for address in ("/councils/new/", f"/councils/{sitting.council_id}/"):
        chair.goto(address)
        assert_accessible(chair)
    chair.goto(f"/sittings/{sitting.pk}/")
    assert_accessible(chair)
    chair.get_by_role("button", name="Open the sitting").click()
    chair.locator("figcaption", has_text="No quorum").wait_for()

    phones = [signed_in_page(new_page, daphne, p.user) for p in pupils]
    for phone in phones:
        phone.goto(f"/sittings/{sitting.pk}/member/")
        phone.get_by_role("button", name="I am present").click()
        phone.get_by_text("You are marked present.").wait_for()
    assert_accessible(phones[0])
    # The chair's screen follows without reloading.
    chair.locator("figcaption", has_text="3 of 3 present; the quorum is 2").wait_for()

    # The motion cannot go first: its amendment is pending.
    chair.get_by_role("button", name="Put the motion to the vote").click()
    chair.get_by_text("while an amendment to it is pending").wait_for()
    chair.get_by_role("button", name="Put amendment 1 to the vote").click()
    for phone in phones:
        phone.get_by_role("heading", name="Vote: Amendment 1").wait_for()
    everyone_votes(phones, ["For", "For", "Against"])
    chair.get_by_text("3 of 3 present have voted.").wait_for()
    chair.get_by_role("button", name="Close the vote and count").click()
    chair.locator(".vote-result p", has_text="For 2, against 1, abstain 0").wait_for()
    for phone in phones:
        phone.locator(".vote-result h3", has_text="Adopted").wait_for()

    chair.get_by_role("button", name="Put the motion to the vote").click()
    everyone_votes(phones, ["For", "Abstain", "For"])
    chair.get_by_text("3 of 3 present have voted.").wait_for()
    chair.get_by_role("button", name="Close the vote and count").click()
    chair.locator(".vote-result p", has_text="For 2, against 0, abstain 1").wait_for()
    assert_accessible(chair)

    chair.goto(f"/sittings/{sitting.pk}/projector/")
    chair.locator(".vote-result h3", has_text="Adopted").first.wait_for()
    assert_accessible(chair)

    resolution = Resolution.objects.get(sitting=sitting)
    assert resolution.text == "The disco is on Saturday."
    chair.goto(f"/resolutions/{resolution.pk}/")
    chair.get_by_text("The disco is on Saturday.").wait_for()
    assert_accessible(chair)
