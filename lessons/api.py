"""REST endpoints for lesson assignments, scoped by the selectors.

Every queryset comes from a selector, so another school's assignment or class is a
404; writes go through the services.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from lessons import selectors, services
from lessons.models import LessonAssignment, LessonPage
from school_councils import selectors as school_selectors
from school_councils.api import IsSchoolStaff


class LessonAssignmentSerializer(serializers.ModelSerializer):
    lesson_title = serializers.CharField(source="lesson.title", read_only=True)
    lesson_language = serializers.CharField(
        source="lesson.locale.language_code", read_only=True
    )

    class Meta:
        model = LessonAssignment
        fields = [
            "id",
            "lesson",
            "lesson_title",
            "lesson_language",
            "classroom",
            "date",
            "note",
            "taught_at",
        ]
        read_only_fields = fields


class LessonAssignSerializer(serializers.Serializer):
    """Assigns a published lesson to one or more of the user's classes."""

    lesson = serializers.IntegerField(help_text="The id of a published lesson page.")
    classrooms = serializers.ListField(
        child=serializers.IntegerField(), min_length=1, max_length=100
    )
    date = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("classroom", int, description="Only this class's.")
        ]
    )
)
class LessonAssignmentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Lessons assigned to the classes the user manages."""

    serializer_class = LessonAssignmentSerializer
    permission_classes = [IsSchoolStaff]

    def get_queryset(self):
        queryset = selectors.assignments_for_user(self.request.user).select_related(
            "lesson__locale"
        )
        classroom = self.request.query_params.get("classroom")
        if classroom and classroom.isdigit():
            queryset = queryset.filter(classroom_id=int(classroom))
        return queryset.order_by("pk")

    @extend_schema(
        request=LessonAssignSerializer,
        responses={201: LessonAssignmentSerializer(many=True)},
    )
    def create(self, request):
        """Assigns a lesson to classes; a class that has it already is updated."""
        data = LessonAssignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        lesson = get_object_or_404(LessonPage.objects.live(), pk=values["lesson"])
        classrooms = school_selectors.classrooms_for_user(request.user).filter(
            pk__in=values["classrooms"]
        )
        if classrooms.count() != len(set(values["classrooms"])):
            raise Http404
        assignments = services.lesson_assign(
            by=request.user,
            lesson=lesson,
            classrooms=list(classrooms),
            date=values.get("date"),
            note=values.get("note", ""),
        )
        body = LessonAssignmentSerializer(assignments, many=True).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=LessonAssignmentSerializer)
    @action(detail=True, methods=["post"])
    def taught(self, request, pk=None):
        """Marks the lesson as taught in that class (now)."""
        assignment = services.lesson_mark_taught(
            by=request.user, assignment=self.get_object()
        )
        return Response(LessonAssignmentSerializer(assignment).data)


def register(router) -> None:
    router.register(
        "lesson-assignments", LessonAssignmentViewSet, basename="lessonassignment"
    )
