"""Which configuration a process starts with when nobody says: production, never the public
development key. `make run`, the tests, the benchmarks and the fuzzing script say so."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _start(module: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    """Import ``module`` (what gunicorn and celery do) in a clean environment."""
    clean = {
        "PATH": "/usr/bin:/bin",
        "INSTANCE_PATH": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'tracker.db'}",
        **env,
    }
    return subprocess.run([sys.executable, "-c", f"import {module}"], cwd=ROOT, env=clean,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize("module", ["wsgi", "workers"])
def test_a_deployment_that_forgets_tracker_env_and_the_key_refuses_to_start(module, tmp_path):
    started = _start(module, tmp_path)
    assert started.returncode != 0
    assert "SECRET_KEY must be set" in started.stderr
    assert "TRACKER_ENV=development" in started.stderr  # the way out for a developer


def test_without_tracker_env_the_production_settings_apply(tmp_path):
    started = _start("wsgi", tmp_path, SECRET_KEY="a-real-secret-for-this-test")
    assert started.returncode == 0, started.stderr
    probe = subprocess.run(
        [sys.executable, "-c", "from wsgi import app; "
         "print(app.config['SESSION_COOKIE_SECURE'], app.config['DEMO_MODE'])"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
        env={"PATH": "/usr/bin:/bin", "INSTANCE_PATH": str(tmp_path),
             "DATABASE_URL": f"sqlite:///{tmp_path / 'tracker.db'}",
             "SECRET_KEY": "a-real-secret-for-this-test"})
    assert probe.stdout.split() == ["True", "False"], probe.stderr


def test_production_refuses_the_public_development_key(tmp_path):
    from config import DEVELOPMENT_SECRET_KEY

    started = _start("wsgi", tmp_path, TRACKER_ENV="production",
                     SECRET_KEY=DEVELOPMENT_SECRET_KEY)
    assert started.returncode != 0
    assert "SECRET_KEY" in started.stderr


@pytest.mark.parametrize("module", ["wsgi", "workers"])
def test_development_must_be_asked_for_and_then_starts(module, tmp_path):
    started = _start(module, tmp_path, TRACKER_ENV="development")
    assert started.returncode == 0, started.stderr


def test_make_run_asks_for_development():
    script = (ROOT / "scripts" / "run-dev.sh").read_text()
    assert "export TRACKER_ENV=\"${TRACKER_ENV:-development}\"" in script
