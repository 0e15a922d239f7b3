"""One safe path segment: what may name a file or folder made from content."""

import pytest

from plugins.common.paths import MAX_SEGMENT_BYTES, is_inside, is_safe_segment


@pytest.mark.parametrize(
    "text",
    [
        "stairs-again",
        "cold_floors",
        "2026",
        "café-au-lait",  # Unicode letters, as SLUGIFY_USE_UNICODE makes
        "日記",
        "x" * MAX_SEGMENT_BYTES,
        "é" * (MAX_SEGMENT_BYTES // 2),  # two bytes each in UTF-8
    ],
)
def test_a_slug_of_letters_digits_dashes_is_one_safe_segment(text):
    assert is_safe_segment(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        ".",
        "..",
        "...",
        "../../../x",
        "a/b",
        "/etc",
        "a\\b",
        "..\\x",
        "a\x00b",
        "a.b",
        "a b",
        "x\n",
        "\u202ecod",  # right-to-left override: not a letter
        "x" * (MAX_SEGMENT_BYTES + 1),
        "é" * (MAX_SEGMENT_BYTES // 2 + 1),
        None,
        2026,
        b"stairs",
    ],
)
def test_anything_else_is_not(text):
    assert not is_safe_segment(text)


def test_a_path_is_inside_a_folder_only_once_links_are_resolved(tmp_path):
    store = tmp_path / "store"
    (store / "post").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (store / "linked").symlink_to(tmp_path / "elsewhere")
    assert is_inside(store / "post" / "c1.md", store)
    assert is_inside(store / "new-post" / "c1.md", store)  # need not exist
    assert not is_inside(store / "linked" / "c1.md", store)
    assert not is_inside(store / ".." / "c1.md", store)
