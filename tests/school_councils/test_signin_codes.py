"""Pupils sign in with the code on their card, only with a current one, and not by
guessing."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from school_councils import services
from school_councils.models import Pupil
from youth_civics import codes

pytestmark = pytest.mark.django_db

NOT_VALID = "This code is not valid."
MISTYPED = "a character is mistyped"


@pytest.fixture
def client(client):
    """Pages in English, so the assertions read the source strings."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def issue(world, pupil=None):
    (issued,) = services.pupil_codes_issue(
        by=world.teacher, pupils=[pupil or world.pupils[0]]
    )
    return issued


def sign_in(client, code, **extra):
    return client.post(reverse("pupil_signin"), {"code": code}, **extra)


def mistype(code: str) -> str:
    """Returns the code with its third character replaced by another."""
    wrong = next(ch for ch in codes.ALPHABET if ch != code[2])
    return code[:2] + wrong + code[3:]


def unknown_code() -> str:
    return codes.display(codes.generate())


def test_the_right_code_signs_the_pupil_in_and_opens_their_page(client, school_a):
    issued = issue(school_a)

    response = sign_in(client, issued.display)

    assert response.status_code == 302
    assert response.url == reverse("pupil_home")
    assert get_user(client) == issued.pupil.user
    page = client.get(reverse("pupil_home")).content.decode()
    assert "Bystry Bóbr" in page
    assert "7b" in page
    # Signing in switches to the class's language, Polish here.
    with translation.override("pl"):
        assert gettext("Nothing is assigned to you yet.") in page


def test_signing_in_switches_the_site_to_the_class_language(client, school_a):
    classroom = services.classroom_create(
        by=school_a.teacher,
        school=school_a.school,
        name="5u",
        grade=5,
        school_year=2026,
        language="uk",
    )
    (pupil,) = services.pupils_add(
        by=school_a.teacher, classroom=classroom, pseudonyms_text="Хоробрий Їжак"
    )

    sign_in(client, issue(school_a, pupil).display)

    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "uk"
    page = client.get(reverse("pupil_home")).content.decode()
    assert '<html lang="uk">' in page
    assert "Хоробрий Їжак" in page


def test_a_code_typed_in_small_letters_without_dashes_works(client, school_a):
    issued = issue(school_a)

    response = sign_in(client, issued.code.lower())

    assert response.status_code == 302
    assert get_user(client) == issued.pupil.user


def test_a_mistyped_character_is_told_apart_from_an_unknown_code(client, school_a):
    issued = issue(school_a)

    response = sign_in(client, mistype(issued.code))

    assert response.status_code == 200
    page = response.content.decode()
    assert MISTYPED in page
    assert NOT_VALID not in page
    assert not get_user(client).is_authenticated


def test_a_code_with_a_missing_character_says_so(client, school_a):
    issued = issue(school_a)

    page = sign_in(client, issued.code[:-2]).content.decode()

    assert "one is missing or extra" in page


def test_an_unknown_code_is_not_valid(client, school_a):
    issue(school_a)

    response = sign_in(client, unknown_code())

    assert response.status_code == 200
    assert NOT_VALID in response.content.decode()
    assert not get_user(client).is_authenticated


def test_the_error_is_tied_to_the_field_for_screen_readers(client, school_a):
    page = sign_in(client, unknown_code()).content.decode()

    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="id_code_helptext id_code_error"' in page
    assert 'id="id_code_error"' in page


def test_a_replaced_code_gets_the_same_message_as_one_that_never_existed(
    client, school_a
):
    old = issue(school_a)
    issue(school_a)

    replaced = sign_in(client, old.display).content.decode()
    never = sign_in(client, unknown_code()).content.decode()

    def error(page):
        start = page.index('id="id_code_error"')
        return page[start : page.index("</ul>", start)]

    assert NOT_VALID in error(replaced)
    assert error(replaced) == error(never)
    assert not get_user(client).is_authenticated


def test_an_old_code_stops_working_once_the_teacher_gives_a_new_one(client, school_a):
    pupil = school_a.pupils[0]
    old = issue(school_a, pupil)
    teacher = Client()
    teacher.force_login(school_a.teacher)

    teacher.post(reverse("pupil_code", args=[pupil.pk]))

    assert NOT_VALID in sign_in(client, old.display).content.decode()
    pupil.refresh_from_db()
    assert pupil.code_hash != codes.digest(old.code)


def test_opening_the_link_on_a_card_fills_the_code_but_never_signs_in(client, school_a):
    issued = issue(school_a)

    response = client.get(reverse("pupil_signin"), {"code": issued.display})

    assert response.status_code == 200
    page = response.content.decode()
    assert f'value="{issued.display}"' in page
    assert "data-autosubmit" in page
    assert "js/signin.js" in page
    assert "no-store" in response["Cache-Control"]
    assert not get_user(client).is_authenticated


def test_the_sign_in_page_without_a_code_does_not_submit_itself(client):
    page = client.get(reverse("pupil_signin")).content.decode()

    assert "data-autosubmit" not in page
    assert "js/signin.js" not in page


def test_too_many_unknown_codes_give_429_and_block_even_a_right_code(
    client, school_a, settings
):
    settings.SIGNIN_RATE_LIMIT = 3
    issued = issue(school_a)
    for _ in range(3):
        assert sign_in(client, unknown_code()).status_code == 200

    limited = sign_in(client, unknown_code())
    right = sign_in(client, issued.display)

    assert limited.status_code == 429
    assert "wait a minute" in limited.content.decode()
    assert limited["Retry-After"] == str(settings.SIGNIN_RATE_WINDOW)
    assert right.status_code == 429
    assert not get_user(client).is_authenticated


def test_the_limit_counts_per_client_address(client, school_a, settings):
    settings.SIGNIN_RATE_LIMIT = 1
    issued = issue(school_a)
    for _ in range(2):
        sign_in(client, unknown_code(), REMOTE_ADDR="10.0.0.1")

    response = sign_in(client, issued.display, REMOTE_ADDR="10.0.0.2")

    assert response.status_code == 302
    assert get_user(client) == issued.pupil.user


def test_a_whole_class_signing_in_from_one_address_is_not_limited(school_a, settings):
    settings.SIGNIN_RATE_LIMIT = 2
    classroom = school_a.classroom
    services.pupils_generate(by=school_a.teacher, classroom=classroom, count=8)
    pupils = list(Pupil.objects.filter(classroom=classroom))
    issued = services.pupil_codes_issue(by=school_a.teacher, pupils=pupils)

    statuses = [sign_in(Client(), item.display).status_code for item in issued]

    assert statuses == [302] * len(pupils)


def test_typos_do_not_count_towards_the_limit(client, school_a, settings):
    settings.SIGNIN_RATE_LIMIT = 1
    issued = issue(school_a)
    for _ in range(5):
        assert sign_in(client, mistype(issued.code)).status_code == 200

    assert sign_in(client, issued.display).status_code == 302


def test_a_deactivated_pupil_account_cannot_sign_in(client, school_a):
    issued = issue(school_a)
    issued.pupil.user.is_active = False
    issued.pupil.user.save(update_fields=["is_active"])

    assert NOT_VALID in sign_in(client, issued.display).content.decode()


def test_the_pupil_page_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("pupil_home"))

    assert response.status_code == 302
    assert response.url == reverse("pupil_signin")


def test_the_pupil_page_sends_staff_to_their_dashboard(client, school_a):
    client.force_login(school_a.teacher)

    response = client.get(reverse("pupil_home"))

    assert response.url == reverse("dashboard")
