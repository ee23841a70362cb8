"""Settings read the environment through typed helpers that fail clearly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from youth_civics import env

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def environ(monkeypatch):
    def set_(**values):
        for key, value in values.items():
            monkeypatch.setenv(key, value)

    return set_


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("yes", True), ("OFF", False)]
)
def test_booleans_accept_the_usual_words(environ, raw, expected):
    environ(FLAG=raw)
    assert env.env_bool("FLAG", not expected) is expected


def test_a_bad_boolean_names_the_variable(environ):
    environ(FLAG="maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG='maybe' is not a boolean"):
        env.env_bool("FLAG", False)


def test_a_bad_number_names_the_variable(environ):
    environ(EMAIL_PORT="twenty-five")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT"):
        env.env_int("EMAIL_PORT", 587)


def test_a_number_below_its_minimum_is_refused(environ):
    environ(EMAIL_PORT="0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env.env_int("EMAIL_PORT", 587, minimum=1)


def test_lists_are_split_on_commas_and_blank_items_dropped(environ):
    environ(ALLOWED_HOSTS="a.example, b.example,,")
    assert env.env_list("ALLOWED_HOSTS", []) == ["a.example", "b.example"]


def test_relative_media_root_is_refused(environ):
    environ(MEDIA_ROOT="media")
    with pytest.raises(ImproperlyConfigured, match="absolute path"):
        env.env_path("MEDIA_ROOT", Path("/srv/media"))


def test_postgres_urls_become_postgres_settings(environ):
    environ(DATABASE_URL="postgres://u:p@db.example:5433/civics")
    config = env.env_database("DATABASE_URL", "sqlite:///x.sqlite3")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == (
        "db.example",
        5433,
        "civics",
    )
    # A bounded pool, not persistent per-thread connections, under ASGI.
    assert config["CONN_MAX_AGE"] == 0
    assert config["OPTIONS"]["pool"]["max_size"] == 10


def test_unsupported_databases_are_refused(environ):
    environ(DATABASE_URL="mysql://u:p@localhost/civics")
    with pytest.raises(ImproperlyConfigured, match="PostgreSQL"):
        env.env_database("DATABASE_URL", "sqlite:///x.sqlite3")


def test_redis_url_must_have_a_redis_scheme(environ):
    environ(REDIS_URL="http://localhost:6379")
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        env.env_redis_url("REDIS_URL")


def run_settings(**variables) -> subprocess.CompletedProcess:
    """Imports the settings in a fresh interpreter with only these variables set."""
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    return subprocess.run(
        [sys.executable, "-c", "import youth_civics.settings"],
        cwd=REPO,
        env={**clean, **variables},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_secret_key_is_required_when_debug_is_off():
    result = run_settings(DEBUG="false")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_a_bad_value_stops_the_start_with_its_name():
    result = run_settings(DEBUG="true", SESSION_COOKIE_AGE="soon")
    assert result.returncode != 0
    assert "SESSION_COOKIE_AGE='soon' is not a whole number" in result.stderr


def test_the_default_settings_import_with_debug_on():
    assert run_settings(DEBUG="true").returncode == 0
