"""A conclusion notice's text to paste, the screens' addresses, and the review form read
back as a browser would post it."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

NOTICE_TEXT = (Path(__file__).parent / "notice_05_tb_bcd.txt").read_text(encoding="utf-8")


def paste_url(committee) -> str:
    return f"/committees/{committee.id}/resolutions/draft"


def review_url(committee) -> str:
    return f"/committees/{committee.id}/resolutions/draft/review"


class _FormReader(HTMLParser):
    """The values a browser would post from the page's form with ``action``: ticked boxes,
    selected options (a single select's first when none is), text and hidden inputs."""

    def __init__(self, action: str):
        super().__init__(convert_charrefs=True)
        self.action, self.inside, self.pairs = action, False, []
        self.select = self.textarea = None
        self.select_first = self.select_chosen = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action") == self.action
        if not self.inside:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.pairs.append((a["name"], a.get("value", "on")))
            elif "disabled" not in a:
                self.pairs.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self.textarea = [a["name"], ""]
        elif tag == "select":
            self.select, self.select_first, self.select_chosen = a, None, []
        elif tag == "option" and self.select is not None:
            if self.select_first is None:
                self.select_first = a.get("value", "")
            if "selected" in a:
                self.select_chosen.append(a.get("value", ""))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            name, value = self.textarea
            # A browser drops the newline that opens a textarea's content.
            for newline in ("\r\n", "\n"):
                if value.startswith(newline):
                    value = value[len(newline):]
                    break
            self.pairs.append((name, value))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            chosen = self.select_chosen or ([] if "multiple" in self.select
                                            else [self.select_first or ""])
            self.pairs += [(self.select["name"], v) for v in chosen]
            self.select = None


def posted_values(response, action: str) -> dict:
    """The review form of ``response`` as a dict for the test client (lists for names
    that repeat)."""
    reader = _FormReader(action)
    reader.feed(response.get_data(as_text=True))
    values: dict = {}
    for name, value in reader.pairs:
        if name in values:
            values[name] = [*values[name], value] if isinstance(values[name], list) \
                else [values[name], value]
        else:
            values[name] = value
    return values


def row_titles(values: dict) -> list[str]:
    titles = [(int(k.split("-")[1]), v) for k, v in values.items()
              if k.startswith("tasks-") and k.endswith("-title") and k.count("-") == 2]
    return [v for _, v in sorted(titles)]
