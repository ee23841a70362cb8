"""Results: for the teacher once voting closes, for everyone once published.

A published election has a public page under its random ``public_id``: the
numbers, the winners, every step of the count, bar charts with the same numbers
in tables, the results by class, and the ballot list by tracker, where a voter
finds their own ballot and sees that it was counted as cast.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from school_councils.views.access import staff_page
from simulations import pdf, selectors, services
from simulations.forms import TrackerForm
from simulations.models import BallotRecord, ElectionState, Option, RealResult
from simulations.services import comparison, exports, levels
from simulations.views.charts import hemicycle
from simulations.views.display import (
    comparison_view,
    contest_view,
    describe_ballot,
    level_view,
    prepare_steps,
    turnout_view,
    whatif_view,
)
from youth_civics import codes

BALLOTS_PER_PAGE = 500


class RealResultForm(forms.Form):
    file = forms.FileField(
        label=_lazy("The PKW's results by constituency (CSV)"),
        help_text=_lazy(
            "The votes for the lists by constituency, as the PKW publishes them on "
            "wybory.gov.pl, with every constituency: the thresholds are counted on "
            "the whole country."
        ),
    )


def results_public(request, public_id):
    """The published results of an election, for anyone with the link."""
    election = get_object_or_404(selectors.published_elections(), public_id=public_id)
    return _results(request, election, public=True)


@staff_page
def election_results(request, pk):
    """The results for the people running the election, from the moment it
    closes (before that, nobody sees a count, only the turnout)."""
    election = get_object_or_404(selectors.elections_managed_by(request.user), pk=pk)
    if election.state not in (ElectionState.CLOSED, ElectionState.PUBLISHED):
        return render(
            request,
            "simulations/results_not_yet.html",
            {"election": election, "turnout": selectors.election_turnout(election)},
        )
    return _results(request, election, public=False)


def _results(request, election, *, public):
    tally = services.election_tally(election=election)
    contests = list(election.contests.all())
    turnout = selectors.election_turnout(election)
    available = levels.available_levels(election)
    level = request.GET.get("level")
    level = level if level in available else available[0]
    context = {
        "election": election,
        "public": public,
        "turnout": turnout,
        "turnout_chart": turnout_view(election, turnout),
        "contests": [
            contest_view(contest, count)
            for contest, count in zip(contests, tally.contests, strict=True)
        ],
        "combined": _combined(tally),
        "problem": tally.problem,
        "published": election.state == ElectionState.PUBLISHED,
        "levels": available,
        "level": level,
        "level_tables": level_view(levels.level_tally(election=election, level=level)),
        "whatifs": [
            whatif_view(whatif, index)
            for index, whatif in enumerate(levels.election_whatif(election=election))
        ],
        "comparisons": _comparisons(election, contests, tally),
    }
    if context["published"]:
        context.update(_ballot_list(request, election))
    return render(request, "simulations/results.html", context)


def _combined(tally):
    if tally.combined is None:
        return None
    data = tally.combined.to_dict()
    data["steps"] = prepare_steps(data["steps"])
    data["seat_rows"] = sorted(data.get("seats", {}).items(), key=lambda kv: -kv[1])
    data["hemicycle"] = hemicycle(data.get("seats", {}))
    return data


def _comparisons(election, contests, tally):
    """The real result beside the pupils' for each constituency that has one."""
    real = {
        r.contest_id: r for r in RealResult.objects.filter(contest__election=election)
    }
    views = []
    for contest, count in zip(contests, tally.contests, strict=True):
        if contest.pk not in real:
            continue
        seats = count.result.seats if count.result else None
        views.append(
            comparison_view(
                comparison.compare(
                    constituency=contest.name,
                    real=real[contest.pk],
                    votes=count.votes,
                    seats=seats,
                ),
                len(views),
            )
        )
    return views


def _ballot_list(request, election):
    """The published ballots in tracker order, a page at a time, and the voter's
    own ballot when they typed its tracker."""
    labels = dict(
        Option.objects.filter(contest__election=election).values_list("pk", "name")
    )
    ballots = selectors.published_ballots(election).select_related("contest")
    form = TrackerForm(request.GET or None)
    found, looked_up = None, False
    if form.is_valid():
        looked_up = True
        tracker = codes.normalise(form.cleaned_data["tracker"])
        found = ballots.filter(tracker=tracker).first()
    page = Paginator(ballots, BALLOTS_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "tracker_form": form,
        "found": _row(found, labels) if found else None,
        "looked_up": looked_up,
        "ballot_page": page,
        "ballot_rows": [_row(ballot, labels) for ballot in page.object_list],
    }


def _row(ballot: BallotRecord, labels) -> dict:
    return {
        "tracker": codes.display(ballot.tracker),
        "contest": ballot.contest.name,
        "ballot": describe_ballot(labels, ballot.status, ballot.choices),
    }


# Files: counts, the protocol and the ballot list ------------------------------------


