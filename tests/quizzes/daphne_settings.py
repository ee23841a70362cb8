"""Settings of the Daphne processes in the multi-process quiz tests: the test
settings, with the channel layer under a prefix shared by the processes of one
test only (``QUIZ_TEST_CHANNEL_PREFIX``)."""

import os

from tests.quizzes.layers import channel_layers
from tests.settings import *  # noqa: F403
from tests.settings import REDIS_URL

CHANNEL_LAYERS = channel_layers(
    REDIS_URL, os.environ.get("QUIZ_TEST_CHANNEL_PREFIX", "asgi")
)
