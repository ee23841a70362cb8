"""Forms of the council pages: the shape of the input only; the services hold
the rules (who may seat whom, how many seats, one chair)."""

from __future__ import annotations

from fractions import Fraction

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from school_councils import selectors
from school_councils.models import Club, CouncilKind, SeatRole

QUORUM_CHOICES = [
    ("1/2", _("Half of the statutory seats (the law's default)")),
    ("1/3", _("A third of the statutory seats")),
    ("2/3", _("Two thirds of the statutory seats")),
]


class CouncilForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of council"), choices=CouncilKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    school = forms.ModelChoiceField(
        label=_("School"),
        queryset=None,
        required=False,
        help_text=_("For a student council."),
    )
    classroom = forms.ModelChoiceField(
        label=_("Class"),
        queryset=None,
        required=False,
        help_text=_("For a role-play council (mock city council, mock Sejm)."),
    )
    term_number = forms.IntegerField(
        label=_("Term number"), min_value=1, max_value=50, initial=1
    )
    term_start = forms.DateField(
        label=_("Term starts"), widget=forms.DateInput(attrs={"type": "date"})
    )
    term_end = forms.DateField(
        label=_("Term ends"), widget=forms.DateInput(attrs={"type": "date"})
    )
    statutory_seats = forms.IntegerField(
        label=_("Statutory seats"),
        min_value=1,
        max_value=460,
        required=False,
        help_text=_(
            "How many members the statute provides for. A role-play council has the "
            "real body's number (43 or 460) when left empty; give the size of the "
            "class to play it in miniature, with the quorum and majorities counted "
            "against that number."
        ),
    )
    quorum = forms.ChoiceField(label=_("Quorum"), choices=QUORUM_CHOICES)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = selectors.schools_for_user(user)
        self.fields["classroom"].queryset = selectors.classrooms_for_user(user)
        today = timezone.localdate()
        self.fields["term_start"].initial = today
        self.fields["term_end"].initial = today.replace(year=today.year + 1)

    def clean_quorum(self) -> Fraction:
        return Fraction(self.cleaned_data["quorum"])


class SeatForm(forms.Form):
    pupil = forms.ModelChoiceField(label=_("Pupil"), queryset=None)
    role = forms.ChoiceField(
        label=_("Role"), choices=SeatRole.choices, initial=SeatRole.MEMBER
    )
    club = forms.ModelChoiceField(label=_("Club"), queryset=None, required=False)

    def __init__(self, *args, council, pupils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pupil"].queryset = pupils
        self.fields["club"].queryset = Club.objects.filter(council=council)


class SeatEditForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=SeatRole.choices)
    club = forms.ModelChoiceField(label=_("Club"), queryset=None, required=False)

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["club"].queryset = Club.objects.filter(council=council)


class ClubForm(forms.Form):
    name = forms.CharField(label=_("Name of the club"), max_length=100)


class ElectionSeatingForm(forms.Form):
    election = forms.ModelChoiceField(
        label=_("Election"),
        queryset=None,
        help_text=_("A closed election of the same kind; its winners are seated."),
    )

    def __init__(self, *args, elections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["election"].queryset = elections
