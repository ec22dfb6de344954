"""A photo from the phone's camera as a progress report's evidence: stored upright, smaller,
as a JPEG without its metadata (the GPS position above all), with a thumbnail on the task
page; what is not a photo, or declares more pixels than a phone takes, is refused next to
the field and nothing is saved."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from flask import current_app
from PIL import Image
from sqlalchemy import func, select

from tests.tasks.scenes import PDF_BYTES, lang_son_scene
from tests.tasks.test_uploads import post_files
from tracker.domain import DomainError
from tracker.extensions import db
from tracker.tasks import photos
from tracker.tasks.models import Attachment, ProgressReport

GPS_IFD, ORIENTATION, MAKE = 0x8825, 0x0112, 0x010F
LANG_SON_GPS = {1: "N", 2: (21.0, 50.0, 46.0), 3: "E", 4: (106.0, 45.0, 29.0)}


def camera_jpeg(width=800, height=600, orientation=6) -> bytes:
    """A phone's photo: GPS position, maker, orientation "turn 90° clockwise to view",
    a JPEG comment; left half red, right half blue (to see the turn)."""
    image = Image.new("RGB", (width, height), "red")
    image.paste(Image.new("RGB", (width // 2, height), "blue"), (width // 2, 0))
    exif = Image.Exif()
    exif[ORIENTATION], exif[MAKE] = orientation, "Samsung"
    exif[GPS_IFD] = LANG_SON_GPS
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, comment=b"21.8461N 106.7581E")
    return buffer.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A PNG whose header declares ``width`` × ``height`` pixels, in a few dozen bytes."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def _post(browser, task, photo: bytes, name="IMG_20261207.jpg"):
    return browser.post(f"/tasks/{task.id}/reports",
                        {"text": "Ảnh hiện trường lễ hội.", "progress": "40",
                         "photo": (io.BytesIO(photo), name)},
                        form_url=f"/tasks/{task.id}", content_type="multipart/form-data")


def _stored_files() -> set[str]:
    directory = Path(current_app.config["UPLOAD_DIR"])
    return {p.name for p in directory.iterdir()} if directory.is_dir() else set()


def test_the_camera_input_is_on_the_progress_report_form(login):
    scene = lang_son_scene()
    page = login(scene.lead_member).get(f"/tasks/{scene.task.id}").get_data(as_text=True)
    assert 'type="file"' in page and 'accept="image/*"' in page
    assert 'capture="environment"' in page and 'name="photo"' in page


def test_a_photo_is_stored_upright_without_its_location_and_shown_as_a_thumbnail(login):
    scene = lang_son_scene()
    original = camera_jpeg()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # it has a position
    browser = login(scene.lead_member)
    response = _post(browser, scene.task, original)
    assert response.status_code == 302
    (file,) = scene.task.reports[0].attachments
    assert (file.filename, file.content_type) == ("IMG_20261207.jpg", "image/jpeg")

    photo = browser.get(f"/attachments/{file.id}")
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
    stored = Image.open(io.BytesIO(photo.data))
    assert stored.format == "JPEG"
    assert dict(stored.getexif()) == {}  # no GPS, no maker, no orientation tag left
    assert stored.getexif().get_ifd(GPS_IFD) == {}
    assert "comment" not in stored.info and "xmp" not in stored.info
    # The orientation was applied to the pixels: 800 × 600 turned a quarter is 600 × 800,
    # the left (red) half now on top.
    assert stored.size == (600, 800)
    red, green, blue = stored.convert("RGB").getpixel((300, 100))
    assert red > 200 and blue < 60

    thumbnail = browser.get(f"/attachments/{file.id}/thumbnail")
    assert thumbnail.status_code == 200 and thumbnail.mimetype == "image/jpeg"
    assert thumbnail.headers["Cache-Control"] == "private, no-store"
    small = Image.open(io.BytesIO(thumbnail.data))
    assert max(small.size) == photos.THUMBNAIL_SIDE and dict(small.getexif()) == {}
    # Both count against the quotas.
    assert file.size == len(photo.data) + len(thumbnail.data)

    page = browser.get(f"/tasks/{scene.task.id}").get_data(as_text=True)
    assert f'src="/attachments/{file.id}/thumbnail"' in page
    assert f'href="/attachments/{file.id}"' in page


def _photo_posted(scene, login) -> Attachment:
    browser = login(scene.lead_member)
    _post(browser, scene.task, camera_jpeg())
    browser.post("/logout", form_url=f"/tasks/{scene.task.id}")
    return scene.task.reports[0].attachments[0]


def test_another_committees_member_gets_neither_photo_nor_thumbnail(login):
    scene = lang_son_scene()
    file = _photo_posted(scene, login)
    outsider = login(scene.outsider)
    assert outsider.get(f"/attachments/{file.id}/thumbnail").status_code == 404
    assert outsider.get(f"/attachments/{file.id}").status_code == 404


def test_a_viewer_of_the_committee_sees_the_thumbnail(login):
    scene = lang_son_scene()
    file = _photo_posted(scene, login)
    assert login(scene.viewer).get(f"/attachments/{file.id}/thumbnail").status_code == 200


def test_a_plain_file_has_no_thumbnail(login):
    scene = lang_son_scene()
    browser = login(scene.lead_member)
    post_files(browser, scene.task, [("bien-ban.pdf", PDF_BYTES)])
    (file,) = scene.task.reports[0].attachments
    assert file.thumbnail_name is None
    assert browser.get(f"/attachments/{file.id}/thumbnail").status_code == 404


def test_a_huge_photo_is_resized_to_1600_pixels_on_its_long_side(app):
    big = io.BytesIO()
    Image.new("RGB", (6000, 4000), "green").save(big, "PNG")  # 24 MP, a few kB of PNG
    prepared = photos.prepare_photo("toan-canh.png", big.getvalue())
    stored = Image.open(io.BytesIO(prepared.data))
    assert (stored.format, stored.size) == ("JPEG", (1600, 1067))
    assert Image.open(io.BytesIO(prepared.thumbnail)).size == (320, 213)
    assert prepared.filename == "toan-canh.jpg"


def test_a_transparent_png_goes_onto_white(app):
    image = Image.new("RGBA", (100, 50), (0, 0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    stored = Image.open(io.BytesIO(photos.prepare_photo("chup.png", buffer.getvalue()).data))
    assert min(stored.getpixel((50, 25))) > 240


def _nothing_saved(scene, files_before: set[str]) -> None:
    assert scene.task.reports == []
    assert db.session.scalar(select(func.count()).select_from(ProgressReport)) == 0
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0
    assert _stored_files() == files_before


@pytest.mark.parametrize(("photo", "name", "message"), [
    (PDF_BYTES, "anh.jpg", "This file is not a photo."),
    (b"GIF89a" + b"\x00" * 40, "anh.gif", "This file is not a photo."),
    # Our bound (50 MP), then Pillow's own (twice 89 MP): the same answer.
    (png_declaring(10_000, 6_000), "bom.png", "This image is too large: more than 50 "
                                              "megapixels."),
    (png_declaring(20_000, 20_000), "bom.png", "This image is too large: more than 50 "
                                               "megapixels."),
    # Its header whole, its pixels cut off half-way (a transfer that broke).
    (camera_jpeg()[:len(camera_jpeg()) // 2], "hong.jpg", "This photo could not be read"),
])
def test_what_is_not_a_usable_photo_is_refused_next_to_the_field(login, photo, name, message):
    scene = lang_son_scene()
    files_before = _stored_files()
    response = _post(login(scene.lead_member), scene.task, photo, name)
    page = response.get_data(as_text=True)
    assert response.status_code == 422, page[:2000]
    error = page[page.index('id="photo-error"'):]
    assert message in error[:400]
    db.session.expire_all()
    _nothing_saved(scene, files_before)


def test_a_truncated_photo_is_refused_even_after_weasyprint_was_imported(app, monkeypatch):
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)  # what WeasyPrint sets
    broken = camera_jpeg()[:len(camera_jpeg()) // 2]
    with pytest.raises(DomainError, match="Không đọc được ảnh này"):  # vi outside a request
        photos.prepare_photo("hong.jpg", broken)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # WeasyPrint's setting is left as it was


def test_the_refusal_is_in_vietnamese_for_a_vietnamese_user(login):
    scene = lang_son_scene()
    scene.lead_member.language = "vi"
    db.session.flush()
    response = _post(login(scene.lead_member), scene.task, png_declaring(20_000, 20_000))
    assert "Ảnh quá lớn: vượt quá 50 triệu điểm ảnh." in response.get_data(as_text=True)
