"""Every translatable string in the code has a Polish and a Ukrainian translation.

The messages are extracted afresh in a copy of the sources, so a string added
without running ``make messages`` (and translating it) fails here.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SOURCES = [
    "manage.py",
    "youth_civics",
    "school_councils",
    "lessons",
    "quizzes",
    "simulations",
    "templates",
    "static",
    "locale",
    "tests/__init__.py",
    "tests/settings.py",
]


def untranslated(po_file: Path) -> list[str]:
    """Returns the msgids that are fuzzy or have an empty translation."""
    problems = []
    for entry in po_file.read_text(encoding="utf-8").split("\n\n")[1:]:
        lines = entry.strip().splitlines()
        msgid = "".join(
            line.split('"', 1)[1].rsplit('"', 1)[0]
            for line in lines
            if line.startswith(("msgid ", '"')) and not line.startswith("msgstr")
        )
        strings = [line for line in lines if line.startswith("msgstr")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        empty = any(line.rstrip().endswith('""') for line in strings) and not any(
            line.startswith('"') for line in lines[lines.index(strings[0]) + 1 :]
        )
        if fuzzy or empty:
            problems.append(msgid)
    return problems


@pytest.mark.slow
def test_every_string_in_the_code_is_translated(tmp_path):
    for name in SOURCES:
        source = REPO / name
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(
                source, target, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(source, target)
    env = {
        **os.environ,
        "DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "youth_civics.settings",
    }
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "pl",
            "-l",
            "uk",
            "--no-obsolete",
            "--ignore=static/*",
        ],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    for language in ("pl", "uk"):
        missing = untranslated(
            tmp_path / "locale" / language / "LC_MESSAGES" / "django.po"
        )
        assert not missing, (
            f"{language}: translate these (make messages): {missing[:20]}"
        )
