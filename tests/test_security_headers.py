"""Security headers on every kind of response, HSTS only in production, and templates that a
strict Content-Security-Policy cannot break (no inline script, handler or style)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from tests.tasks.scenes import PDF_BYTES, lang_son_scene
from tracker import create_app
from tracker.security import CONTENT_SECURITY_POLICY

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def assert_secured(response):
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, (name, response.status_code)
    csp = response.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in csp
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in response.headers  # not outside production


def test_a_page(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert_secured(response)


def test_a_redirect(client):
    response = client.get("/")
    assert response.status_code == 302
    assert_secured(response)


def test_a_static_file(client):
    response = client.get("/static/app.js")
    assert response.status_code == 200
    assert_secured(response)
    response.close()


def test_an_html_not_found_page(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert_secured(response)


def test_a_json_error(client):
    response = client.get("/no-such-page", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.mimetype == "application/json"
    assert_secured(response)


def test_a_method_not_allowed_and_a_csrf_refusal(client):
    assert_secured(client.delete("/login"))
    response = client.post("/login", data={"email": "a@b.vn", "password": "x"})
    assert response.status_code == 400
    assert_secured(response)


def test_a_file_download(login):
    scene = lang_son_scene()
    browser = login(scene.lead_member)
    browser.post(f"/tasks/{scene.task.id}/reports",
                 {"text": "Biên bản.", "progress": "10",
                  "files": [(io.BytesIO(PDF_BYTES), "Biên bản.pdf")]},
                 form_url=f"/tasks/{scene.task.id}", content_type="multipart/form-data")
    file = scene.task.reports[0].attachments[0]
    response = browser.get(f"/attachments/{file.id}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert_secured(response)


@pytest.fixture
def failing_app(database_url, tmp_path):
    """An app whose one extra route fails, answered by the real 500 handler."""
    other = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url,
                       UPLOAD_DIR=str(tmp_path), PROPAGATE_EXCEPTIONS=False)

    @other.route("/boom")
    def boom():
        raise RuntimeError("a bug")

    return other


def test_an_internal_error(failing_app):
    response = failing_app.test_client().get("/boom")
    assert response.status_code == 500
    assert_secured(response)
    json = failing_app.test_client().get("/boom", headers={"Accept": "application/json"})
    assert json.status_code == 500 and json.mimetype == "application/json"
    assert_secured(json)


def test_hsts_only_in_the_production_config(app, monkeypatch, tmp_path):
    assert app.config["HSTS_SECONDS"] == 0
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-for-this-test")
    monkeypatch.setenv("DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    production = create_app(
        "production", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        UPLOAD_DIR=str(tmp_path), SECRET_KEY="a-real-secret-for-this-test",
        RATELIMIT_STORAGE_URI="memory://",
    )
    response = production.test_client().get("/static/app.css", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    response.close()
    missing = production.test_client().get("/nothing-here", base_url="https://localhost")
    assert missing.status_code == 404
    assert "Strict-Transport-Security" in missing.headers


# --- the templates keep the policy workable ---------------------------------------------------

TEMPLATES = sorted(Path(__file__).resolve().parent.parent.joinpath("tracker").glob(
    "**/templates/**/*.html"))
# Mail bodies are not pages: mail clients need inline styles, if we ever add some.
PAGES = [t for t in TEMPLATES if t.name not in {"digest.html"}]


def test_there_are_templates_to_check():
    assert len(PAGES) > 30


@pytest.mark.parametrize("template", PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_inline_script_handler_or_style(template):
    html = template.read_text(encoding="utf-8")
    # Every <script> has a src, and nothing between its tags.
    for match in re.finditer(r"<script\b([^>]*)>(.*?)</script>", html, re.S | re.I):
        assert "src=" in match.group(1) and not match.group(2).strip(), match.group(0)
    assert not re.search(r"\son[a-z]+\s*=", html, re.I), "inline event handler"
    assert "javascript:" not in html.lower()
    assert not re.search(r"\sstyle\s*=", html, re.I), "style attribute"
    assert not re.search(r"<style\b", html, re.I), "style block"
