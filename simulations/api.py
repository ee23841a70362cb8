"""REST endpoints for elections: their contests and options, the turnout, the
results and the published ballot list, scoped by the selectors.

Every queryset starts from ``elections_managed_by``, so another school's election
is a 404. Writes (create, open, close, publish) go through the services, which
check the same rules as the pages. Counts exist only once voting has closed.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from school_councils import selectors as school_selectors
from school_councils.api import IsSchoolStaff
from school_councils.models import Classroom, School
from simulations import selectors, services
from simulations.models import (
    BallotAccess,
    Contest,
    Election,
    ElectionKind,
    ElectionState,
    Method,
    Option,
    Quorum,
)
from simulations.services import levels


class NotYet(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The results of a secret vote exist only after voting closes.")
    default_code = "not_closed"


class OptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Option
        fields = [
            "id",
            "contest",
            "name",
            "party_list",
            "list_kind",
            "position",
            "description",
        ]


class ContestSerializer(serializers.ModelSerializer):
    options = OptionSerializer(many=True, read_only=True)

    class Meta:
        model = Contest
        fields = [
            "id",
            "name",
            "position",
            "method",
            "seats",
            "threshold",
            "coalition_threshold",
            "quorum",
            "constituency_number",
            "seed",
            "options",
        ]


class ElectionSerializer(serializers.ModelSerializer):
    contests = ContestSerializer(many=True, read_only=True)

    class Meta:
        model = Election
        fields = [
            "id",
            "public_id",
            "school",
            "kind",
            "title",
            "state",
            "access",
            "opens_at",
            "closes_at",
            "results_not_before",
            "first_round",
            "eligible_count",
            "published_at",
            "contests",
        ]
        read_only_fields = fields


class ElectionCreateSerializer(serializers.Serializer):
    """A new draft election; contests follow from ``kind`` (see the services)."""

    school = serializers.PrimaryKeyRelatedField(
        queryset=School.objects.none(), allow_null=True
    )
    kind = serializers.ChoiceField(choices=ElectionKind.choices)
    title = serializers.CharField(max_length=200)
    classrooms = serializers.PrimaryKeyRelatedField(
        queryset=Classroom.objects.none(), many=True, required=False
    )
    access = serializers.ChoiceField(
        choices=BallotAccess.choices, default=BallotAccess.CODES
    )
    opens_at = serializers.DateTimeField(required=False, allow_null=True)
    closes_at = serializers.DateTimeField(required=False, allow_null=True)
    results_not_before = serializers.DateTimeField(required=False, allow_null=True)
    seats = serializers.IntegerField(required=False, min_value=1, max_value=100)
    method = serializers.ChoiceField(choices=Method.choices, required=False)
    quorum = serializers.ChoiceField(choices=Quorum.choices, required=False)
    constituencies = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, max_length=100
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            user = request.user
            self.fields["school"].queryset = school_selectors.schools_for_user(user)
            self.fields[
                "classrooms"
            ].child_relation.queryset = school_selectors.classrooms_for_user(user)


class TurnoutSerializer(serializers.Serializer):
    eligible = serializers.IntegerField()
    voted = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True)
    by_classroom = serializers.DictField(
        child=serializers.IntegerField(), help_text="Voters per class id."
    )


class ContestResultSerializer(serializers.Serializer):
    contest = serializers.IntegerField()
    name = serializers.CharField()
    method = serializers.CharField()
    valid = serializers.IntegerField()
    blank = serializers.IntegerField()
    spoiled = serializers.IntegerField()
    votes = serializers.DictField(child=serializers.IntegerField())
    result = serializers.JSONField(
        allow_null=True,
        help_text="The method's result: winners or seats, details, steps, ties.",
    )
    problem = serializers.CharField(allow_null=True)


class ResultsSerializer(serializers.Serializer):
    election = serializers.IntegerField()
    state = serializers.CharField()
    contests = ContestResultSerializer(many=True)
    combined = serializers.JSONField(
        allow_null=True,
        help_text="A mock election counted over all its constituencies.",
    )
    problem = serializers.CharField(allow_null=True)


class LevelRowSerializer(serializers.Serializer):
    label = serializers.CharField(
        allow_null=True, help_text="The unit; null for small units merged together."
    )
    note = serializers.CharField(allow_blank=True)
    ballots = serializers.IntegerField()
    valid = serializers.IntegerField()
    blank = serializers.IntegerField()
    spoiled = serializers.IntegerField()
    votes = serializers.DictField(child=serializers.IntegerField())


class LevelTableSerializer(serializers.Serializer):
    contest = serializers.IntegerField(
        allow_null=True, help_text="Null for a table over the whole election."
    )
    rows = LevelRowSerializer(many=True)


class LevelsSerializer(serializers.Serializer):
    election = serializers.IntegerField()
    level = serializers.CharField()
    levels = serializers.ListField(
        child=serializers.CharField(), help_text="The levels this election has."
    )
    tables = LevelTableSerializer(many=True)


class WhatIfVariantSerializer(serializers.Serializer):
    method = serializers.CharField()
    threshold = serializers.BooleanField()
    current = serializers.BooleanField(help_text="The rule the election used.")
    seats = serializers.DictField(child=serializers.IntegerField(), allow_null=True)
    winners = serializers.ListField(child=serializers.CharField(), allow_null=True)
    problem = serializers.CharField(allow_null=True)
    result = serializers.JSONField(allow_null=True)


class UnavailableMethodSerializer(serializers.Serializer):
    method = serializers.CharField()
    reason = serializers.ChoiceField(
        choices=["one_mark", "not_ranked", "not_marks", "one_question"]
    )


class WhatIfSerializer(serializers.Serializer):
    name = serializers.CharField()
    outcome = serializers.ChoiceField(choices=["seats", "winners"])
    seats = serializers.IntegerField()
    votes = serializers.DictField(child=serializers.IntegerField())
    variants = WhatIfVariantSerializer(many=True)
    unavailable = UnavailableMethodSerializer(many=True)


class WhatIfsSerializer(serializers.Serializer):
    election = serializers.IntegerField()
    whatifs = WhatIfSerializer(many=True)


class BallotSerializer(serializers.Serializer):
    tracker = serializers.CharField()
    contest = serializers.IntegerField()
    status = serializers.CharField()
    choices = serializers.JSONField()


class ElectionViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Elections the user runs. Creating one makes a draft."""

    serializer_class = ElectionSerializer
    permission_classes = [IsSchoolStaff]

    def get_queryset(self):
        return (
            selectors.elections_managed_by(self.request.user)
            .prefetch_related("contests__options")
            .order_by("-created_at")
        )

    def get_serializer_class(self):
        if self.action == "create":
            return ElectionCreateSerializer
        return ElectionSerializer

    @extend_schema(request=ElectionCreateSerializer, responses=ElectionSerializer)
    def create(self, request, *args, **kwargs):
        payload = ElectionCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        payload.is_valid(raise_exception=True)
        data = {k: v for k, v in payload.validated_data.items() if v is not None}
        data.setdefault("school", None)
        election = services.election_create(by=request.user, **data)
        return Response(
            ElectionSerializer(election).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(responses=OptionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def options(self, request, pk=None):
        """Every option on the election's ballots (lists and their candidates)."""
        election = self.get_object()
        options = Option.objects.filter(contest__election=election).order_by(
            "contest__position", "party_list_id", "position", "pk"
        )
        return Response(OptionSerializer(options, many=True).data)

    @extend_schema(responses=TurnoutSerializer)
    @action(detail=True, methods=["get"])
    def turnout(self, request, pk=None):
        """How many voted out of how many may, per class too (by class id)."""
        turnout = selectors.election_turnout(self.get_object())
        return Response(
            {
                "eligible": turnout.eligible,
                "voted": turnout.voted,
                "percent": turnout.percent,
                "by_classroom": {str(k): v for k, v in turnout.by_classroom.items()},
            }
        )

    @extend_schema(responses={200: ResultsSerializer, 409: None})
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        """Every contest's count with the steps that explain it (after closing)."""
        election = self.get_object()
        if election.state not in (ElectionState.CLOSED, ElectionState.PUBLISHED):
            raise NotYet()
        tally = services.election_tally(election=election)
        contests = election.contests.all()
        return Response(
            {
                "election": election.pk,
                "state": election.state,
                "contests": [
                    _contest_result(contest, count)
                    for contest, count in zip(contests, tally.contests, strict=True)
                ],
                "combined": tally.combined.to_dict() if tally.combined else None,
                "problem": tally.problem,
            }
        )

    def _counted(self):
        election = self.get_object()
        if election.state not in (ElectionState.CLOSED, ElectionState.PUBLISHED):
            raise NotYet()
        return election

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "level",
                str,
                enum=list(levels.LEVELS),
                description="class, school, constituency or city (default: class)",
            )
        ],
        responses={200: LevelsSerializer, 400: None, 409: None},
    )
    @action(detail=True, methods=["get"], url_path="results/levels")
    def results_levels(self, request, pk=None):
        """The plain numbers by class, school, constituency or the whole city;
        small classes and schools merged as on the results page."""
        election = self._counted()
        available = levels.available_levels(election)
        level = request.query_params.get("level", levels.CLASS)
        if level not in available:
            raise serializers.ValidationError(
                {"level": _("This election has no such level."), "levels": available}
            )
        tally = levels.level_tally(election=election, level=level)
        return Response(
            {
                "election": election.pk,
                "level": level,
                "levels": available,
                "tables": [
                    {
                        "contest": contest.pk if contest else None,
                        "rows": [_level_row(row) for row in rows],
                    }
                    for contest, rows in tally.tables
                ],
            }
        )

    @extend_schema(responses={200: WhatIfsSerializer, 409: None})
    @action(detail=True, methods=["get"], url_path="results/what-if")
    def results_whatif(self, request, pk=None):
        """The same ballots counted under other methods, and the methods the
        ballots cannot be counted by, with the reason (after closing)."""
        election = self._counted()
        whatifs = levels.election_whatif(election=election)
        return Response(
            {"election": election.pk, "whatifs": [_whatif(w) for w in whatifs]}
        )

    @extend_schema(responses={200: BallotSerializer(many=True), 409: None})
    @action(detail=True, methods=["get"])
    def ballots(self, request, pk=None):
        """The published ballot list in tracker order, for anyone to recount."""
        election = self.get_object()
        if election.state != ElectionState.PUBLISHED:
            raise NotYet(_("The ballot list is public once the results are."))
        ballots = selectors.published_ballots(election).values(
            "tracker", "contest_id", "status", "choices"
        )
        page = self.paginate_queryset(ballots)
        rows = [
            {
                "tracker": row["tracker"],
                "contest": row["contest_id"],
                "status": row["status"],
                "choices": row["choices"],
            }
            for row in page
        ]
        return self.get_paginated_response(rows)

    def _state_change(self, service):
        election = self.get_object()
        try:
            election = service(by=self.request.user, election=election)
        except ValidationError as error:
            raise serializers.ValidationError(
                {"detail": error.messages, "code": error.code}
            ) from None
        return Response(ElectionSerializer(election).data)

    @extend_schema(request=None, responses=ElectionSerializer)
    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        """Opens a draft for voting; its rules cannot change afterwards."""
        return self._state_change(services.election_open)

    @extend_schema(request=None, responses=ElectionSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Closes voting now."""
        return self._state_change(services.election_close)

    @extend_schema(request=None, responses=ElectionSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publishes the results of a closed election (after any embargo)."""
        return self._state_change(services.election_publish)


def _contest_result(contest, count) -> dict:
    return {
        "contest": contest.pk,
        "name": contest.name,
        "method": contest.method,
        "valid": count.valid,
        "blank": count.blank,
        "spoiled": count.spoiled,
        "votes": count.votes,
        "result": count.result.to_dict() if count.result else None,
        "problem": count.problem,
    }


def _level_row(row) -> dict:
    count = row.count
    return {
        "label": row.label,
        "note": row.note,
        "ballots": count.total,
        "valid": count.valid,
        "blank": count.blank,
        "spoiled": count.spoiled,
        "votes": count.votes,
    }


def _whatif(whatif) -> dict:
    return {
        "name": whatif.name,
        "outcome": whatif.outcome,
        "seats": whatif.seats,
        "votes": whatif.votes,
        "variants": [
            {
                "method": v.method,
                "threshold": v.threshold,
                "current": v.current,
                "seats": v.seats if v.result and v.result.seats is not None else None,
                "winners": v.winners
                if v.result and v.result.winners is not None
                else None,
                "problem": v.problem,
                "result": v.result.to_dict() if v.result else None,
            }
            for v in whatif.variants
        ],
        "unavailable": [
            {"method": u.method, "reason": u.reason} for u in whatif.unavailable
        ],
    }


def register(router) -> None:
    router.register("elections", ElectionViewSet, basename="election")
