from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lessons.models import GradeBand
from lessons.selectors import LessonFilters

DURATION_CHOICES = [
    ("", _("Any length")),
    ("short", _("Up to 30 minutes")),
    ("one", _("One lesson (31-45 minutes)")),
    ("long", _("Longer than 45 minutes")),
]


class LessonFilterForm(forms.Form):
    """The filters of the lessons index and the search page (all optional)."""

    q = forms.CharField(
        label=_("Words to search for"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    grade_band = forms.ChoiceField(
        label=_("Grades"),
        required=False,
        choices=[("", _("All grades")), *GradeBand.choices],
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    curriculum_point = forms.TypedChoiceField(
        label=_("Core-curriculum requirement"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    duration = forms.ChoiceField(
        label=_("Length"), required=False, choices=DURATION_CHOICES
    )
    language = forms.ChoiceField(
        label=_("Language of the lesson"),
        required=False,
        choices=settings.LANGUAGES,
    )

    def __init__(self, *args, topics=(), points=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [
            ("", _("All topics")),
            *[(topic.slug, topic.name) for topic in topics],
        ]
        self.fields["curriculum_point"].choices = [
            ("", _("Any requirement")),
            *[(point.pk, str(point)) for point in points],
        ]

    def filters(self) -> LessonFilters:
        """Returns the chosen filters; an invalid form filters nothing."""
        if not self.is_valid():
            return LessonFilters()
        data = self.cleaned_data
        return LessonFilters(
            grade_band=data["grade_band"],
            topic=data["topic"],
            curriculum_point=data["curriculum_point"],
            duration=data["duration"],
        )


class AssignForm(forms.Form):
    """Which of the teacher's classes get the lesson, when, and a note for them."""

    classrooms = forms.TypedMultipleChoiceField(
        label=_("Classes"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one class.")},
    )
    date = forms.DateField(
        label=_("Date of the lesson (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(
        label=_("Note for the class (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, classrooms=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["classrooms"].choices = [
            (classroom.pk, str(classroom)) for classroom in classrooms
        ]

    def posted_classroom_ids(self) -> set[int]:
        """Returns every class id posted, valid choice or not, so a class of
        another school can be answered with 404 rather than a form error."""
        ids = set()
        for value in self.data.getlist("classrooms"):
            try:
                ids.add(int(value))
            except (TypeError, ValueError):
                continue
        return ids
