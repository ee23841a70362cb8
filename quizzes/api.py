"""REST endpoints for quizzes: list, detail, JSON export and import, spreadsheet
import. Staff only; every quiz comes from :mod:`quizzes.selectors`, so another
school's quiz is a 404. Imports go through :mod:`quizzes.services.transfer`, whose
row and field messages come back as a 400 ``{"errors": [...]}``.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from quizzes import selectors
from quizzes.models import Choice, Question, Quiz
from quizzes.services.transfer import (
    SPREADSHEET_MAX_BYTES,
    quiz_export_json,
    quiz_import_json,
    quiz_import_spreadsheet,
)
from school_councils import selectors as school_selectors
from school_councils.api import IsSchoolStaff


class QuizSerializer(serializers.ModelSerializer):
    question_count = serializers.IntegerField(source="questions.count", read_only=True)

    class Meta:
        model = Quiz
        fields = [
            "id",
            "school",
            "owner",
            "title",
            "language",
            "visibility",
            "question_count",
            "created_at",
            "updated_at",
        ]


class ChoiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Choice
        fields = ["position", "text", "is_correct"]


class QuestionSerializer(serializers.ModelSerializer):
    choices = ChoiceSerializer(many=True, read_only=True)

    class Meta:
        model = Question
        fields = [
            "id",
            "position",
            "kind",
            "text",
            "image_alt",
            "time_limit",
            "points",
            "slider_min",
            "slider_max",
            "slider_step",
            "slider_correct",
            "slider_tolerance",
            "choices",
        ]


class QuizDetailSerializer(QuizSerializer):
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta(QuizSerializer.Meta):
        fields = [*QuizSerializer.Meta.fields, "questions"]


class SpreadsheetSerializer(serializers.Serializer):
    file = serializers.FileField()
    title = serializers.CharField(max_length=200)
    language = serializers.ChoiceField(
        choices=Quiz._meta.get_field("language").choices, default="pl"
    )
    school = serializers.IntegerField(required=False)


ERRORS = inline_serializer(
    "ImportErrors",
    fields={"errors": serializers.ListField(child=serializers.CharField())},
)
SCHOOL = OpenApiParameter(
    "school", int, description="The school to import into; needed with several."
)


def _import_school(request, school_id):
    """The school to import into: the one given, or the user's only school."""
    schools = school_selectors.schools_for_user(request.user)
    if school_id in (None, ""):
        if schools.count() != 1:
            raise serializers.ValidationError(
                {"errors": [_("Choose the school to import the quiz into.")]}
            )
        return schools.get()
    if not str(school_id).isdigit():
        raise serializers.ValidationError({"errors": [_("Give a school id.")]})
    return get_object_or_404(schools, pk=int(school_id))


def _created(run) -> Response:
    try:
        quiz = run()
    except ValidationError as exc:
        raise serializers.ValidationError({"errors": exc.messages}) from None
    return Response(QuizDetailSerializer(quiz).data, status=status.HTTP_201_CREATED)


class QuizViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsSchoolStaff]

    def get_queryset(self):
        queryset = selectors.quizzes_for_user(self.request.user)
        if self.action == "retrieve":
            return queryset.prefetch_related("questions__choices")
        return queryset

    def get_serializer_class(self):
        return QuizDetailSerializer if self.action == "retrieve" else QuizSerializer

    @extend_schema(responses={200: {"type": "object"}})
    @action(detail=True, methods=["get"])
    def export(self, request, pk=None):
        """Downloads the quiz as a JSON document (format ``youth-civics-quiz``)."""
        quiz = self.get_object()
        response = Response(quiz_export_json(quiz=quiz))
        response["Content-Disposition"] = f'attachment; filename="quiz-{quiz.pk}.json"'
        return response

    @extend_schema(
        parameters=[SCHOOL],
        request={"application/json": {"type": "object"}},
        responses={201: QuizDetailSerializer, 400: ERRORS},
    )
    @action(
        detail=False, methods=["post"], url_path="import", parser_classes=[JSONParser]
    )
    def import_json(self, request):
        """Creates a quiz from an exported JSON document, all or nothing."""
        school = _import_school(request, request.query_params.get("school"))
        return _created(
            lambda: quiz_import_json(by=request.user, school=school, data=request.data)
        )

    @extend_schema(
        request={"multipart/form-data": SpreadsheetSerializer},
        responses={201: QuizDetailSerializer, 400: ERRORS},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import-spreadsheet",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_spreadsheet(self, request):
        """Creates a quiz from the classroom-quiz template as CSV or XLSX."""
        form = SpreadsheetSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        school = _import_school(request, data.get("school"))
        upload = data["file"]
        if upload.size > SPREADSHEET_MAX_BYTES:
            raise serializers.ValidationError(
                {"errors": [_("The file is too large: at most 1 MB.")]}
            )
        return _created(
            lambda: quiz_import_spreadsheet(
                by=request.user,
                school=school,
                content=upload.read(),
                title=data["title"],
                language=data["language"],
            )
        )


def register(router) -> None:
    router.register("quizzes", QuizViewSet, basename="quiz")
