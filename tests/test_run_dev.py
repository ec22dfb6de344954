"""`make run PORT=…`: the links in mail point at the address the app is really served on.

scripts/run-dev.sh exports BASE_URL (read by config.py) to every process it starts: the web
app and the Celery workers that write the digests. ``--print-env`` prints what it would run
with, and its banner, without migrating or starting anything.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "run-dev.sh"


def _settings(**env: str) -> tuple[dict[str, str], str]:
    clean = {k: v for k, v in os.environ.items()
             if k not in {"HOST", "PORT", "BASE_URL", "TRACKER_ENV"}}
    done = subprocess.run([str(SCRIPT), "--print-env"], cwd=ROOT, env={**clean, **env},
                          capture_output=True, text=True, timeout=60, check=True)
    *pairs, banner = done.stdout.strip().splitlines()
    return dict(line.split("=", 1) for line in pairs), banner


def test_the_default_address_is_the_one_served():
    settings, banner = _settings()
    assert settings["BASE_URL"] == "http://127.0.0.1:5000"
    assert "http://127.0.0.1:5000" in banner


def test_make_run_on_another_port_mails_links_to_that_port():
    settings, banner = _settings(PORT="5057")
    assert settings["PORT"] == "5057"
    assert settings["BASE_URL"] == "http://127.0.0.1:5057"
    assert banner.startswith("Serving on http://127.0.0.1:5057")
    assert "links in mail: http://127.0.0.1:5057" in banner


def test_a_server_on_every_interface_links_to_this_machine():
    settings, banner = _settings(HOST="0.0.0.0", PORT="8080")  # noqa: S104 — the value tested
    assert settings["BASE_URL"] == "http://127.0.0.1:8080"
    assert "links in mail: http://127.0.0.1:8080" in banner


def test_an_explicit_base_url_wins():
    settings, banner = _settings(PORT="5057", BASE_URL="https://nhiemvu.example.gov.vn")
    assert settings["BASE_URL"] == "https://nhiemvu.example.gov.vn"
    assert "links in mail: https://nhiemvu.example.gov.vn" in banner


def test_the_app_started_with_that_environment_builds_its_mail_links_on_it():
    settings, _ = _settings(PORT="5057")
    env = {**os.environ, "TRACKER_ENV": "development", "BASE_URL": settings["BASE_URL"]}
    read = subprocess.run(
        [sys.executable, "-c", "from wsgi import app; print(app.config['BASE_URL'])"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True)
    assert read.stdout.strip().splitlines()[-1] == "http://127.0.0.1:5057"
