"""Live-quiz tests read messages in English, the language the source is in."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def sent(monkeypatch):
    """Records the events the services send, as (group, event) pairs, sending them
    at once instead of after commit (tests run inside one transaction)."""
    from quizzes import events

    log = []
    monkeypatch.setattr(
        events, "_after_commit", lambda group, event: log.append((group, event))
    )
    return log


def types(sent, group_suffix=""):
    """The types of the recorded events, in order."""
    return [event["type"] for group, event in sent if group.endswith(group_suffix)]
