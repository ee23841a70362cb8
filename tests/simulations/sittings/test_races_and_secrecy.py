"""Exactly once under concurrency, on PostgreSQL; and a secret vote's schema has
no path from a choice to a member."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections, models

from simulations.models import SecretChoice, VoteCast, VoteParticipation
from simulations.services import sittings as services

from .conftest import open_sitting, student_council

ATTEMPTS = 12


def race(function) -> list[str]:
    barrier = threading.Barrier(ATTEMPTS)
    outcomes, lock = [], threading.Lock()

    def attempt():
        try:
            barrier.wait()
            function()
            outcome = "cast"
        except ValidationError as error:
            outcome = error.code
        except Exception as error:  # A deadlock or any other failure fails the test.
            outcome = repr(error)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=attempt) for _ in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["open", "secret"])
def test_a_member_voting_at_once_from_many_devices_is_counted_once(school_a, kind):
    cw = open_sitting(student_council(school_a))
    draft = services.motion_add(by=cw.chair, sitting=cw.sitting, title="T", text="X")
    vote = services.vote_open(by=cw.chair, kind=kind, motion=draft)
    member = cw.member(1)

    outcomes = race(lambda: services.vote_cast(by=member, vote=vote, choice="for"))

    assert sorted(outcomes) == ["already_voted"] * (ATTEMPTS - 1) + ["cast"]
    assert VoteParticipation.objects.filter(vote=vote).count() == 1
    stored = (SecretChoice if kind == "secret" else VoteCast).objects.filter(vote=vote)
    assert stored.count() == 1


@pytest.mark.django_db(transaction=True)
def test_votes_racing_the_close_are_either_counted_or_refused(school_a):
    cw = open_sitting(student_council(school_a))
    draft = services.motion_add(by=cw.chair, sitting=cw.sitting, title="T", text="X")
    vote = services.vote_open(by=cw.chair, kind="secret", motion=draft)
    barrier = threading.Barrier(5)
    results = []

    def cast(index):
        barrier.wait()
        try:
            services.vote_cast(by=cw.member(index), vote=vote, choice="for")
            results.append("cast")
        except ValidationError as error:
            results.append(error.code)
        except Exception as error:
            results.append(repr(error))
        finally:
            connections.close_all()

    def close():
        barrier.wait()
        try:
            results.append(services.vote_close(by=cw.chair, vote=vote))
        except Exception as error:
            results.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=cast, args=(i,)) for i in range(4)]
    threads.append(threading.Thread(target=close))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [
        r for r in results if isinstance(r, str) and r not in ("cast", "vote_closed")
    ] == []
    outcome = next(r for r in results if not isinstance(r, str))
    counted = [r for r in results if r == "cast"]
    assert outcome.votes_for == len(counted)
    assert SecretChoice.objects.filter(vote=vote).count() == len(counted)


# The schema of a secret vote --------------------------------------------------


def test_a_secret_choice_holds_no_member_user_or_time():
    fields = {f.name: f for f in SecretChoice._meta.get_fields()}
    assert set(fields) == {"id", "vote", "choice"}
    assert isinstance(fields["id"], models.UUIDField)
    assert not any(
        isinstance(f, models.DateField | models.DateTimeField) for f in fields.values()
    )


def test_nothing_points_at_a_secret_choice():
    from django.apps import apps

    pointing = [
        (model.__name__, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.is_relation
        and field.related_model is SecretChoice
        and not field.auto_created
    ]
    assert pointing == []


def test_a_participation_says_who_voted_but_not_how():
    names = {f.name for f in VoteParticipation._meta.get_fields()}
    assert names == {"id", "vote", "seat"}


def test_secret_choices_are_listed_in_random_key_order():
    assert SecretChoice._meta.ordering == ["id"]