def _counted_election(request, pk):
    """The staff's election once voting has closed; before that, no file exists
    (a secret vote has no count while it is open)."""
    election = get_object_or_404(selectors.elections_managed_by(request.user), pk=pk)
    if election.state not in (ElectionState.CLOSED, ElectionState.PUBLISHED):
        raise Http404
    return election


def _download(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _filename(election, suffix: str) -> str:
    return f"{slugify(election.title) or 'election'}-{election.pk}{suffix}"


@staff_page
def election_results_csv(request, pk):
    """The counts at one level (``?level=``) as CSV."""
    election = _counted_election(request, pk)
    level = request.GET.get("level", levels.CONTEST)
    if level != levels.CONTEST and level not in levels.available_levels(election):
        raise Http404
    text = exports.counts_csv(election=election, level=level)
    return _download(
        "\ufeff" + text,
        "text/csv; charset=utf-8",
        _filename(election, f"-{level}.csv"),
    )


@staff_page
def election_results_xlsx(request, pk):
    """The counts at every level, a sheet each, as an Excel workbook."""
    election = _counted_election(request, pk)
    sheets = [levels.CONTEST, *levels.available_levels(election)]
    return _download(
        exports.counts_xlsx(election=election, levels=sheets),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _filename(election, ".xlsx"),
    )


@staff_page
def election_results_protocol(request, pk):
    """The results protocol as an A4 PDF for the commission to sign."""
    election = _counted_election(request, pk)
    content = pdf.results_protocol_pdf(
        election=election,
        tally=services.election_tally(election=election),
        turnout=selectors.election_turnout(election),
        printed_at=timezone.localtime(),
    )
    return _download(content, "application/pdf", _filename(election, "-protocol.pdf"))


def results_public_ballots(request, public_id, fmt):
    """The published ballot list as a file, for anyone to count again."""
    election = get_object_or_404(selectors.published_elections(), public_id=public_id)
    if fmt not in ("csv", "json"):
        raise Http404
    if fmt == "json":
        content = exports.ballots_json(election=election)
        content_type = "application/json"
    else:
        content = "\ufeff" + exports.ballots_csv(election=election)
        content_type = "text/csv; charset=utf-8"
    return _download(content, content_type, _filename(election, f"-ballots.{fmt}"))


# The real result (PKW) -------------------------------------------------------------


@staff_page
def election_real_result(request, pk):
    """Imports the PKW's results file to compare a mock Sejm election with the
    real one; a bad file is refused with its line and column."""
    election = get_object_or_404(selectors.elections_managed_by(request.user), pk=pk)
    if not election.kind == "sejm":
        raise Http404
    if request.method == "POST" and "remove" in request.POST:
        comparison.real_result_remove(by=request.user, election=election)
        messages.success(request, _("The imported real result is removed."))
        return redirect("election_real_result", pk=election.pk)
    form = RealResultForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            comparison.real_result_import(
                by=request.user,
                election=election,
                data=upload.read(comparison.MAX_FILE_BYTES + 1),
                source=upload.name,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("The real result is imported."))
            return redirect("election_real_result", pk=election.pk)
    real = RealResult.objects.filter(contest__election=election).select_related(
        "contest"
    )
    return render(
        request,
        "simulations/results_real.html",
        {"election": election, "form": form, "real_results": real},
    )


# The projector ---------------------------------------------------------------------


def results_public_projector(request, public_id, number=1):
    """The published results on a projector: one contest per screen."""
    election = get_object_or_404(selectors.published_elections(), public_id=public_id)
    return _projector(request, election, number, public=True)


@staff_page
def election_results_projector(request, pk, number=1):
    """The same projector view for the staff, once voting has closed."""
    election = _counted_election(request, pk)
    return _projector(request, election, number, public=False)


def _projector(request, election, number, *, public):
    tally = services.election_tally(election=election)
    contests = list(election.contests.all())
    screens = [
        contest_view(contest, count)
        for contest, count in zip(contests, tally.contests, strict=True)
    ]
    combined = _combined(tally)
    total = len(screens) + (1 if combined else 0)
    if not 1 <= number <= total:
        raise Http404
    index = number - 1
    context = {
        "election": election,
        "public": public,
        "number": number,
        "total": total,
        "item": screens[index] if index < len(screens) else None,
        "combined": combined if index >= len(screens) else None,
        "turnout": selectors.election_turnout(election),
    }
    name = "results_public_projector" if public else "election_results_projector"
    key = {"public_id": election.public_id} if public else {"pk": election.pk}
    if number > 1:
        context["previous_url"] = reverse(name, kwargs={**key, "number": number - 1})
    if number < total:
        context["next_url"] = reverse(name, kwargs={**key, "number": number + 1})
    context["first_url"] = reverse(name, kwargs={**key, "number": 1})
    context["last_url"] = reverse(name, kwargs={**key, "number": total})
    return render(request, "simulations/results_projector.html", context)
