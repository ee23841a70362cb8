"""Staff sign in with a password, reset it by e-mail and sign out."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user
from django.urls import reverse

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Kopiec-Kościuszki-1820"


@pytest.fixture
def client(client):
    """Pages in English, so the assertions read the source strings."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_sign_in_page_labels_its_fields_and_points_pupils_to_codes(client):
    response = client.get(reverse("login"))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'for="id_username"' in page
    assert 'for="id_password"' in page
    assert reverse("pupil_signin") in page
    assert reverse("password_reset") in page


def test_a_teacher_signs_in_and_lands_on_the_dashboard(client, school_a):
    response = client.post(
        reverse("login"), {"username": "teacher-a", "password": "pass-for-tests-1"}
    )

    assert response.status_code == 302
    assert response.url == reverse("dashboard")


def test_a_wrong_password_is_an_error_on_the_form(client, school_a):
    response = client.post(
        reverse("login"), {"username": "teacher-a", "password": "wrong"}
    )

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not get_user(client).is_authenticated


def test_a_password_reset_link_by_email_sets_a_new_password(
    client, school_a, mailoutbox
):
    sent = client.post(reverse("password_reset"), {"email": "teacher-a@example.org"})
    (mail,) = mailoutbox
    link = re.search(r"https?://\S+", mail.body).group(0)
    form_url = client.get(link).url
    form = client.get(form_url)
    done = client.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert sent.url == reverse("password_reset_done")
    assert "teacher-a" in mail.body
    assert "\n" not in mail.subject
    assert form.status_code == 200
    assert 'for="id_new_password1"' in form.content.decode()
    assert done.url == reverse("password_reset_complete")
    school_a.teacher.refresh_from_db()
    assert school_a.teacher.check_password(NEW_PASSWORD)


def test_the_reset_pages_render(client):
    for name in ("password_reset", "password_reset_done", "password_reset_complete"):
        assert client.get(reverse(name)).status_code == 200, name


def test_a_used_reset_link_says_it_no_longer_works(client):
    response = client.get(
        reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "bad-token"})
    )

    assert response.status_code == 200
    assert "does not work any more" in response.content.decode()


def test_signing_out_leaves_no_one_signed_in(client, school_a):
    client.force_login(school_a.teacher)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert not get_user(client).is_authenticated
