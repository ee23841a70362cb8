"""Reading the ballot page's fields into the choices a ballot holds."""

import pytest
from django.http import QueryDict

from simulations.forms import BallotInputError, ballot_choices
from simulations.models import Contest


def contest(pk, method):
    return Contest(pk=pk, name=f"Contest {pk}", method=method)


def posted(**fields):
    data = QueryDict(mutable=True)
    for key, values in fields.items():
        for value in values if isinstance(values, list) else [values]:
            data.appendlist(key.replace("_", "-"), value)
    return data


def test_one_mark_many_marks_a_list_and_an_answer_are_read():
    contests = [
        contest(1, "plurality"),
        contest(2, "block"),
        contest(3, "dhondt"),
        contest(4, "referendum"),
    ]
    data = posted(
        contest_1="7", contest_2=["8", "9"], contest_3="10:11", contest_4="no"
    )

    assert ballot_choices(contests, data) == {
        "1": {"mark": 7},
        "2": {"marks": [8, 9]},
        "3": {"list": 10, "candidate": 11},
        "4": {"answer": "no"},
    }


def test_a_ranking_is_read_from_the_numbers_given_to_the_candidates():
    data = posted(
        **{"contest_5_rank_30": "2", "contest_5_rank_31": "1", "contest_5_rank_32": ""}
    )

    assert ballot_choices([contest(5, "stv")], data) == {"5": {"ranking": [31, 30]}}


def test_blank_and_spoiled_are_read_for_any_shape():
    data = posted(contest_1="blank", contest_2="spoiled")

    assert ballot_choices([contest(1, "irv"), contest(2, "plurality")], data) == {
        "1": {"blank": True},
        "2": {"spoiled": True},
    }


@pytest.mark.parametrize(
    ("method", "fields", "reason"),
    [
        ("plurality", {}, "nothing_marked"),
        ("stv", {}, "nothing_marked"),
        ("stv", {"contest_1_rank_3": "1", "contest_1_rank_4": "1"}, "rank_twice"),
        ("irv", {"contest_1_rank_3": "first"}, "bad_rank"),
    ],
)
def test_a_ballot_page_that_cannot_be_read_says_why(method, fields, reason):
    with pytest.raises(BallotInputError) as caught:
        ballot_choices([contest(1, method)], posted(**fields))
    assert caught.value.reason == reason
