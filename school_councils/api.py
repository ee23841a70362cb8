"""REST endpoints for schools, classes and pupils, scoped by the selectors.

Every queryset comes from a selector, so another school's object is a 404. Writes go
through the services, which check the same rules as the pages.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from school_councils import selectors, services
from school_councils.models import Classroom, Pupil, School


class IsSchoolStaff(permissions.BasePermission):
    """Teachers, school coordinators and city coordinators; not pupils."""

    message = "Only school staff can use this endpoint."

    def has_permission(self, request, view):
        return selectors.is_staff_member(request.user)


class SchoolSerializer(serializers.ModelSerializer):
    district_name = serializers.CharField(source="get_district_display", read_only=True)

    class Meta:
        model = School
        fields = ["id", "name", "district", "district_name", "address", "rspo", "level"]


class ClassroomSerializer(serializers.ModelSerializer):
    school = serializers.PrimaryKeyRelatedField(queryset=School.objects.none())
    pupil_count = serializers.IntegerField(source="pupils.count", read_only=True)

    class Meta:
        model = Classroom
        fields = [
            "id",
            "school",
            "name",
            "grade",
            "school_year",
            "language",
            "pupil_count",
        ]
        # The service checks uniqueness with a message a teacher understands.
        validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["school"].queryset = selectors.schools_for_user(request.user)


class PupilSerializer(serializers.ModelSerializer):
    classroom = serializers.PrimaryKeyRelatedField(read_only=True)
    has_code = serializers.SerializerMethodField()

    class Meta:
        model = Pupil
        fields = ["id", "classroom", "pseudonym", "has_code"]

    def get_has_code(self, pupil) -> bool:
        return pupil.code_hash is not None


class PupilsAddSerializer(serializers.Serializer):
    pseudonyms = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, max_length=100
    )
    generate = serializers.IntegerField(required=False, min_value=1, max_value=60)

    def validate(self, attrs):
        if bool(attrs.get("pseudonyms")) == bool(attrs.get("generate")):
            raise serializers.ValidationError(
                "Give either a list of pseudonyms or a number of pupils to generate."
            )
        return attrs


class SchoolViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SchoolSerializer
    permission_classes = [IsSchoolStaff]

    def get_queryset(self):
        return selectors.schools_for_user(self.request.user).order_by("name")


class ClassroomViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ClassroomSerializer
    permission_classes = [IsSchoolStaff]

    def get_queryset(self):
        return selectors.classrooms_for_user(self.request.user).prefetch_related(
            "pupils"
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.classroom_create(by=self.request.user, **data)

    @extend_schema(request=PupilsAddSerializer, responses=PupilSerializer(many=True))
    @action(detail=True, methods=["post"])
    def pupils(self, request, pk=None):
        """Adds pupils to the class: a list of pseudonyms, or N generated ones."""
        classroom = self.get_object()
        payload = PupilsAddSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        if payload.validated_data.get("generate"):
            added = services.pupils_generate(
                by=request.user,
                classroom=classroom,
                count=payload.validated_data["generate"],
            )
        else:
            added = services.pupils_add(
                by=request.user,
                classroom=classroom,
                pseudonyms_text="\n".join(payload.validated_data["pseudonyms"]),
            )
        return Response(
            PupilSerializer(added, many=True).data, status=status.HTTP_201_CREATED
        )


class PupilViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = PupilSerializer
    permission_classes = [IsSchoolStaff]

    def get_queryset(self):
        queryset = selectors.pupils_for_user(self.request.user)
        classroom = self.request.query_params.get("classroom")
        if classroom is not None:
            if not classroom.isdigit():
                raise serializers.ValidationError({"classroom": "Give a class id."})
            queryset = queryset.filter(classroom_id=int(classroom))
        return queryset

    def perform_destroy(self, instance):
        services.pupil_remove(by=self.request.user, pupil=instance)

    @extend_schema(request=None, responses={200: {"type": "object"}})
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Moves the pupil to the class given as ``classroom`` (same school only)."""
        pupil = self.get_object()
        target_id = request.data.get("classroom")
        if not str(target_id).isdigit():
            raise serializers.ValidationError({"classroom": "Give a class id."})
        target = get_object_or_404(
            selectors.classrooms_for_user(request.user), pk=target_id
        )
        try:
            services.pupil_move(by=request.user, pupil=pupil, to=target)
        except ValidationError as exc:
            raise serializers.ValidationError({"classroom": exc.messages}) from None
        return Response(PupilSerializer(pupil).data)


def register(router) -> None:
    router.register("schools", SchoolViewSet, basename="school")
    router.register("classrooms", ClassroomViewSet, basename="classroom")
    router.register("pupils", PupilViewSet, basename="pupil")
