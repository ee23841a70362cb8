"""The commission's protocol pages: errors shown per field, nothing saved until
the figures agree, corrections recorded with who and when, none once published."""

import pytest
from django.test import Client
from django.urls import reverse

from simulations import services
from simulations.models import PaperProtocol

from .polling_helpers import (
    custom_election,
    figures,
    open_two_candidates,
    option_map,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def election(school_a):
    return open_two_candidates(school_a)


@pytest.fixture
def commission(school_a):
    client = Client(headers={"accept-language": "en"})
    client.cookies["django_language"] = "en"
    client.force_login(school_a.teacher)
    return client


def form_data(election, **changes):
    a, b = option_map(election).values()
    data = {
        "station": "",
        "station_name": "Sala gimnastyczna",
        "eligible": "30",
        "issued": "25",
        "in_box": "25",
        "invalid": "2",
        "blank": "1",
        "valid": "22",
        "note": "",
        f"option-{a}": "10",
        f"option-{b}": "12",
    }
    return {**data, **changes}


def create_url(election):
    return reverse(
        "paper_protocol_create", args=[election.pk, election.contests.get().pk]
    )


def test_the_commission_enters_a_protocol(commission, election):
    response = commission.post(create_url(election), form_data(election))

    assert response.status_code == 302
    assert response.url == reverse("paper_protocols", args=[election.pk])
    protocol = PaperProtocol.objects.get()
    assert (protocol.station_name, protocol.valid) == ("Sala gimnastyczna", 22)
    listing = commission.get(response.url).content.decode()
    assert "Sala gimnastyczna" in listing


def test_inconsistent_figures_are_shown_on_their_fields_and_nothing_is_saved(
    commission, election
):
    a, _b = option_map(election).values()
    response = commission.post(
        create_url(election),
        form_data(election, issued="31", blank="3", **{f"option-{a}": "9"}),
    )

    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["issued"] == [
        "More ballots issued than voters entitled to vote (30)."
    ]
    assert "valid" in form.errors
    assert form.non_field_errors() == [
        "The votes add up to 21, but there are 22 valid votes."
    ]
    text = response.content.decode()
    assert "Nothing was saved" in text
    assert 'aria-invalid="true"' in text
    assert PaperProtocol.objects.count() == 0


def test_a_class_station_is_chosen_from_the_classes_that_vote(
    commission, election, school_a
):
    response = commission.post(
        create_url(election),
        form_data(
            election,
            station=str(school_a.classroom.pk),
            station_name="",
            eligible="2",
            issued="2",
            in_box="2",
            invalid="0",
            blank="0",
            valid="2",
            **{f"option-{pk}": "1" for pk in option_map(election).values()},
        ),
    )

    assert response.status_code == 302
    protocol = PaperProtocol.objects.get()
    assert protocol.station == school_a.classroom
    assert protocol.station_name == "7b"


def test_a_station_gets_one_protocol_per_contest(commission, election):
    commission.post(create_url(election), form_data(election))

    again = commission.post(create_url(election), form_data(election))

    assert again.status_code == 400
    assert PaperProtocol.objects.count() == 1


def test_a_correction_is_saved_with_who_and_when(commission, election, school_a):
    commission.post(create_url(election), form_data(election))
    protocol = PaperProtocol.objects.get()
    a, b = option_map(election).values()
    edit = reverse("paper_protocol_edit", args=[protocol.pk])

    response = commission.post(
        edit, form_data(election, **{f"option-{a}": "11", f"option-{b}": "11"})
    )

    assert response.status_code == 302
    protocol.refresh_from_db()
    assert protocol.votes == {str(a): 11, str(b): 11}
    first, second = protocol.revisions.all()
    assert first.figures["votes"] == {str(a): 10, str(b): 12}
    assert second.saved_by == school_a.teacher
    page = commission.get(edit).content.decode()
    assert "Correction 1" in page
    assert "teacher-a" in page


def test_protocols_cannot_change_once_the_results_are_published(
    commission, election, school_a
):
    a, b = option_map(election).values()
    protocol = services.paper_protocol_save(
        by=school_a.teacher,
        contest=election.contests.get(),
        figures=figures(eligible=3, issued=3, in_box=3, valid=3, votes={a: 2, b: 1}),
        station_name="Aula",
    )
    services.election_close(by=school_a.teacher, election=election)
    services.election_publish(by=school_a.teacher, election=election)

    response = commission.post(
        reverse("paper_protocol_edit", args=[protocol.pk]),
        {
            "eligible": "3",
            "issued": "3",
            "in_box": "3",
            "invalid": "0",
            "blank": "0",
            "valid": "3",
            f"option-{a}": "3",
            f"option-{b}": "0",
        },
    )

    assert response.status_code == 400
    assert "protocols can no longer change" in response.content.decode()
    protocol.refresh_from_db()
    assert protocol.votes == {str(a): 2, str(b): 1}
    assert protocol.revisions.count() == 1


def test_ranked_piles_are_typed_one_a_line(commission, school_a):
    election = custom_election(school_a, method="irv", names=["Ala", "Ola"])
    url = create_url(election)
    base = {
        "station_name": "Aula",
        "eligible": "5",
        "issued": "5",
        "in_box": "5",
        "invalid": "0",
        "blank": "0",
        "valid": "5",
    }

    wrong = commission.post(url, {**base, "piles": "3 Ala, Ola\n2: Ola, Ewa"})
    right = commission.post(url, {**base, "piles": "3: ala, Ola\n\n2: Ola"})

    assert wrong.context["form"].errors["piles"] == [
        "Line 1: write how many ballots, a colon, then the names, e.g. “12: Anna, "
        "Bartek”.",
        "Line 2: “Ewa” is not on this ballot.",
    ]
    assert right.status_code == 302
    ids = option_map(election)
    assert PaperProtocol.objects.get().piles == [
        {"choices": [ids["Ala"], ids["Ola"]], "count": 3},
        {"choices": [ids["Ola"]], "count": 2},
    ]
