"""A photo taken with the phone's camera as a progress report's evidence: opened with Pillow,
turned upright, shrunk, re-encoded as JPEG without its metadata, with a thumbnail.

Why re-encode: a phone's photo carries EXIF metadata, often the GPS position where it was
taken (a member's home, a border post) and the device; only the pixels are kept. The
orientation tag is applied to the pixels first (``ImageOps.exif_transpose``), so the
photo stays upright once the tag is gone. A 12-megapixel original of 4–8 MB becomes a
1600-pixel JPEG of a few hundred kB, so the storage quotas go further.

Why a pixel bound: a small file can declare a huge image (a "decompression bomb", e.g. a
40 kB PNG of 20,000 × 20,000 pixels, 1.6 GB once decoded). The size in the header is
read before any pixel is decoded and refused past ``MAX_PIXELS``.
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager
from io import BytesIO

from flask import current_app
from flask_babel import lazy_gettext as _l

from tracker.domain import DomainError
from tracker.tasks.uploads import CheckedUpload, safe_filename

FIELD = "photo"
LONG_SIDE = 1600  # pixels on the long side of the stored photo
THUMBNAIL_SIDE = 320  # pixels on the long side of the thumbnail on the task page
JPEG_QUALITY = 85
THUMBNAIL_QUALITY = 80
# 50 megapixels: above any phone camera's photo (a 108 MP sensor saves 12 MP by default)
# and ~200 MB of RGBA at most while decoding.
MAX_PIXELS = 50_000_000


def _refuse(message) -> DomainError:
    return DomainError(FIELD, message)


def _too_large() -> DomainError:
    return _refuse(_l("This image is too large: more than %(megapixels)d megapixels.",
                      megapixels=MAX_PIXELS // 1_000_000))


def _open(data: bytes):
    """The image, its header read but no pixel decoded; refuses what is not an image and
    what declares more than MAX_PIXELS pixels."""
    from PIL import Image, UnidentifiedImageError  # by the first photo, not at boot

    with warnings.catch_warnings():
        # Pillow itself refuses twice its own limit and only warns below that: both are ours.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise _too_large() from error
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
            raise _refuse(_l("This file is not a photo. Take a picture or choose a JPEG or "
                             "PNG image.")) from error
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise _too_large()
    return image


@contextmanager
def _strict_decoding():
    """Decode with truncated files refused, whatever the process-wide flag says: WeasyPrint
    (the PDF summaries) sets ``ImageFile.LOAD_TRUNCATED_IMAGES = True`` when imported, which
    would store a broken upload as a grey-filled photo."""
    from PIL import ImageFile

    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before


def _jpeg(image, quality: int) -> bytes:
    buffer = BytesIO()
    # No exif=, xmp= or comment= argument: nothing of the original's metadata is written.
    image.save(buffer, format="JPEG", quality=quality, optimize=True)
    return buffer.getvalue()


def prepare_photo(filename: str, data: bytes) -> CheckedUpload:
    """The stored form of a photo: upright, at most LONG_SIDE pixels on its long side,
    JPEG without metadata, with its THUMBNAIL_SIDE-pixel thumbnail. Raises DomainError on
    the ``photo`` field for an empty, oversized, undecodable or oversized-in-pixels file."""
    from PIL import Image, ImageOps

    limit_mb = current_app.config["MAX_UPLOAD_MB"]
    if not data:
        raise _refuse(_l("The photo is empty."))
    if len(data) > limit_mb * 1024 * 1024:
        raise _refuse(_l("The photo is larger than %(mb)d MB.", mb=limit_mb))
    image = _open(data)
    try:
        with warnings.catch_warnings(), _strict_decoding():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # A JPEG is decoded at a reduced scale (1/2, 1/4, 1/8) still above LONG_SIDE:
            # a 50 MP photo then costs a quarter of its memory and time.
            image.draft("RGB", (LONG_SIDE, LONG_SIDE))
            image.load()
            image = ImageOps.exif_transpose(image)
    except Image.DecompressionBombWarning as error:
        raise _too_large() from error
    except Exception as error:  # a decoder on hostile bytes: whatever it raises, a form error
        raise _refuse(_l("This photo could not be read; the file may be damaged.")) from error
    if image.mode not in ("RGB", "L"):
        # Transparency (PNG, a screenshot) goes onto white, as it would print.
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, "white")
        image.paste(rgba, mask=rgba.getchannel("A"))
    image.thumbnail((LONG_SIDE, LONG_SIDE), Image.Resampling.LANCZOS)
    # Pillow's JPEG writer copies a comment (and, when asked, EXIF, XMP, ICC) from the
    # image's info: start from none, so only the pixels leave this function.
    image.info = {}
    full = _jpeg(image, JPEG_QUALITY)
    image.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    stem = safe_filename(filename).rsplit(".", 1)[0]  # the kept name, now a JPEG
    return CheckedUpload(filename=f"{stem}.jpg", content_type="image/jpeg", data=full,
                         thumbnail=_jpeg(image, THUMBNAIL_QUALITY))
