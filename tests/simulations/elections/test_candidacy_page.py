"""A pupil stands with a manifesto, follows the status, withdraws while pending;
the teacher approves it or refuses it with a reason."""

import pytest
from django.test import Client
from django.urls import reverse

from simulations import services
from simulations.models import Candidacy, ElectionKind
from simulations.services.setup import MANIFESTO_MAX_LENGTH

from .conftest import class_election

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


@pytest.fixture
def draft(school_a):
    """A draft class election nobody stands in yet."""
    return class_election(school_a, pupils=[])


def stand(world, contest, manifesto="Więcej zajęć sportowych."):
    return client_for(world.pupils[0].user).post(
        reverse("candidacy_stand", args=[contest.pk]), {"manifesto": manifesto}
    )


def test_a_pupil_sees_the_draft_elections_of_their_class(school_a, draft):
    page = client_for(school_a.pupils[0].user).get(reverse("candidacy_home"))

    assert [c.election for c in page.context["contests"]] == [draft]
    assert reverse("candidacy_stand", args=[draft.contests.get().pk]) in (
        page.content.decode()
    )


def test_open_elections_and_list_contests_are_not_offered(school_a):
    class_election(school_a, pupils=[school_a.pupils[1]])
    services.election_open(
        by=school_a.teacher, election=class_election(school_a, title="Otwarte")
    )
    services.election_create(
        by=school_a.teacher,
        school=school_a.school,
        kind=ElectionKind.CUSTOM,
        title="Listy",
        classrooms=[school_a.classroom],
        method="dhondt",
    )

    page = client_for(school_a.pupils[0].user).get(reverse("candidacy_home"))

    assert [c.election.title for c in page.context["contests"]] == [
        "Przewodniczący klasy 7b"
    ]


def test_a_pupil_submits_a_candidacy_and_sees_it_pending(school_a, draft):
    contest = draft.contests.get()

    response = stand(school_a, contest)

    assert response.url == reverse("candidacy_home")
    candidacy = Candidacy.objects.get()
    assert (candidacy.pupil, candidacy.contest) == (school_a.pupils[0], contest)
    assert candidacy.manifesto == "Więcej zajęć sportowych."
    assert candidacy.status == "pending"
    page = client_for(school_a.pupils[0].user).get(reverse("candidacy_home"))
    assert "Waiting for approval" in page.content.decode()
    assert page.context["contests"] == []


def test_a_long_manifesto_is_refused_with_the_limit(school_a, draft):
    response = stand(school_a, draft.contests.get(), "x" * (MANIFESTO_MAX_LENGTH + 1))

    assert response.status_code == 200
    assert str(MANIFESTO_MAX_LENGTH) in " ".join(
        response.context["form"].errors["manifesto"]
    )
    assert not Candidacy.objects.exists()


def test_standing_twice_is_not_possible(school_a, draft):
    contest = draft.contests.get()
    stand(school_a, contest)

    again = stand(school_a, contest, "Drugi raz")

    assert again.url == reverse("candidacy_home")
    assert Candidacy.objects.get().manifesto == "Więcej zajęć sportowych."


def test_a_pending_candidacy_is_withdrawn_by_its_pupil(school_a, draft):
    stand(school_a, draft.contests.get())
    candidacy = Candidacy.objects.get()
    client = client_for(school_a.pupils[0].user)

    client.post(reverse("candidacy_withdraw_mine", args=[candidacy.pk]))

    assert not Candidacy.objects.exists()


def test_an_approved_candidacy_shows_on_the_ballot_and_stays(school_a, draft):
    contest = draft.contests.get()
    stand(school_a, contest)
    candidacy = Candidacy.objects.get()
    teacher = client_for(school_a.teacher)

    teacher.post(reverse("candidacy_approve", args=[candidacy.pk]))
    client = client_for(school_a.pupils[0].user)
    page = client.get(reverse("candidacy_home"))
    refused = client.post(
        reverse("candidacy_withdraw_mine", args=[candidacy.pk]), follow=True
    )

    assert "Approved: on the ballot" in page.content.decode()
    assert "ask your teacher" in refused.content.decode()
    option = contest.options.get()
    assert option.description == "Więcej zajęć sportowych."


def test_the_teacher_refuses_with_a_reason_the_pupil_reads(school_a, draft):
    stand(school_a, draft.contests.get())
    candidacy = Candidacy.objects.get()
    teacher = client_for(school_a.teacher)

    candidates = teacher.get(reverse("election_candidates", args=[draft.pk]))
    assert reverse("candidacy_refuse", args=[candidacy.pk]) in (
        candidates.content.decode()
    )
    empty = teacher.post(reverse("candidacy_refuse", args=[candidacy.pk]), {})
    assert "reason" in empty.context["form"].errors
    teacher.post(
        reverse("candidacy_refuse", args=[candidacy.pk]),
        {"reason": "Manifest zawiera dane osobowe."},
    )

    candidacy.refresh_from_db()
    assert candidacy.status == "refused"
    page = client_for(school_a.pupils[0].user).get(reverse("candidacy_home"))
    text = page.content.decode()
    assert "Refused" in text
    assert "Manifest zawiera dane osobowe." in text
    assert not draft.contests.get().options.exists()


def test_an_approved_candidacy_cannot_be_refused(school_a, draft):
    stand(school_a, draft.contests.get())
    candidacy = Candidacy.objects.get()
    teacher = client_for(school_a.teacher)
    teacher.post(reverse("candidacy_approve", args=[candidacy.pk]))

    response = teacher.post(
        reverse("candidacy_refuse", args=[candidacy.pk]), {"reason": "Nie"}
    )

    form = response.context["form"]
    assert "already on the ballot" in " ".join(form.non_field_errors())
    candidacy.refresh_from_db()
    assert candidacy.status == "approved"


def test_no_candidacy_after_opening(school_a, draft):
    contest = draft.contests.get()
    services.option_add(by=school_a.teacher, contest=contest, name="Ktoś")
    services.election_open(by=school_a.teacher, election=draft)

    response = stand(school_a, contest)

    assert response.status_code == 404
    assert not Candidacy.objects.exists()


def test_a_pupil_of_another_school_cannot_stand_or_withdraw(school_a, school_b, draft):
    contest = draft.contests.get()
    stand(school_a, contest)
    candidacy = Candidacy.objects.get()
    stranger = client_for(school_b.pupils[0].user)

    assert stranger.get(reverse("candidacy_stand", args=[contest.pk])).status_code == (
        404
    )
    assert (
        stranger.post(
            reverse("candidacy_stand", args=[contest.pk]), {"manifesto": "x"}
        ).status_code
        == 404
    )
    assert (
        stranger.post(
            reverse("candidacy_withdraw_mine", args=[candidacy.pk])
        ).status_code
        == 404
    )
    assert Candidacy.objects.count() == 1


def test_a_classmate_cannot_withdraw_someone_elses_candidacy(school_a, draft):
    stand(school_a, draft.contests.get())
    candidacy = Candidacy.objects.get()
    classmate = client_for(school_a.pupils[1].user)

    response = classmate.post(reverse("candidacy_withdraw_mine", args=[candidacy.pk]))

    assert response.status_code == 404
    assert Candidacy.objects.exists()


def test_the_candidacy_pages_send_others_away(school_a, draft):
    contest = draft.contests.get()
    home = reverse("candidacy_home")
    page = reverse("candidacy_stand", args=[contest.pk])

    assert Client().get(home).url == reverse("pupil_signin")
    assert Client().get(page).url == reverse("pupil_signin")
    assert client_for(school_a.teacher).get(home).url == reverse("dashboard")
