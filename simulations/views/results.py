"""Results: for the teacher once voting closes, for everyone once published.

A published election has a public page under its random ``public_id``: the
numbers, the winners, every step of the count, bar charts with the same numbers
in tables, the results by class, and the ballot list by tracker, where a voter
finds their own ballot and sees that it was counted as cast.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from school_councils.views.access import staff_page
from simulations import selectors, services
from simulations.forms import TrackerForm
from simulations.models import BallotRecord, ElectionState, Option
from simulations.views.display import contest_view, describe_ballot, prepare_steps
from youth_civics import codes

BALLOTS_PER_PAGE = 500


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
    stations = services.station_tally(election=election).by_contest
    contests = list(election.contests.all())
    context = {
        "election": election,
        "public": public,
        "turnout": selectors.election_turnout(election),
        "contests": [
            contest_view(contest, count, stations.get(contest.pk, []))
            for contest, count in zip(contests, tally.contests, strict=True)
        ],
        "combined": _combined(tally),
        "problem": tally.problem,
        "published": election.state == ElectionState.PUBLISHED,
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
    return data


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
