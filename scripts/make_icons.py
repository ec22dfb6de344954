"""Draws the app's icons (tracker/static/icons/*.png) with Pillow; the PNGs are committed.

Run again only to change the design: `.venv/bin/pip install pillow` (not a dependency of
the app), then `.venv/bin/python scripts/make_icons.py`. The icon is the brand red with a
white check mark on a rounded tile; the maskable one keeps the mark inside the central 80 %
safe zone that Android's round and squircle masks leave visible.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "tracker" / "static" / "icons"
BRAND = (155, 28, 28, 255)  # --brand in app.css
WHITE = (255, 255, 255, 255)
SCALE = 4  # drawn larger, then reduced: smooth edges without an anti-aliasing option


def icon(size: int, *, maskable: bool = False) -> Image.Image:
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        draw.rectangle((0, 0, big, big), fill=BRAND)  # the mask cuts the shape
        inset = big * 0.22
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 0.18, fill=BRAND)
        inset = big * 0.18
    box = big - 2 * inset
    # A check mark over three list lines: "tasks, done".
    line = box * 0.075
    for i in range(3):
        y = inset + box * (0.2 + i * 0.3)
        draw.rounded_rectangle((inset + box * 0.45, y - line / 2, inset + box, y + line / 2),
                               radius=line / 2, fill=WHITE)
    points = [(inset + box * 0.02, inset + box * 0.5), (inset + box * 0.14, inset + box * 0.66),
              (inset + box * 0.36, inset + box * 0.3)]
    draw.line(points, fill=WHITE, width=round(box * 0.08), joint="curve")
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        icon(size).save(OUT / f"icon-{size}.png", optimize=True)
    icon(512, maskable=True).save(OUT / "maskable-512.png", optimize=True)
    # iOS ignores the manifest's icons and shows no transparency: an opaque 180 px one.
    touch = Image.new("RGBA", (180, 180), BRAND)
    touch.alpha_composite(icon(180, maskable=True))
    touch.convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)
    for path in sorted(OUT.glob("*.png")):
        print(path.relative_to(OUT.parents[2]), path.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
