"""Forms of the people pages. They check the shape of the input; the rules about who
may do what and what is allowed live in the services."""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from school_councils import selectors, services
from school_councils.models import MAX_GRADE, Classroom, Pupil, School, StaffRole

CODE_EXAMPLE = "7KQ2M-X9D4R-THB3P"
PASTE_MAX = 5000


def current_school_year(today: datetime.date | None = None) -> int:
    """Returns the year the current school year started; it starts in September."""
    today = today or timezone.localdate()
    return today.year if today.month >= 9 else today.year - 1


class SignInForm(forms.Form):
    code = forms.CharField(
        label=_("Your sign-in code"),
        max_length=40,
        error_messages={"required": _("Type the code from your card.")},
        widget=forms.TextInput(
            attrs={
                "class": "code",
                "autocomplete": "off",
                "autocapitalize": "characters",
                "autocorrect": "off",
                "spellcheck": "false",
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Interpolated per request, so the text follows the visitor's language.
        self.fields["code"].help_text = _(
            "The code on your card, for example %(example)s. Small letters and "
            "missing dashes are fine."
        ) % {"example": CODE_EXAMPLE}


class ClassroomForm(forms.Form):
    school = forms.ModelChoiceField(
        label=_("School"), queryset=School.objects.none(), empty_label=None
    )
    name = forms.CharField(
        label=_("Name of the class"),
        max_length=Classroom._meta.get_field("name").max_length,
        help_text=_('For example "7b".'),
    )
    grade = forms.IntegerField(
        label=_("Grade"),
        min_value=1,
        max_value=max(MAX_GRADE.values()),
        help_text=_("1 to 8 in a primary school, 1 to 5 in a secondary school."),
        error_messages={"invalid": _("Give the grade as a number, for example 7.")},
    )
    school_year = forms.IntegerField(
        label=_("School year starts in"),
        min_value=2000,
        max_value=2100,
        error_messages={"invalid": _("Give the year as a number, for example 2026.")},
    )
    language = forms.ChoiceField(
        label=_("Language of the class"),
        choices=settings.LANGUAGES,
        help_text=_(
            "Pupils see their pages, generated pseudonyms and cards in this language."
        ),
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        year = current_school_year()
        school_year = self.fields["school_year"]
        school_year.initial = year
        school_year.help_text = _(
            "The year in which the school year begins: %(year)d for %(year)d/%(next)d."
        ) % {"year": year, "next": year + 1}
        self.fields["school"].queryset = schools
        if schools.count() == 1:
            self.fields["school"].initial = schools.get()
            self.fields["school"].widget = forms.HiddenInput()


class PseudonymsForm(forms.Form):
    pseudonyms = forms.CharField(
        label=_("Pseudonyms, one per line"),
        max_length=PASTE_MAX,
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": _("Paste at least one pseudonym, one per line.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pseudonyms"].help_text = _(
            "Nicknames the pupils will recognise, never their real names; at most "
            "%(max)d characters each."
        ) % {"max": services.PSEUDONYM_MAX}


class GenerateForm(forms.Form):
    count = forms.IntegerField(
        label=_("Number of pupils"),
        min_value=1,
        max_value=services.MAX_PUPILS_PER_CLASS,
        help_text=_("Each gets a friendly pseudonym in the class's language."),
        error_messages={"invalid": _("Give a number, for example 25.")},
    )


class PupilMoveForm(forms.Form):
    to = forms.ModelChoiceField(
        label=_("Move to class"),
        queryset=Classroom.objects.none(),
        error_messages={
            "invalid_choice": _("Choose one of the classes of this school."),
        },
    )

    def __init__(self, *args, classrooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = classrooms


class PupilChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, pupil: Pupil) -> str:
        if pupil.code_hash is None:
            return _("%(name)s (no card yet)") % {"name": pupil.pseudonym}
        return pupil.pseudonym


class CardsForm(forms.Form):
    ALL = "all"
    WITHOUT_CARD = "without_card"
    SELECTED = "selected"

    which = forms.ChoiceField(
        label=_("Print cards for"),
        widget=forms.RadioSelect,
        initial=ALL,
        choices=[
            (ALL, _("All pupils of the class")),
            (WITHOUT_CARD, _("Only pupils who have no card yet")),
            (SELECTED, _("Only the pupils chosen below")),
        ],
    )
    pupils = PupilChoiceField(
        label=_("Pupils"),
        queryset=Pupil.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, classroom: Classroom, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pupils"].queryset = classroom.pupils.all()

    def clean(self):
        cleaned = super().clean()
        which = cleaned.get("which")
        pupils = self.fields["pupils"].queryset
        if which == self.ALL:
            cleaned["chosen"] = list(pupils)
            if not cleaned["chosen"]:
                self.add_error("which", _("The class has no pupils yet."))
        elif which == self.WITHOUT_CARD:
            cleaned["chosen"] = list(pupils.filter(code_hash__isnull=True))
            if not cleaned["chosen"]:
                self.add_error("which", _("Every pupil of the class has a card."))
        elif which == self.SELECTED:
            cleaned["chosen"] = list(cleaned.get("pupils") or [])
            if not cleaned["chosen"]:
                self.add_error("pupils", _("Choose at least one pupil."))
        return cleaned


class StaffChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user) -> str:
        name = user.get_full_name() or user.username
        return f"{name} ({user.email})" if user.email else name


class ClassroomTeachersForm(forms.Form):
    teachers = StaffChoiceField(
        label=_("Teachers of this class"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, classroom: Classroom, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teachers"].queryset = selectors.staff_users_of(classroom.school)
        self.fields["teachers"].initial = list(classroom.teachers.all())


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The invitation link is sent there; it works once."),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=StaffRole.choices,
        initial=StaffRole.TEACHER,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, may_invite_coordinators: bool, **kwargs):
        super().__init__(*args, **kwargs)
        # Only city coordinators appoint school coordinators; others invite teachers.
        if not may_invite_coordinators:
            del self.fields["role"]


class InvitationSignUpForm(UserCreationForm):
    """A new staff account: user name, e-mail and the password twice, checked by the
    site's password validators. Saved by the invitation service, not by the form."""

    email = forms.EmailField(label=_("E-mail address"))

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")
