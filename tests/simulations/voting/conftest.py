"""Locates the real published results the voting methods are checked against.

The data lives in ``shared/data`` beside the repository (or where
``YOUTH_CIVICS_SHARED_DATA`` points). A missing folder fails the tests loudly: they
are the proof that the methods reproduce official results.
"""

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


def shared_data_dir() -> Path:
    configured = os.environ.get("YOUTH_CIVICS_SHARED_DATA")
    path = Path(configured) if configured else REPO.parent / "shared" / "data"
    if not path.is_dir():
        raise FileNotFoundError(
            f"real results not found at {path}; set YOUTH_CIVICS_SHARED_DATA"
        )
    return path


@pytest.fixture(scope="session")
def shared_data() -> Path:
    return shared_data_dir()
