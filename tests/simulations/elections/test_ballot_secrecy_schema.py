"""Ballot secrecy is a property of the schema: nothing leads from a ballot to a voter.

A ballot row can identify its voter only through what it holds or what it points
to. These tests walk the model graph from ``BallotRecord`` along every relation it
follows (foreign keys, one-to-one and many-to-many, transitively) and prove that
no path reaches a pupil, a voting code or a participation row, and that the only
paths reaching a user account go through staff fields that are the same for every
ballot of an election or a class. They also prove that no model points to a
ballot, that its key is a random UUID with no sequence behind it, and that it
holds no time finer than a day.
"""

import uuid

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.db import connection, models

from school_councils.models import Pupil
from simulations.models import BallotRecord, VoterParticipation, VotingCode

# Relations that reach user accounts of staff: the same for every ballot of an
# election (its organiser) or of a class (its teachers), so they tell no voter.
STAFF_FIELDS = {
    ("simulations.election", "created_by"): "the teacher who set the election up",
    ("school_councils.classroom", "teachers"): "the teachers of the voting class",
}
PEOPLE = {Pupil, VotingCode, VoterParticipation}
COLUMNS = {"id", "contest_id", "status", "choices", "tracker", "station_id"}


def label(model, field) -> tuple[str, str]:
    return (model._meta.label_lower, field.name)


def forward_relations(model):
    """The relations a row of ``model`` follows to other rows."""
    for field in model._meta.get_fields():
        follows = field.is_relation and field.concrete and field.related_model
        if follows or isinstance(field, models.ManyToManyField):
            yield field


def paths_from(model, *, stop_at=frozenset()):
    """Yields every path of forward relations from ``model`` as lists of
    (model, field) pairs, visiting each model once per path."""
    stack = [(model, [])]
    while stack:
        current, path = stack.pop()
        seen = {step[0] for step in path} | {current}
        for field in forward_relations(current):
            step = [*path, (current, field)]
            yield step
            target = field.related_model
            if target not in seen and target not in stop_at:
                stack.append((target, step))


def reaches(path):
    return path[-1][1].related_model


def test_no_path_of_relations_leads_from_a_ballot_to_a_pupil_code_or_participation():
    bad = [
        " → ".join(f"{m.__name__}.{f.name}" for m, f in path)
        for path in paths_from(BallotRecord, stop_at={get_user_model()})
        if reaches(path) in PEOPLE
    ]
    assert bad == []


def test_paths_from_a_ballot_reach_user_accounts_only_through_staff_fields():
    user = get_user_model()
    to_users = [
        path
        for path in paths_from(BallotRecord, stop_at={user})
        if reaches(path) is user
    ]

    assert to_users, "the walk should find the organiser and the teachers"
    for path in to_users:
        model, field = path[-1]
        assert label(model, field) in STAFF_FIELDS, [f.name for _, f in path]


def test_a_ballot_points_only_to_its_contest_and_its_polling_station():
    targets = {
        field.name: field.related_model._meta.label
        for field in forward_relations(BallotRecord)
    }

    assert targets == {
        "contest": "simulations.Contest",
        "station": "school_councils.Classroom",
    }


def test_no_model_points_to_a_ballot():
    pointing = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.concrete and field.is_relation and field.related_model is BallotRecord
    ]
    assert pointing == []


def test_a_ballot_has_no_generic_relation():
    fields = BallotRecord._meta.get_fields(include_hidden=True)
    generic = (GenericForeignKey, GenericRelation)
    assert [f.name for f in fields if isinstance(f, generic)] == []


def test_a_ballot_holds_no_time_finer_than_a_day():
    fine = (models.DateTimeField, models.TimeField, models.DurationField)
    assert [
        f.name for f in BallotRecord._meta.concrete_fields if isinstance(f, fine)
    ] == []


@pytest.mark.django_db
def test_a_ballots_key_is_a_random_uuid_and_not_a_sequence():
    pk = BallotRecord._meta.pk
    assert isinstance(pk, models.UUIDField)
    assert pk.default is uuid.uuid4
    with connection.cursor() as cursor:
        sequences = connection.introspection.get_sequences(
            cursor, BallotRecord._meta.db_table
        )
    assert sequences == []


@pytest.mark.django_db
def test_the_ballot_table_has_exactly_the_columns_the_model_declares():
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(
            cursor, BallotRecord._meta.db_table
        )
    assert {column.name for column in description} == COLUMNS


def test_ballots_are_listed_in_tracker_order_never_in_the_order_of_casting():
    assert BallotRecord._meta.ordering == ["tracker"]
    assert BallotRecord._meta.get_latest_by is None


def test_codes_and_participations_point_to_no_ballot():
    for model in (VotingCode, VoterParticipation):
        related = {f.related_model for f in model._meta.get_fields() if f.is_relation}
        assert BallotRecord not in related, model.__name__
