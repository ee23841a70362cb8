"""Teachers join a school only through a one-time, expiring invitation from that
school's coordinator (or a city coordinator)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user, get_user_model
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from school_councils import services
from school_councils.models import Invitation, Membership, StaffRole

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "Tęcza-nad-Wisłą-42"


@pytest.fixture
def client(client):
    """Pages in English, so the assertions read the source strings."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def invite(world, email="nowa@example.org", *, by=None, role=StaffRole.TEACHER):
    """Returns the invitation and the path of its link."""
    return services.invitation_create(
        by=by or world.coordinator, school=world.school, email=email, role=role
    )


def sign_up(client, link, username="nowa", email="nowa@example.org", **fields):
    data = {
        "username": username,
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        **fields,
    }
    return client.post(link, data)


def test_the_link_offers_an_account_form_with_the_email_filled_in(client, school_a):
    _, link = invite(school_a)

    response = client.get(link)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="nowa@example.org"' in page
    assert 'for="id_password1"' in page
    assert 'for="id_password2"' in page
    assert "no-store" in response["Cache-Control"]


def test_a_visitor_creates_an_account_and_joins_the_school(client, school_a):
    invitation, link = invite(school_a)

    response = sign_up(client, link)

    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    user = User.objects.get(username="nowa")
    assert get_user(client) == user
    assert user.check_password(PASSWORD)
    membership = Membership.objects.get(user=user)
    assert membership.school == school_a.school
    assert membership.role == StaffRole.TEACHER
    invitation.refresh_from_db()
    assert invitation.accepted_by == user


def test_the_site_password_rules_apply_to_the_new_account(client, school_a):
    invitation, link = invite(school_a)

    response = sign_up(client, link, password1="12345678", password2="12345678")

    assert response.status_code == 200
    assert 'id="id_password2_error"' in response.content.decode()
    assert not User.objects.filter(username="nowa").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_the_two_passwords_must_match(client, school_a):
    _, link = invite(school_a)

    response = sign_up(client, link, password2=PASSWORD + "x")

    assert response.status_code == 200
    assert not User.objects.filter(username="nowa").exists()


def test_a_taken_user_name_is_an_error_on_the_field(client, school_a):
    _, link = invite(school_a)

    response = sign_up(client, link, username="teacher-a")

    assert response.status_code == 200
    assert 'id="id_username_error"' in response.content.decode()


def test_a_signed_in_teacher_accepts_with_one_button(client, school_a, school_b):
    _, link = invite(school_a, email=school_b.teacher.email)
    client.force_login(school_b.teacher)

    page = client.get(link)
    response = client.post(link)

    assert page.status_code == 200
    assert "Join Szkoła Podstawowa A" in page.content.decode()
    assert response.status_code == 302
    assert Membership.objects.filter(
        user=school_b.teacher, school=school_a.school, role=StaffRole.TEACHER
    ).exists()


def test_an_unknown_link_is_404_with_a_clear_page(client):
    response = client.get(reverse("invitation_accept", args=["no-such-token"]))

    assert response.status_code == 404
    assert "This invitation link is not valid." in response.content.decode()


def test_an_expired_link_is_410_and_creates_no_account(client, school_a):
    invitation, link = invite(school_a)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )

    page = client.get(link)
    attempt = sign_up(client, link)

    assert page.status_code == 410
    assert "expired" in page.content.decode()
    assert attempt.status_code == 410
    assert not User.objects.filter(username="nowa").exists()


def test_a_used_link_is_410(client, school_a):
    _, link = invite(school_a)
    sign_up(Client(), link)

    response = client.get(link)

    assert response.status_code == 410
    assert "already been used" in response.content.decode()


def test_an_invitation_is_one_time_even_when_used_twice(client, school_a, outsider):
    _, link = invite(school_a)
    first = Client()
    first.force_login(outsider)

    first.post(link)
    second = sign_up(client, link)

    assert second.status_code == 410
    assert not User.objects.filter(username="nowa").exists()
    assert Membership.objects.filter(school=school_a.school).count() == 3


def test_the_service_refuses_a_second_use_of_the_same_token(
    school_a, outsider, city_coordinator
):
    _, link = invite(school_a)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    services.invitation_accept(token=token, user=outsider)

    with pytest.raises(ValidationError) as error:
        services.invitation_accept(token=token, user=city_coordinator)

    assert error.value.code == "used"
    assert not Membership.objects.filter(user=city_coordinator).exists()


def test_a_coordinator_invites_a_teacher_by_email(client, school_a, mailoutbox):
    client.force_login(school_a.coordinator)

    response = client.post(
        reverse("school_invite", args=[school_a.school.pk]),
        {"email": "nowa@example.org"},
    )

    assert response.status_code == 200
    invitation = Invitation.objects.get()
    assert invitation.role == StaffRole.TEACHER
    assert invitation.school == school_a.school
    (mail,) = mailoutbox
    assert mail.to == ["nowa@example.org"]
    link = response.context["link"]
    assert link.startswith("http://testserver/invitations/")
    assert link in mail.body
    assert link in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_a_coordinators_invitation_is_always_for_a_teacher(client, school_a):
    client.force_login(school_a.coordinator)

    client.post(
        reverse("school_invite", args=[school_a.school.pk]),
        {"email": "nowa@example.org", "role": StaffRole.COORDINATOR},
    )

    assert Invitation.objects.get().role == StaffRole.TEACHER


def test_inviting_someone_already_on_the_staff_is_an_error_on_the_email(
    client, school_a
):
    client.force_login(school_a.coordinator)

    response = client.post(
        reverse("school_invite", args=[school_a.school.pk]),
        {"email": school_a.teacher.email},
    )

    assert response.status_code == 200
    assert "already on this school" in response.content.decode()
    assert 'id="id_email_error"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_teacher_cannot_invite(client, school_a):
    client.force_login(school_a.teacher)
    url = reverse("school_invite", args=[school_a.school.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {"email": "nowa@example.org"}).status_code == 404
    assert not Invitation.objects.exists()


def test_a_coordinator_cannot_invite_for_another_school(client, school_a, school_b):
    client.force_login(school_a.coordinator)
    url = reverse("school_invite", args=[school_b.school.pk])

    response = client.post(url, {"email": "nowa@example.org"})

    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_a_city_coordinator_invites_a_school_coordinator(
    client, school_a, city_coordinator
):
    client.force_login(city_coordinator)

    response = client.post(
        reverse("school_invite", args=[school_a.school.pk]),
        {"email": "dyrektor@example.org", "role": StaffRole.COORDINATOR},
    )
    newcomer = Client()
    sign_up(newcomer, response.context["link"], "dyrektor", "dyrektor@example.org")

    assert Invitation.objects.get().role == StaffRole.COORDINATOR
    user = User.objects.get(username="dyrektor")
    assert Membership.objects.get(user=user).role == StaffRole.COORDINATOR
    school_page = reverse("school_detail", args=[school_a.school.pk])
    assert newcomer.get(school_page).status_code == 200
