"""Forms of the polling-station pages. They read what the commission typed; the
rules a protocol must keep live in ``services.protocol_rules``.

A protocol's vote fields depend on the contest: one number per candidate, per
list and per candidate on a list, ``yes`` and ``no``, or, for rankings, a text
of sorted piles (``12: Anna, Bartek``), one pile per line.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from simulations.services.polling import input_kind_of
from simulations.services.protocol_rules import FIGURES, Pile, ProtocolFigures

FIGURE_LABELS = {
    "eligible": _("Voters entitled to vote"),
    "issued": _("Ballots issued to voters"),
    "in_box": _("Ballots found in the ballot box"),
    "invalid": _("Invalid ballots"),
    "blank": _("Blank ballots (no mark at all)"),
    "valid": _("Valid votes"),
}
FIGURE_HELP = {
    "eligible": _("Pupils on the station's list of voters."),
    "in_box": _("If it differs from the ballots issued, explain why in the remarks."),
    "valid": _("Valid, invalid and blank ballots add up to the ballots in the box."),
}


def _number(label, help_text=""):
    return forms.IntegerField(
        label=label,
        initial=0,
        help_text=help_text,
        error_messages={"required": _("Write 0 if there are none.")},
        widget=forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
    )


class ProtocolForm(forms.Form):
    """One station's protocol in one contest. ``stations`` are the classes that
    vote in the contest; None when correcting (the station stays)."""

    station = forms.ModelChoiceField(
        label=_("Class"),
        queryset=None,
        required=False,
        empty_label=_("Another polling station (name it below)"),
    )
    station_name = forms.CharField(
        label=_("Name of the polling station"),
        required=False,
        max_length=120,
        help_text=_("Only for a station that is not a class, e.g. “Gym”."),
    )
    note = forms.CharField(
        label=_("Remarks of the commission"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the ballots in the box differ from those issued."),
    )

    def __init__(self, *args, contest, stations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.contest = contest
        self.kind = input_kind_of(contest)
        if stations is None:
            del self.fields["station"], self.fields["station_name"]
        else:
            self.fields["station"].queryset = stations
        for name in FIGURES:
            self.fields[name] = _number(FIGURE_LABELS[name], FIGURE_HELP.get(name, ""))
        self.fields["note"] = self.fields.pop("note")
        self.options = list(contest.options.all())
        self._add_vote_fields()

    # Vote fields -------------------------------------------------------------------

    def _add_vote_fields(self):
        if self.kind == "piles":
            self.fields["piles"] = forms.CharField(
                label=_("Sorted ballots"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 8}),
                help_text=_(
                    "One pile of identical ballots a line: how many, a colon, then "
                    "the names as marked (in order of preference for a ranking), "
                    "e.g. “12: Anna, Bartek”."
                ),
            )
        elif self.kind == "answer":
            self.fields["option-yes"] = _number(_("Votes “yes”"))
            self.fields["option-no"] = _number(_("Votes “no”"))
        else:
            for option in self.options:
                self.fields[f"option-{option.pk}"] = _number(self._label(option))

    def _label(self, option):
        if self.kind == "list" and option.party_list_id is None:
            return _("Votes for the list as a whole")
        return option.name

    def figure_fields(self):
        return [self[name] for name in FIGURES]

    def vote_groups(self):
        """Returns the vote fields to show: ``(legend, fields)`` pairs, a list
        and its candidates together."""
        if self.kind == "piles":
            return [(None, [self["piles"]])]
        if self.kind == "answer":
            return [(None, [self["option-yes"], self["option-no"]])]
        if self.kind != "list":
            return [(None, [self[f"option-{o.pk}"] for o in self.options])]
        lists = [o for o in self.options if o.party_list_id is None]
        return [
            (
                party_list.name,
                [self[f"option-{party_list.pk}"]]
                + [
                    self[f"option-{o.pk}"]
                    for o in self.options
                    if o.party_list_id == party_list.pk
                ],
            )
            for party_list in lists
        ]

    # Reading -------------------------------------------------------------------------

    def clean_piles(self):
        text = self.cleaned_data.get("piles", "")
        names = {o.name.casefold(): o.pk for o in self.options if not o.party_list_id}
        piles, errors = [], []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            count, colon, rest = line.partition(":")
            if not colon or not count.strip().isdigit():
                errors.append(
                    _(
                        "Line %(line)d: write how many ballots, a colon, then the "
                        "names, e.g. “12: Anna, Bartek”."
                    )
                    % {"line": number}
                )
                continue
            choices = []
            for name in (part.strip() for part in rest.split(",")):
                if name.casefold() not in names:
                    errors.append(
                        _("Line %(line)d: “%(name)s” is not on this ballot.")
                        % {"line": number, "name": name}
                    )
                    break
                choices.append(names[name.casefold()])
            else:
                piles.append(Pile(tuple(choices), int(count)))
        if errors:
            raise forms.ValidationError(errors)
        return piles

    def clean(self):
        data = super().clean()
        both = data.get("station") and data.get("station_name", "").strip()
        if "station" in self.fields and not self.errors and both:
            self.add_error(
                "station_name", _("Choose a class or name a station, not both.")
            )
        return data

    def figures(self) -> ProtocolFigures:
        """Returns what was typed as protocol figures (call after is_valid)."""
        data = self.cleaned_data
        votes = {
            self._vote_key(name): value
            for name, value in data.items()
            if name.startswith("option-")
        }
        return ProtocolFigures(
            **{name: data[name] for name in FIGURES},
            votes=votes,
            piles=data.get("piles", []),
            note=data.get("note", ""),
        )

    @staticmethod
    def _vote_key(name: str):
        key = name.removeprefix("option-")
        return int(key) if key.isdigit() else key

    def add_service_error(self, error) -> None:
        """Puts a service's errors on their fields; the sums of votes go above
        the votes."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            self.add_error(name if name in self.fields else None, errors)


def protocol_initial(protocol) -> dict:
    """Returns a saved protocol's figures as the form's initial values."""
    initial = {name: getattr(protocol, name) for name in FIGURES}
    initial["note"] = protocol.note
    initial.update({f"option-{key}": value for key, value in protocol.votes.items()})
    if protocol.piles:
        names = dict(protocol.contest.options.values_list("pk", "name"))
        initial["piles"] = "\n".join(
            f"{pile['count']}: " + ", ".join(names.get(c, "?") for c in pile["choices"])
            for pile in protocol.piles
        )
    return initial
