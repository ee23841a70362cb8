"""Budgets built through the services, as a teacher and pupils would."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from school_councils import services as school_services
from simulations.models import BallotAccess, BudgetRule
from simulations.services import budget as services


def new_budget(world, *, rule=BudgetRule.POINTS, access=BallotAccess.CODES, **fields):
    """A pupils' budget of 100 zł for the world's class, collecting proposals."""
    return services.budget_create(
        by=world.teacher,
        school=world.school,
        name=fields.pop("name", "Budżet klasy 7b"),
        amount=fields.pop("amount", 100),
        rule=rule,
        classrooms=[world.classroom],
        access=access,
        **fields,
    )


# The hand-built example of the tests and the docs: four projects for 100 zł.
PROJECTS = [("Boisko", 60), ("Ławki", 30), ("Kwiaty", 20), ("Drukarka", 40)]


def propose(world, budget, projects=PROJECTS, *, check=True):
    """Pupils submit ``projects`` (title, cost); the teacher finds each eligible.
    Returns the proposals by title."""
    proposals = {}
    for number, (title, cost) in enumerate(projects):
        pupil = world.pupils[number % len(world.pupils)]
        proposal = services.proposal_submit(
            by=pupil.user, budget=budget, title=title, description="", cost=cost
        )
        if check:
            services.proposal_check(by=world.teacher, proposal=proposal, eligible=True)
        proposals[title] = proposal
    return proposals


def open_budget(world, **options):
    """A budget with the example's four projects, open for voting."""
    budget = new_budget(world, **options)
    proposals = propose(world, budget)
    budget = services.budget_voting_open(by=world.teacher, budget=budget)
    return budget, proposals


def codes_for(world, budget):
    issued = services.budget_codes_issue(
        by=world.teacher, budget=budget, classroom=world.classroom
    )
    return [item.code for item in issued]


def more_pupils(world, count):
    """Adds ``count`` pupils to the world's class and returns them all."""
    school_services.pupils_generate(
        by=world.teacher, classroom=world.classroom, count=count
    )
    return list(world.classroom.pupils.all())


def past(minutes=5):
    return timezone.now() - timedelta(minutes=minutes)


def future(minutes=60):
    return timezone.now() + timedelta(minutes=minutes)
