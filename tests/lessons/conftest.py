"""Uploaded files of the lessons tests go to a temporary folder; the factories are
in ``tests.lessons.factories``."""

import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded images and documents go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
