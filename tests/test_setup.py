"""The two-command setup: what `make run` does to a fresh database, and the files it relies on."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def _flask(*args: str, instance: Path) -> subprocess.CompletedProcess:
    """Run ``flask --app wsgi …`` as `make run` does, on a database of its own."""
    env = {
        **os.environ,
        "TRACKER_ENV": "development",
        "INSTANCE_PATH": str(instance),
        "DATABASE_URL": f"sqlite:///{instance / 'tracker.db'}",
        "UPLOAD_DIR": str(instance / "uploads"),
    }
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )


def _row_counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as conn:
        tables = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608


@pytest.fixture(scope="module")
def fresh_instance(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("instance")


def test_make_run_migrates_a_new_database_and_loads_the_demo_once(fresh_instance):
    from tracker.demo.loader import DEMO_PASSWORD

    upgrade = _flask("db", "upgrade", instance=fresh_instance)
    assert upgrade.returncode == 0, upgrade.stderr

    first = _flask("seed-demo", instance=fresh_instance)
    assert first.returncode == 0, first.stderr
    # The demo logins are printed for the person who just typed `make run`.
    assert DEMO_PASSWORD in first.stdout
    emails = re.findall(r"[\w.+-]+@[\w.-]+\.\w+", first.stdout)
    assert emails
    # ... and the README lists the same logins.
    readme = README.read_text(encoding="utf-8")
    assert DEMO_PASSWORD in readme
    assert [e for e in emails if e not in readme] == []
    counts = _row_counts(fresh_instance / "tracker.db")
    assert counts["committee"] >= 2 and counts["task"] >= 12

    second = _flask("seed-demo", instance=fresh_instance)
    assert second.returncode == 0, second.stderr
    assert _row_counts(fresh_instance / "tracker.db") == counts, "the demo was loaded twice"


def test_the_readme_starts_with_the_two_commands():
    assert README.read_text(encoding="utf-8").startswith("```sh\nmake run\nmake test\n```\n")


def test_the_readme_documents_every_environment_variable():
    sources = (ROOT / "config.py").read_text() + (ROOT / "tests" / "conftest.py").read_text()
    variables = set(re.findall(
        r"""(?:environ\.get|environ\.setdefault|_env_bool|_env_int)\(\s*["']([A-Z_]+)["']""",
        sources))
    assert {"DATABASE_URL", "SECRET_KEY", "REDIS_URL", "SMTP_URL", "BASE_URL"} <= variables
    readme = README.read_text(encoding="utf-8")
    undocumented = sorted(v for v in variables if f"`{v}`" not in readme)
    assert not undocumented, f"README.md does not document {undocumented}"


def test_ci_runs_make_test():
    ci = ROOT / ".ci" / "run"
    assert os.access(ci, os.X_OK)
    text = ci.read_text()
    assert text.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in text and "make test" in text


@pytest.mark.parametrize("script", sorted((ROOT / "scripts").glob("*.sh")), ids=lambda p: p.name)
def test_the_setup_scripts_are_valid_bash(script):
    if script.name != "lib.sh":  # lib.sh is sourced, not run
        assert os.access(script, os.X_OK), f"{script.name} is not executable"
    result = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
