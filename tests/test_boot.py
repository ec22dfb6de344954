"""Boot stays light (issue 12, "Boot"): the web app and the worker start without loading the
document, spreadsheet and chart libraries. Those load where a file is made or read
(WeasyPrint in ``render_pdf.render``, python-docx when a summary is compiled, openpyxl when
an uploaded workbook is read or the import template is written), so a fresh gunicorn or
Celery process, and a cold reminder run, do not pay for them. Likewise Alembic loads with
``flask db`` (or a schema set-up), icalendar with the first calendar feed, filetype with the
first upload, Celery in the web app with the first job it enqueues; the OpenAPI document is
written when first read, and the worker boots without the views, forms and API.

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
HEAVY = ("weasyprint", "matplotlib", "openpyxl", "docx", "pypdf", "PIL", "fontTools", "pydyf",
         "alembic", "flask_migrate", "icalendar", "filetype")
# The worker needs Celery at once; the web app only to enqueue, which few requests do.
WEB_ON_DEMAND = ("celery", "kombu", "billiard")

BOOTS = {
    # What gunicorn loads.
    "web": "import wsgi",
    # What `celery -A workers worker` loads before it takes a message: the app, then the
    # job modules Celery imports itself.
    "worker": "import workers; workers.celery_app.loader.import_default_modules()",
}


def _run(code: str, tmp_path: Path):
    """What a fresh interpreter running ``code`` printed last, read as JSON."""
    env = {**os.environ, "TRACKER_ENV": "testing", "INSTANCE_PATH": str(tmp_path),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'tracker.db'}"}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _modules_after(code: str, tmp_path: Path) -> set[str]:
    """The top-level packages a fresh interpreter holds after running ``code``."""
    return set(_run(f"{code}\nimport json, sys\n"
                    "print(json.dumps(sorted({name.split('.')[0] for name in sys.modules})))",
                    tmp_path))


@pytest.mark.parametrize("boot", BOOTS)
def test_boot_loads_no_document_library(boot, tmp_path):
    loaded = _modules_after(BOOTS[boot], tmp_path)
    assert "tracker" in loaded  # the probe did boot the app
    assert sorted(loaded.intersection(HEAVY)) == []


def test_the_probe_sees_a_heavy_library_when_one_is_loaded(tmp_path):
    # The check above would pass vacuously if the probe missed imports; show it does not.
    loaded = _modules_after("import wsgi\nfrom tracker.summaries import render_docx", tmp_path)
    assert "docx" in loaded


def test_the_web_app_boots_without_celery(tmp_path):
    loaded = _modules_after(BOOTS["web"], tmp_path)
    assert sorted(loaded.intersection(WEB_ON_DEMAND)) == []


def test_the_probe_sees_celery_once_the_web_app_enqueues(tmp_path):
    loaded = _modules_after("import wsgi\nfrom tracker import jobs\njobs.celery_for(wsgi.app)",
                            tmp_path)
    assert "celery" in loaded


def test_the_openapi_document_is_written_when_first_read_not_at_boot(tmp_path):
    probe = """
import json
from flask_smorest import Blueprint
described = []
describe = Blueprint.register_views_in_doc
def counting(self, *args, **kwargs):
    described.append(self.name)
    return describe(self, *args, **kwargs)
Blueprint.register_views_in_doc = counting
import wsgi
at_boot = list(described)
status = wsgi.app.test_client().get("/api/v1/openapi.json").status_code
wsgi.app.test_client().get("/api/v1/openapi.json")
print(json.dumps([at_boot, described, status]))
"""
    at_boot, after_reads, status = _run(probe, tmp_path)
    assert at_boot == []
    assert status == 200
    # Every API blueprint described once, in the order they were registered.
    assert after_reads[:2] == ["api_auth", "api_tasks"]
    # 13: api_drafts and api_series came with issue 14.
    assert len(after_reads) == len(set(after_reads)) == 13


def test_flask_db_runs_flask_migrate_s_commands(app):
    runner = app.test_cli_runner()
    listed = runner.invoke(args=["db", "--help"])
    assert listed.exit_code == 0, listed.output
    assert {"upgrade", "downgrade", "current", "heads", "migrate"} <= set(listed.output.split())
    ran = runner.invoke(args=["db", "heads"])  # Alembic prints to its own stdout
    assert ran.exit_code == 0, ran.output


def test_the_worker_boots_without_the_views_forms_and_api(tmp_path):
    loaded = _run(BOOTS["worker"] + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))",
                  tmp_path)
    web = [name for name in loaded if name.startswith(("tracker.api", "flask_smorest",
                                                       "marshmallow", "webargs"))
           or name.rsplit(".", 1)[-1] in ("views", "forms", "admin_views", "meeting_views")]
    assert web == []
    assert "workers.reminders" in loaded and "tracker.reminders.sweep" in loaded


@pytest.mark.parametrize("boot", BOOTS)
def test_boot_leaves_the_drafting_engine_until_a_draft_is_read(boot, tmp_path):
    """The drafting engine compiles its patterns when imported (~90 ms): loaded on the
    first draft, not at boot."""
    loaded = _run(BOOTS[boot] + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))",
                  tmp_path)
    assert "tracker.drafting.extraction.engine" not in loaded
    drafted = _run("from tracker.drafting.extraction import extract_draft\n"
                   "draft = extract_draft('', [], today=__import__('datetime').date(2026, 12, 7))\n"
                   "import json, sys\n"
                   "print(json.dumps(['tracker.drafting.extraction.engine' in sys.modules,"
                   " draft.tasks]))", tmp_path)
    assert drafted == [True, []]


@pytest.mark.parametrize("boot", BOOTS)
def test_boot_freezes_what_it_built_and_leaves_the_collector_on(boot, tmp_path):
    """The entry points build the app with the garbage collector paused, then freeze what
    they built (wsgi.py): the collector must be on again afterwards, or a process serving
    for weeks would never free a reference cycle; and the mappers are configured by the
    first query, not at boot."""
    enabled, frozen, unconfigured = _run(
        BOOTS[boot] + "\nimport gc, json\nfrom sqlalchemy import inspect\n"
        "from tracker.tasks.models import Task\n"
        "print(json.dumps([gc.isenabled(), gc.get_freeze_count(),"
        " not inspect(Task).configured]))", tmp_path)
    assert enabled is True
    assert frozen > 50_000  # the app's modules, classes and mappers
    assert unconfigured is True


def test_a_cycle_made_after_boot_is_collected(tmp_path):
    probe = """
import gc, json, weakref
import wsgi
class Node:
    pass
node = Node()
node.itself = node
alive = weakref.ref(node)
del node
gc.collect()
print(json.dumps(alive() is None))
"""
    assert _run(probe, tmp_path) is True
