"""Forms of the sitting pages: the shape of the input; the procedure's rules
are in the services."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simulations.models import MajorityChoice, VoteChoice, VoteKind


class SittingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    scheduled_for = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    speaking_limit = forms.IntegerField(
        label=_("Speaking time (seconds)"),
        min_value=30,
        max_value=900,
        initial=180,
        help_text=_("How long a member may speak when given the floor."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheduled_for"].initial = timezone.localdate()


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=200)


class MotionForm(forms.Form):
    title = forms.CharField(label=_("Title of the draft resolution"), max_length=200)
    text = forms.CharField(
        label=_("Text"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )
    majority = forms.ChoiceField(
        label=_("Majority needed"),
        choices=MajorityChoice.choices,
        initial=MajorityChoice.SIMPLE,
    )


class AmendmentForm(forms.Form):
    motion = forms.IntegerField(widget=forms.HiddenInput)
    old_text = forms.CharField(
        label=_("Words to replace"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Copied exactly from the motion. Leave empty to add a paragraph."),
    )
    new_text = forms.CharField(
        label=_("New words"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class VoteOpenForm(forms.Form):
    motion = forms.IntegerField(required=False, widget=forms.HiddenInput)
    amendment = forms.IntegerField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("Kind of vote"), choices=VoteKind.choices, initial=VoteKind.OPEN
    )


class BallotForm(forms.Form):
    vote = forms.IntegerField(widget=forms.HiddenInput)
    choice = forms.ChoiceField(choices=VoteChoice.choices, widget=forms.RadioSelect)
