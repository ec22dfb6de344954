"""Agency names matched to the committee's: full names, short names, abbreviations built
from the names' initials, with or without diacritics; group phrases; names matching none."""

from __future__ import annotations

import pytest

from tracker.drafting.extraction.agencies import AgencyIndex
from tracker.drafting.extraction.mentions import find_mentions, mention_of


@pytest.mark.parametrize(("written", "agency_id"), [
    ("Sở Văn hóa, Thể thao và Du lịch", 1),
    ("Sở Văn hóa Thể thao và Du lịch", 1),
    ("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", 1),
    ("so van hoa, the thao va du lich", 1),
    ("Sở VHTTDL", 1),
    ("Sở VH,TT&DL", 1),
    ("Sở KH&ĐT", 2),
    ("Sở KHĐT", 2),
    ("Sở KH và ĐT", 2),
    ("so ke hoach va dau tu", 2),
    ("Sở TN&MT", 3),
    ("Sở TNMT", 3),
    ("Sở NN&PTNT", 4),
    ("Sở NN và PTNT", 4),
    ("Sở Nông nghiệp và PTNT", 4),
    ("Sở LĐTBXH", 5),
    ("Sở LĐ-TB&XH", 5),
    ("Sở GDĐT", 6),
    ("Sở GD&ĐT", 6),
    ("Sở GTVT", 7),
    ("Sở Y tế", 8),
    ("Văn phòng UBND tỉnh", 9),
    ("VP UBND tỉnh", 9),
    ("Công an tỉnh", 10),
    ("CA tỉnh", 10),
    ("Bộ CHQS tỉnh", 11),
    ("Bộ Chỉ huy Quân sự tỉnh", 11),
    ("BCH BĐBP tỉnh", 12),
    ("BCH BĐBP", 12),
    ("Bộ đội Biên phòng tỉnh", None),  # not the whole name: shown with candidates
    ("UBND huyện Cao Lộc", 13),
    ("Ủy ban nhân dân huyện Cao Lộc", 13),
    ("Uỷ ban nhân dân huyện Cao Lộc", 13),
    ("ubnd huyen cao loc", 13),
    ("UBND thành phố Lạng Sơn", 14),
    ("UBND TP Lạng Sơn", 14),
    ("Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn", 15),
])
def test_a_name_is_matched_however_it_is_written(agencies, written, agency_id):
    mention = mention_of(written, AgencyIndex(agencies))
    if agency_id is None:
        assert mention is None or mention.agency_ids != (12,)
    else:
        assert mention is not None and mention.agency_ids == (agency_id,), mention
        assert mention.group is False and mention.text == written


@pytest.mark.parametrize(("phrase", "ids"), [
    ("UBND các huyện, thành phố", (13, 14)),
    ("Ủy ban nhân dân các huyện, thị xã, thành phố", (13, 14)),
    ("ubnd cac huyen, thanh pho", (13, 14)),
    ("các sở, ban, ngành", (1, 2, 3, 4, 5, 6, 7, 8, 9, 15)),
    ("các sở, ngành", (1, 2, 3, 4, 5, 6, 7, 8, 9, 15)),
    ("các cơ quan, đơn vị thành viên", tuple(range(1, 17))),
    ("các thành viên Ban Chỉ đạo", tuple(range(1, 17))),
    ("các cơ quan thành viên", tuple(range(1, 17))),
])
def test_a_group_phrase_expands_to_the_members_of_its_kind(agencies, phrase, ids):
    mention = mention_of(phrase, AgencyIndex(agencies))
    assert mention is not None and mention.group is True
    assert mention.agency_ids == ids


def test_a_name_that_matches_nothing_is_kept_with_its_closest_candidates(agencies):
    [found] = find_mentions("Giao Sở Tài chính chủ trì thẩm định.", AgencyIndex(agencies))
    assert found.mention.text == "Sở Tài chính"
    assert found.mention.agency_ids == () and found.mention.group is False
    assert found.mention.candidates, "the closest agencies are offered"
    assert all(0 < c.score <= 1 for c in found.mention.candidates)


def test_every_agency_of_a_sentence_is_found_in_order(agencies):
    text = ("Giao Sở VHTTDL chủ trì, phối hợp với Sở KH&ĐT, Công an tỉnh và UBND các huyện, "
            "thành phố tổ chức thực hiện.")
    found = find_mentions(text, AgencyIndex(agencies))
    assert [f.mention.text for f in found] == [
        "Sở VHTTDL", "Sở KH&ĐT", "Công an tỉnh", "UBND các huyện, thành phố"]
    assert [text[f.start:f.end] for f in found] == [f.mention.text for f in found]
