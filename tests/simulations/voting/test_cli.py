"""``python -m simulations.voting`` counts JSON, .pb and PKW .csv input."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from simulations.voting import cli

REPO = Path(__file__).resolve().parents[3]


def run(*args, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "simulations.voting", *args],
        cwd=REPO,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_dhondt_from_standard_input_prints_seats_as_json():
    election = {
        "method": "dhondt",
        "seats": 10,
        "votes": {"A": 1000, "B": 500},
        "threshold": 0.05,
    }
    result = run(stdin=json.dumps(election))
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert output["seats"] == {"A": 7, "B": 3}
    assert any(step["kind"] == "quotient_table" for step in output["steps"])


def test_stv_ballots_give_winners():
    election = {
        "method": "stv",
        "seats": 2,
        "ballots": [
            {"ranking": ["A", "B"], "count": 12},
            {"ranking": ["B", "C"], "count": 7},
            {"ranking": ["C"], "count": 5},
        ],
    }
    output = json.loads(run(stdin=json.dumps(election)).stdout)
    assert output["winners"] == ["A", "B"]


def test_plurality_and_approval_shapes_are_read():
    plurality = {
        "method": "plurality",
        "ballots": [{"choice": "A", "count": 3}, {"choice": "B", "count": 2}],
    }
    approval = {
        "method": "approval",
        "ballots": [{"approval": ["A", "B"]}, {"approval": ["B"], "count": 2}],
    }
    assert cli.count_json(plurality).winners == ["A"]
    assert cli.count_json(approval).winners == ["B"]


def test_readable_text_shows_the_quotient_table_with_won_seats(tmp_path):
    path = tmp_path / "council.json"
    path.write_text(
        json.dumps(
            {
                "method": "dhondt",
                "seats": 3,
                "votes": {"Zieloni": 600, "Niebiescy": 300},
            }
        )
    )
    result = run(str(path), "--format", "text")
    assert result.returncode == 0, result.stderr
    assert "Zieloni    2" in result.stdout
    assert "[1]" in result.stdout
    assert "[3]" in result.stdout


def test_a_pkw_file_is_counted_with_the_sejm_rules(shared_data):
    result = run(str(shared_data / "sejm" / "sejm2023_constituency_results.csv"))
    assert result.returncode == 0, result.stderr
    seats = json.loads(result.stdout)["seats"]
    assert sum(seats.values()) == 460
    assert sorted(seats.values(), reverse=True)[:5] == [194, 157, 65, 26, 18]


def test_a_pabulib_file_is_counted_with_its_own_rule(shared_data):
    path = shared_data / "pb" / "poland_wieliczka_2023_green-budget.pb"
    output = json.loads(run(str(path)).stdout)
    assert len(output["winners"]) == 30
    assert output["details"]["spent"] == 995079


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ("{not json", "line 1"),
        ('{"method": "magic"}', "unknown method 'magic'"),
        ('{"method": "dhondt", "seats": -1, "votes": {"A": 1}}', "seats"),
        ("[1, 2]", "JSON object"),
    ],
)
def test_bad_input_gets_a_clear_error_and_exit_code_2(stdin, message):
    result = run(stdin=stdin)
    assert result.returncode == 2
    assert result.stderr.startswith("error: ")
    assert message in result.stderr


def test_a_missing_file_is_reported():
    result = run("no-such-election.json")
    assert result.returncode == 2
    assert "cannot read no-such-election.json" in result.stderr
