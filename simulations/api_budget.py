"""REST endpoints for participatory budgets: the budgets a user runs with their
proposals, and the count by every rule side by side once voting has closed.

Every queryset starts from ``budgets_managed_by``, so another school's budget is
a 404. Pupils have no API here: they propose and vote on the pages.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from school_councils.api import IsSchoolStaff
from simulations.api import NotYet
from simulations.models import Budget, Proposal
from simulations.services import budget as services
from simulations.voting.base import jsonable


class ProposalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Proposal
        fields = [
            "id",
            "title",
            "description",
            "cost",
            "status",
            "reason",
            "external_id",
            "officially_selected",
        ]


class BudgetSerializer(serializers.ModelSerializer):
    phase = serializers.SerializerMethodField()
    proposals = ProposalSerializer(many=True, read_only=True)

    class Meta:
        model = Budget
        fields = [
            "id",
            "school",
            "name",
            "amount",
            "rule",
            "mode",
            "phase",
            "proposals",
        ]

    def get_phase(self, budget) -> str:
        return services.budget_phase(budget)


class RuleOutcomeSerializer(serializers.Serializer):
    rule = serializers.CharField()
    funded = serializers.ListField(child=serializers.IntegerField())
    spent = serializers.IntegerField()
    left = serializers.IntegerField()
    voters = serializers.IntegerField()
    voters_with_funded_project = serializers.IntegerField()
    steps = serializers.ListField(child=serializers.DictField())


class BudgetViewSet(viewsets.ReadOnlyModelViewSet):
    """Budgets the user runs, newest first, with their proposals."""

    serializer_class = BudgetSerializer
    permission_classes = [IsSchoolStaff]

    def get_queryset(self):
        return (
            services.budgets_managed_by(self.request.user)
            .prefetch_related("proposals")
            .order_by("-created_at")
        )

    @extend_schema(responses=RuleOutcomeSerializer(many=True))
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        """Each rule's funded proposals (ids, in order of funding), the money spent
        and the voters with a funded pick; 409 until voting has closed."""
        budget = self.get_object()
        if not services.results_visible(budget, request.user):
            raise NotYet(
                _("The results of a secret vote exist only after voting closes.")
            )
        comparison = services.budget_results_cached(budget)
        data = [
            {
                "rule": outcome.rule,
                "funded": [int(name) for name in outcome.funded],
                "spent": int(outcome.spent),
                "left": int(outcome.left),
                "voters": outcome.voters,
                "voters_with_funded_project": outcome.satisfied,
                "steps": jsonable(outcome.result.steps) if outcome.result else [],
            }
            for outcome in comparison.outcomes
        ]
        return Response(RuleOutcomeSerializer(data, many=True).data)


def register(router) -> None:
    router.register("budgets", BudgetViewSet, basename="budget")
