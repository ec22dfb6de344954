"""Boot stays light (issue 12, "Boot"): the web app and the worker start without loading the
document, spreadsheet and chart libraries. Those load where a file is made or read
(WeasyPrint in ``render_pdf.render``, python-docx when a summary is compiled, openpyxl when
an uploaded workbook is read or the import template is written), so a fresh gunicorn or
Celery process, and a cold reminder run, do not pay for them.

No timing here (``benchmarks/bench_boot.py`` measures): the check is which modules a fresh
interpreter holds once it has booted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Top-level packages no boot needs; each takes from tens of milliseconds to half a second.
HEAVY = ("weasyprint", "matplotlib", "openpyxl", "docx", "pypdf", "PIL", "fontTools", "pydyf")

BOOTS = {
    # What gunicorn loads.
    "web": "import wsgi",
    # What `celery -A workers worker` loads before it takes a message: the app, then the
    # job modules Celery imports itself.
    "worker": "import workers; workers.celery_app.loader.import_default_modules()",
}


def _modules_after(code: str, tmp_path: Path) -> set[str]:
    """The top-level packages a fresh interpreter holds after running ``code``."""
    env = {**os.environ, "TRACKER_ENV": "testing", "INSTANCE_PATH": str(tmp_path),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'tracker.db'}"}
    probe = (f"{code}\nimport json, sys\n"
             "print(json.dumps(sorted({name.split('.')[0] for name in sys.modules})))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("boot", BOOTS)
def test_boot_loads_no_document_library(boot, tmp_path):
    loaded = _modules_after(BOOTS[boot], tmp_path)
    assert "tracker" in loaded  # the probe did boot the app
    assert sorted(loaded.intersection(HEAVY)) == []


def test_the_probe_sees_a_heavy_library_when_one_is_loaded(tmp_path):
    # The check above would pass vacuously if the probe missed imports; show it does not.
    loaded = _modules_after("import wsgi\nfrom tracker.summaries import render_docx", tmp_path)
    assert "docx" in loaded
