"""The official result of a real election, imported to compare a mock one with.

A mock Sejm election is played in one or more real constituencies; the teacher
imports the PKW's results file and each contest keeps the real figures of its
constituency: the valid votes, the votes per committee and the seats each
committee really won there (under the national thresholds).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from simulations.models.elections import Contest


class RealResult(models.Model):
    contest = models.OneToOneField(
        Contest, on_delete=models.CASCADE, related_name="real_result"
    )
    source = models.CharField(_("source file"), max_length=200)
    valid_votes = models.PositiveIntegerField(_("valid votes"))
    # Committee name (as the PKW writes it) -> votes, seats, short name.
    votes = models.JSONField(default=dict)
    seats = models.JSONField(default=dict)
    short_names = models.JSONField(default=dict)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("real result")
        verbose_name_plural = _("real results")

    def __str__(self) -> str:
        return f"{self.contest} ({self.source})"
