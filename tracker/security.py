"""Security headers on every response: pages, JSON, downloads, error pages and static files.

Written by hand rather than with a library: it is a dozen fixed headers, and the one
library that would do it (flask-talisman) also wants to own HTTPS redirects and session
cookies, which ``config.py`` and the reverse proxy already handle.

The Content-Security-Policy is strict because the templates allow it: no inline
``<script>``, no ``on…=`` handlers, no ``javascript:`` URLs and no ``style`` attributes or
blocks (tests/test_security_headers.py checks the templates so it stays that way);
scripts and styles come only from ``/static``. The mail sink shows a mail's HTML in a
``srcdoc`` iframe, which inherits this policy: the message is displayed, nothing in it runs.

When a front server (nginx) serves ``/static`` itself, it must send the same headers.
"""

from __future__ import annotations

from flask import Flask, Response

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    # The web app manifest and the service worker (tracker/pwa_views.py), both from our origin.
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

# Features no page of ours uses; a script injected somehow cannot ask for them either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()" for feature in ("camera", "microphone", "geolocation", "payment", "usb")
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    # frame-ancestors says the same to current browsers; X-Frame-Options to older ones.
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    # Other sites may not embed our files (attachments, exports) in their pages.
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
}


def init_app(app: Flask) -> None:
    hsts_seconds = int(app.config.get("HSTS_SECONDS") or 0)
    headers = dict(HEADERS)
    if hsts_seconds > 0:
        # Browsers ignore the header on plain HTTP, so it is safe to send on every response;
        # no includeSubDomains: other systems of the province may share the parent domain.
        headers["Strict-Transport-Security"] = f"max-age={hsts_seconds}"

    # after_request runs for views, static files and error handlers' responses alike
    # (Flask finalises a handled 404 or 500 through the same path).
    @app.after_request
    def add_security_headers(response: Response) -> Response:
        for name, value in headers.items():
            response.headers[name] = value
        return response
