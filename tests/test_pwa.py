"""Issue 13, installable: the manifest, the service worker and the offline page are served
from the site root with the right types, to anybody, and say nothing about the user."""

from __future__ import annotations

import json
import struct
from pathlib import Path

from tests.factories import UserFactory
from tracker.security import CONTENT_SECURITY_POLICY

STATIC = Path(__file__).resolve().parents[1] / "tracker" / "static"


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def test_the_manifest_names_the_app_in_vietnamese_with_icons_of_several_sizes(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.get_data(as_text=True))
    assert manifest["name"] == "Theo dõi nhiệm vụ Ban Chỉ đạo"
    assert manifest["short_name"] == "Nhiệm vụ BCĐ"
    assert manifest["lang"] == "vi" and manifest["scope"] == "/"
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    sizes = set()
    for icon in manifest["icons"]:
        assert icon["type"] == "image/png"
        path = STATIC / icon["src"].removeprefix("/static/")
        width, height = png_size(path)
        assert icon["sizes"] == f"{width}x{height}" and width == height
        assert client.get(icon["src"]).status_code == 200
        sizes.add(width)
    assert {192, 512} <= sizes
    assert any(icon["purpose"] == "maskable" for icon in manifest["icons"])


def test_the_service_worker_is_javascript_from_the_root_and_never_kept_stale(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response.headers["Cache-Control"]
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    source = response.get_data(as_text=True)
    # It keeps /static files and the offline page; pages are never put in a cache.
    assert '"/static/"' in source and "OFFLINE_URL" in source
    assert source.count("cache.put(") == 1 and "isStatic(url)" in source


def test_the_policy_allows_our_own_manifest_and_worker_only():
    assert "manifest-src 'self'" in CONTENT_SECURITY_POLICY
    assert "worker-src 'self'" in CONTENT_SECURITY_POLICY


def test_every_page_links_the_manifest_and_registers_nothing_inline(client):
    html = client.get("/login").get_data(as_text=True)
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert 'rel="apple-touch-icon"' in html
    assert "serviceWorker" in (STATIC / "app.js").read_text(encoding="utf-8")


def test_the_offline_page_is_public_and_the_same_for_a_signed_in_user(client, login):
    anonymous = client.get("/offline")
    assert anonymous.status_code == 200 and anonymous.mimetype == "text/html"
    text = anonymous.get_data(as_text=True)
    assert "Không có kết nối mạng" in text and "You are offline" in text
    user = UserFactory(name="Hoàng Văn Thụ", language="en")
    signed_in = login(user).get("/offline").get_data(as_text=True)
    assert signed_in == text  # nothing about the user: no name, no CSRF token, no menu
    assert "Hoàng Văn Thụ" not in signed_in and "csrf_token" not in signed_in
