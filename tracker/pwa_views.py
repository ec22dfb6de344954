"""Installing the site on a phone: the web app manifest, the service worker, the offline page.

The manifest and the service worker are served from the site root (not /static) because a
service worker only controls the pages under the path it is served from. Neither needs a
signed-in user, and neither says anything about one: the offline page is the one page the
service worker keeps, so it is the same for everybody (in Vietnamese, with an English line).
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, json, render_template, url_for
from flask_babel import force_locale, gettext

bp = Blueprint("pwa", __name__)

# Square PNG icons under static/icons/ (made by scripts/make_icons.py).
ICON_SIZES = (192, 512)


@bp.route("/manifest.webmanifest")
def manifest():
    with force_locale("vi"):
        name = gettext("Steering committee tasks")
        short_name = gettext("BCĐ tasks")
    icons = [{"src": url_for("static", filename=f"icons/icon-{size}.png"),
              "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
             for size in ICON_SIZES]
    icons.append({"src": url_for("static", filename="icons/maskable-512.png"),
                  "sizes": "512x512", "type": "image/png", "purpose": "maskable"})
    body = {
        "name": name,
        "short_name": short_name,
        "lang": "vi",
        "start_url": url_for("main.home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#f6f7f9",
        "theme_color": "#9b1c1c",
        "icons": icons,
    }
    response = Response(json.dumps(body, ensure_ascii=False),
                        mimetype="application/manifest+json")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.route("/sw.js")
def service_worker():
    response = current_app.send_static_file("sw.js")
    response.mimetype = "text/javascript"
    # Browsers check for a new worker on each visit; no cache in between keeps that true.
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.route("/offline")
def offline():
    with force_locale("en"):
        english = {"title": gettext("You are offline"),
                   "text": gettext("This page needs the network. Check the connection, "
                                   "then try again."),
                   "retry": gettext("Try again")}
    with force_locale("vi"):
        html = render_template("offline.html", english=english)
    response = Response(html, mimetype="text/html")
    response.headers["Cache-Control"] = "no-cache"
    return response
