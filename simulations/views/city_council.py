"""The city youth council across schools: for its city coordinator, each
school's candidates, turnout and representative; for a school's staff, their
own school's part only.

The election is found through ``elections_managed_by`` (city coordinators), a
school's part through ``city_council_parts_for`` (the user's schools), so
another school's part is a 404.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from school_councils.models import Classroom, Pupil
from school_councils.views.access import city_page, staff_page
from simulations import selectors, services
from simulations.models import ElectionKind, ElectionState

RESULTS_STATES = (ElectionState.CLOSED, ElectionState.PUBLISHED)
# Rows of the turnout chart, in SVG units.
ROW_HEIGHT = 28


def _election(request, pk):
    return get_object_or_404(selectors.elections_managed_by(request.user), pk=pk)


def _city_election(request, pk):
    election = _election(request, pk)
    if election.kind != ElectionKind.CITY_YOUTH_COUNCIL:
        raise Http404
    return election


def _school_rows(election, contests, *, show_results):
    """Per school: its contest, candidates, eligible pupils, voters and, once
    allowed, its representative."""
    turnout = selectors.election_turnout(election)
    school_of = dict(
        Classroom.objects.filter(pk__in=list(turnout.by_classroom)).values_list(
            "pk", "school_id"
        )
    )
    winners = _winners(election) if show_results else {}
    rows = []
    for contest in contests:
        schools = [r.school for r in contest.electorate.all() if r.school_id]
        school = schools[0] if schools else None
        voted = sum(
            n
            for classroom, n in turnout.by_classroom.items()
            if school and school_of.get(classroom) == school.pk
        )
        eligible = Pupil.objects.filter(classroom__school=school).count()
        rows.append(
            {
                "contest": contest,
                "school": school,
                "candidates": [o.name for o in contest.options.all()],
                "eligible": eligible,
                "voted": voted,
                "percent": round(100 * voted / eligible) if eligible else 0,
                "representative": winners.get(contest.pk),
            }
        )
    for index, row in enumerate(rows):
        # Coordinates of the turnout chart: whole numbers, a row per school.
        row.update(
            bar_y=index * ROW_HEIGHT + 4,
            text_y=index * ROW_HEIGHT + 19,
            bar_width=round(3 * min(row["percent"], 100)),
        )
    return rows


def _winners(election):
    tally = services.election_tally(election=election)
    contests = list(election.contests.all())
    return {
        contest.pk: ", ".join(count.result.winners) if count.result else None
        for contest, count in zip(contests, tally.contests, strict=True)
    }


@city_page
def city_council_schools(request, pk):
    """The city youth council for its coordinator: each school's candidates and
    turnout (with a chart), and once voting closes each school's representative."""
    election = _city_election(request, pk)
    contests = election.contests.prefetch_related("options", "electorate__school")
    rows = _school_rows(
        election, contests, show_results=election.state in RESULTS_STATES
    )
    return render(
        request,
        "simulations/setup/city_schools.html",
        {
            "election": election,
            "rows": rows,
            "chart_height": max(1, len(rows)) * ROW_HEIGHT,
            "closed": election.state in RESULTS_STATES,
        },
    )


@staff_page
def city_council_list(request):
    """The city youth councils the user's schools take part in, each with the
    user's school's part (every part for a city coordinator)."""
    parts = (
        selectors.city_council_parts_for(request.user)
        .select_related("election")
        .order_by("-election__created_at", "position")
    )
    return render(request, "simulations/setup/city_list.html", {"parts": parts})


@staff_page
def city_council_part(request, pk):
    """One school's part of the city youth council, for that school's staff: its
    candidates and pending candidacies, its turnout, and once the results are
    published its representative."""
    contest = get_object_or_404(
        selectors.city_council_parts_for(request.user).select_related("election"),
        pk=pk,
    )
    election = contest.election
    manages = selectors.user_manages(request.user, election)
    show = election.state == ElectionState.PUBLISHED or (
        election.state in RESULTS_STATES and manages
    )
    (row,) = _school_rows(election, [contest], show_results=show)
    return render(
        request,
        "simulations/setup/city_part.html",
        {
            "election": election,
            "row": row,
            "manages": manages,
            "candidacies": contest.candidacies.select_related("pupil__classroom"),
        },
    )
