"""Charts as inline SVG, built on the server (no script, no style attributes).

Each chart has a title and description for screen readers; the same figures
are in the tables beside it.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from tracker.tasks.categories import Category

BAR_HEIGHT, GAP, LABEL_WIDTH, BAR_WIDTH = 18, 6, 190, 300
# Stacked in this order, bottom to top; colours match the badges in app.css.
TREND_SERIES = (
    (Category.DONE_ON_TIME, "#2e7d32"), (Category.DONE_LATE, "#8d6e63"),
    (Category.IN_PROGRESS, "#1565c0"), (Category.DUE_SOON, "#f9a825"),
    (Category.OVERDUE, "#c62828"), (Category.STANDING, "#6a1b9a"),
)


def _svg(width: int, height: int, title: str, body: list[str]) -> Markup:
    # Every piece of text in ``body`` was escaped where it was put in.
    return Markup(  # noqa: S704  # nosec B704
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        + "".join(body) + "</svg>"
    )


def rate_bars(agencies: list[dict], title: str, rate_label) -> Markup:
    """One horizontal bar per agency: its on-time rate (agencies with nothing rated: no bar)."""
    body = []
    for index, agency in enumerate(agencies):
        y = index * (BAR_HEIGHT + GAP)
        rate = agency["on_time_rate"]
        width = round((rate or 0) * BAR_WIDTH)
        label = escape(agency["label"][:32])
        body.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end" font-size="12">'
            f"{label}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{BAR_WIDTH}" height="{BAR_HEIGHT}" '
            f'fill="#eeeeee"/>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" '
            f'fill="#2e7d32"/>'
            f'<text x="{LABEL_WIDTH + BAR_WIDTH + 6}" y="{y + 13}" font-size="12">'
            f"{escape(rate_label(rate))}</text>"
        )
    height = max(len(agencies), 1) * (BAR_HEIGHT + GAP)
    return _svg(LABEL_WIDTH + BAR_WIDTH + 70, height, title, body)


def category_trend(points: list[dict], title: str, labels: dict) -> Markup:
    """Stacked columns: the category totals of the committee's successive summaries."""
    column, gap, plot = 56, 28, 180
    peak = max((sum(p["totals"].get(c.value, 0) for c, _ in TREND_SERIES) for p in points),
               default=0) or 1
    body = []
    for index, point in enumerate(points):
        x, y = 10 + index * (column + gap), plot
        for category, colour in TREND_SERIES:
            count = point["totals"].get(category.value, 0)
            h = round(count / peak * (plot - 10))
            if h:
                y -= h
                body.append(f'<rect x="{x}" y="{y}" width="{column}" height="{h}" '
                            f'fill="{colour}"><title>{escape(labels[category.value])}: '
                            f"{count}</title></rect>")
        day = "/".join(reversed(point["as_of"].split("-")))
        body.append(f'<text x="{x + column / 2}" y="{plot + 16}" text-anchor="middle" '
                    f'font-size="11">{escape(day)}</text>')
    legend_y = plot + 34
    for index, (category, colour) in enumerate(TREND_SERIES):
        x = 10 + (index % 3) * 170
        y = legend_y + (index // 3) * 18
        body.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colour}"/>'
                    f'<text x="{x + 16}" y="{y + 11}" font-size="11">'
                    f"{escape(labels[category.value])}</text>")
    width = max(10 + len(points) * (column + gap), 530)
    return _svg(width, legend_y + 40, title, body)
