"""Save docs/screenshot-dashboard.png: the demo chair's dashboard, for the README.

    .venv/bin/python scripts/screenshot.py [--language vi|en] [--output PATH]

Builds a throwaway demo site (fresh SQLite file, real migrations, demo data with
deadlines relative to today), signs in as the demo chair in headless Chromium
(/usr/bin/chromium) and photographs the committee dashboard.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TRACKER_ENV", "testing")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
COMMITTEE = "Ban Chỉ đạo Phát triển du lịch tỉnh Lạng Sơn"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", choices=("vi", "en"), default="vi")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "screenshot-dashboard.png")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright
    from sqlalchemy import select

    from tracker.committees.models import Committee
    from tracker.demo.loader import DEMO_PASSWORD
    from tracker.demo.server import demo_site
    from tracker.extensions import db

    with tempfile.TemporaryDirectory() as tmp, demo_site(Path(tmp), args.language) as site, \
            sync_playwright() as playwright:
        committee_id = site.run(
            lambda: db.session.scalar(select(Committee.id).where(Committee.name == COMMITTEE)))
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(base_url=site.url, viewport={"width": 1280, "height": 1180},
                                locale="vi-VN" if args.language == "vi" else "en-GB")
        page.goto("/login")
        page.fill("input[name=email]", "chair@demo.langson.gov.vn")
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("form button[type=submit]:not(.link)")
        page.wait_for_load_state()
        page.goto(f"/committees/{committee_id}/dashboard")
        args.output.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(args.output))
        browser.close()
    print(f"Saved {args.output}")


if __name__ == "__main__":
    main()
