"""Bad input on the set-up pages gets a clear message on the page, never an error
page, and changes nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from school_councils import services as school_services
from simulations import services
from simulations.models import Election, Option

from .conftest import class_election, open_class_election

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def create(client, kind, **fields):
    data = {"title": "Próba", "access": "codes", **fields}
    return client.post(reverse("election_new", args=[kind]), data)


def errors(response):
    form = response.context["form"]
    return {name: " ".join(messages) for name, messages in form.errors.items()}


def test_missing_fields_are_named(school_a):
    response = create(client_for(school_a.teacher), "custom", title="")

    assert response.status_code == 200
    problems = errors(response)
    assert "required" in problems["title"]
    assert "required" in problems["method"]
    assert not Election.objects.exists()


def test_an_election_without_voters_is_refused(school_a):
    response = create(
        client_for(school_a.teacher), "referendum", questions="Czy?", quorum="none"
    )

    assert "whose pupils vote" in errors(response)["__all__"]
    assert not Election.objects.exists()


def test_zero_seats_are_refused(school_a):
    response = create(
        client_for(school_a.teacher),
        "custom",
        classrooms=[school_a.classroom.pk],
        method="block",
        seats="0",
    )

    assert "greater than or equal to 1" in errors(response)["seats"]
    assert not Election.objects.exists()


@pytest.mark.parametrize("threshold", ["100", "-1", "250"])
def test_a_threshold_out_of_range_is_refused(school_a, threshold):
    response = create(
        client_for(school_a.teacher),
        "custom",
        classrooms=[school_a.classroom.pk],
        method="dhondt",
        seats="3",
        threshold=threshold,
    )

    assert "threshold" in errors(response)
    assert not Election.objects.exists()


def test_a_threshold_for_a_method_without_lists_is_explained(school_a):
    response = create(
        client_for(school_a.teacher),
        "custom",
        classrooms=[school_a.classroom.pk],
        method="plurality",
        seats="1",
        threshold="5",
    )

    assert "Only party lists have a threshold" in errors(response)["threshold"]
    assert not Election.objects.exists()


def test_duplicate_list_names_are_refused_and_nothing_is_kept(school_a):
    response = create(
        client_for(school_a.teacher),
        "sejm",
        classrooms=[school_a.classroom.pk],
        constituency="13",
        lists="Lista A\nLista  A",
    )

    assert "Lista A is already on this ballot" in errors(response)["lists"]
    assert not Election.objects.exists()
    assert not Option.objects.exists()


def test_duplicate_questions_are_refused(school_a):
    response = create(
        client_for(school_a.teacher),
        "referendum",
        classrooms=[school_a.classroom.pk],
        questions="Czy?\nCzy?",
        quorum="none",
    )

    assert "only once" in errors(response)["questions"]


def test_closing_before_opening_is_refused(school_a):
    response = create(
        client_for(school_a.teacher),
        "president",
        classrooms=[school_a.classroom.pk],
        constituency="1",
        opens_at="2030-05-10T10:00",
        closes_at="2030-05-10T09:00",
    )

    assert "close after it opens" in errors(response)["closes_at"]


def test_an_unknown_constituency_is_refused(school_a):
    response = create(
        client_for(school_a.teacher),
        "sejm",
        classrooms=[school_a.classroom.pk],
        constituency="42",
    )

    assert "constituency" in errors(response)


def test_classes_of_another_school_cannot_be_chosen(school_a, school_b):
    response = create(
        client_for(school_a.teacher),
        "referendum",
        classrooms=[school_b.classroom.pk],
        questions="Czy?",
        quorum="none",
    )

    assert "classrooms" in errors(response)
    assert not Election.objects.exists()


def test_a_teacher_cannot_create_a_city_youth_council(school_a):
    client = client_for(school_a.teacher)

    assert (
        client.get(reverse("election_new", args=["city_youth_council"])).status_code
        == 404
    )
    assert client.get(reverse("election_new", args=["no_such_kind"])).status_code == (
        404
    )


def test_duplicate_names_on_the_ballot_page_are_refused(school_a):
    election = class_election(school_a, pupils=[school_a.pupils[0]])
    contest = election.contests.get()
    client = client_for(school_a.teacher)

    response = client.post(
        reverse("contest_setup", args=[contest.pk]),
        {"action": "add_candidate", "candidate-name": "Bystry  Bóbr"},
    )

    assert response.status_code == 200
    form = response.context["candidate_form"]
    assert "already on this ballot" in " ".join(form.errors["name"])
    assert contest.options.count() == 1


def test_a_pupil_of_another_school_cannot_be_put_on_the_ballot(school_a, school_b):
    election = class_election(school_a, pupils=[])
    contest = election.contests.get()
    client = client_for(school_a.teacher)

    response = client.post(
        reverse("contest_setup", args=[contest.pk]),
        {"action": "add_candidate", "candidate-pupil": school_b.pupils[0].pk},
    )

    assert "pupil" in response.context["candidate_form"].errors
    assert not contest.options.exists()


def test_a_pupil_outside_the_electorate_is_refused_by_the_service(school_a):
    other = school_services.classroom_create(
        by=school_a.teacher,
        school=school_a.school,
        name="1a",
        grade=1,
        school_year=2026,
    )
    (stranger,) = school_services.pupils_add(
        by=school_a.teacher, classroom=other, pseudonyms_text="Cichy Jeż"
    )
    election = class_election(school_a, pupils=[])
    contest = election.contests.get()

    with pytest.raises(Exception, match="not in this election's electorate"):
        services.option_add(by=school_a.teacher, contest=contest, pupil=stranger)


def test_changes_after_opening_are_refused_with_the_reason(school_a):
    election = open_class_election(school_a)
    contest = election.contests.get()
    option = contest.options.first()
    client = client_for(school_a.teacher)
    before = list(contest.options.values_list("name", "position"))

    added = client.post(
        reverse("contest_setup", args=[contest.pk]),
        {"action": "add_candidate", "candidate-name": "Nowy"},
    )
    moved = client.post(
        reverse("contest_setup", args=[contest.pk]),
        {"action": "move", "option": option.pk, "direction": "down"},
        follow=True,
    )
    removed = client.post(reverse("option_remove", args=[option.pk]), follow=True)
    renamed = client.post(reverse("option_edit", args=[option.pk]), {"name": "Inny"})

    locked = "cannot change once voting has opened"
    for response in (added, moved, removed, renamed):
        assert response.status_code == 200
        assert locked in response.content.decode()
    assert list(contest.options.values_list("name", "position")) == before


def test_after_opening_the_settings_offer_only_the_title(school_a):
    election = open_class_election(school_a)
    client = client_for(school_a.teacher)

    page = client.post(
        reverse("election_setup", args=[election.pk]),
        {
            "action": "settings",
            "settings-title": election.title,
            "settings-access": "accounts",
        },
        follow=True,
    )

    assert list(page.context["settings_form"].fields) == ["title"]
    election.refresh_from_db()
    assert election.access == "codes"


def test_the_title_can_still_be_corrected_after_opening(school_a):
    election = open_class_election(school_a)
    client = client_for(school_a.teacher)

    client.post(
        reverse("election_setup", args=[election.pk]),
        {
            "action": "settings",
            "settings-title": "Poprawiony tytuł",
            "settings-access": election.access,
        },
    )

    election.refresh_from_db()
    assert election.title == "Poprawiony tytuł"
