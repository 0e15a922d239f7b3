"""Property test: ``invoke check`` and the build agree on any post anyone could write.

Hypothesis writes whole post files: front matter in any letter case, extreme
numbers, dates and lengths, markup, odd privacy and status words, stray
``---`` lines, a comment on the marker, BOMs and line ends, invalid UTF-8
and lone surrogates. Each one goes through a real Pelican build with every
plugin of the journal (reader, model, timeline, search, comments, feeds,
writing) and through ``read_source``, as ``check`` reads it. Both must give
the same verdict: the post is published at its address, or held back with
the same ``path:line: field: problem`` lines, or held back as private; no
exception escapes, nothing is left unprocessed, and the canary hidden in
every private place reaches no output byte.

``CHECK_AND_BUILD_EXAMPLES`` sets how many posts each test tries (default 40).
"""

import os
import tempfile
from pathlib import Path

from conftest import ROOT, run_pelican
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pelican.settings import read_settings

from plugins.frontmatter_reader.source import read_source

EXAMPLES = int(os.environ.get("CHECK_AND_BUILD_EXAMPLES", "40"))
CANARY = b"canary-hypothesis"


HOSTILE = [
    "no", "yes", '"quoted: text"', 'x" onmouseover="alert(1)', "../../../x",
    "<img src=x onerror=alert(1)>", "é" * 120, "word " * 80, "Stairs: again",
    "[draft] notes", "*bold*", "", "!!!", "3.10", "9" * 400, "1e999", "-3",
    "9999-12-31 23:59", "0001-01-01", "1899-12-31", "2026-02-30", "25:00",
    "99999999999h", "25", "x", "25h", "true", '"true"', "on", "1", "[a, b]",
    "drafts", "hidden",
]  # fmt: skip


class Values:
    """The values of one kind of post: ``fine`` ones (extreme but valid, or
    markup the theme must escape) that must build, or any, hostile ones too."""

    def __init__(self, hostile):
        self.hostile = hostile

    def __call__(self, *fine):
        values = [*fine, *HOSTILE] if self.hostile else list(fine)
        return st.sampled_from(values)


@st.composite
def episode(draw, values):
    fields = {
        "at": draw(values("2026-03-14", "2026-03-14 07:40", "12:30", "2199-12-31")),
        "site": draw(values("ankle", "jaw", "calf", "<b>knee</b>", "é" * 60)),
        "side": draw(values("left", "right", "both")),
        "beats": draw(values("0", "4", "10000")),
        "severity": draw(values("0", "6.5", "10")),
        "duration": draw(values("25s", "3min", "1h 30min", "24h")),
        "triggers": f"[{draw(values('stairs', 'cold', '3.10'))}]",
        "symptom": draw(values("clonus", "spasm", "twitching")),
    }
    chosen = draw(st.lists(st.sampled_from(sorted(fields)), unique=True, max_size=6))
    lines = [f"{name}: {fields[name]}" for name in chosen]
    if draw(st.booleans()):
        lines += [f"note: {CANARY.decode()}", "private: true"]
    lines = lines or ["site: ankle"]
    return ["  - " + lines[0], *("    " + line for line in lines[1:])]


@st.composite
def post_file(draw, hostile):
    values = Values(hostile)
    key = st.sampled_from(["title", "Title", "TITLE"])
    title = ["Stairs again", "3.10", "é" * 30, "<b>bold</b> & co", "007", "word " * 59]
    lines = [
        f"{draw(key)}: {draw(values(*title))}",
        f"date: {draw(values('2026-03-14 21:10', '1900-01-01', '2199-12-31 23:59'))}",
        f"private: {draw(values('false', f'{chr(10)}  notes: {CANARY.decode()} b'))}",
    ]
    optional = {
        "slug": f"slug: {draw(values('stairs', '007', 'é-x', 'a' * 100))}",
        "tags": f"tags: [{draw(values(*title[:5]))}, {draw(values('2.50', 'x'))}]",
        "category": f"category: {draw(values('Journal', '<i>Notes</i>', 'é' * 40))}",
        "status": f"status: {draw(values('published', 'Published'))}",
        "summary": f"summary: {draw(values('A summary', '<script>x</script>'))}",
        "redirect_from": "redirect_from: "
        + draw(values("old-name/", '"?p=12"', "[2012/02/old.html, old/]")),
        "mastodon": "mastodon: "
        + draw(values("https://mastodon.example/@ren/1098", "http://127.0.0.1:9/@r/1")),
        "bluesky": "bluesky: "
        + draw(values("https://bsky.app/profile/ren.bsky.social/post/3kq2abcdxyz2a")),
    }
    for name in draw(st.lists(st.sampled_from(sorted(optional)), unique=True)):
        lines.append(optional[name])
    if draw(st.booleans()):
        lines.append("episodes:")
        for _ in range(draw(st.integers(1, 3))):
            lines += draw(episode(values))
    if hostile and draw(st.booleans()):  # a stray marker somewhere inside
        lines.insert(draw(st.integers(0, len(lines))), "---")
    opening = draw(st.sampled_from(["---", "--- # front matter", "---   ", "----"]))
    body = draw(values("Body text.", "# Heading\n\nText.", "<b>Bold</b> text."))
    text = "\n".join([opening, *lines, "---", body, ""])
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    data = text.replace("\n", newline).encode("utf-8")
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    damage = b""
    if hostile:
        damage = draw(st.sampled_from([b"", b"\xff", b"\xed\xa0\x80", b"\x00"]))
    if damage:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + damage + data[at:]
    return data


def build(content, output):
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "CACHE_PATH": str(output.with_name("cache")),
        },
    )
    errors = [message for level, message in run_pelican(settings) if level == "ERROR"]
    return settings, errors


SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(post_file(hostile=False))
def test_every_post_of_extreme_but_valid_values_builds(data):
    post = check_and_build(data)
    assert not post.errors and not post.private, post.errors


@SETTINGS
@given(post_file(hostile=True))
def test_check_and_build_give_the_same_verdict_on_hostile_posts(data):
    post = check_and_build(data)
    event("held back" if post.errors or post.private else "published")


def check_and_build(data):
    """Build ``data`` as the journal's one post, read it as check does, and
    hold the two to one verdict; return what check read."""
    with tempfile.TemporaryDirectory() as folder:
        content, output = Path(folder) / "content", Path(folder) / "output"
        (content / "posts").mkdir(parents=True)
        path = content / "posts" / "generated.md"
        path.write_bytes(data)
        settings, errors = build(content, output)
        post = read_source(str(path), settings)

        assert not [e for e in errors if "Could not process" in e], errors
        ours = {e.removeprefix("frontmatter_reader: ") for e in errors}
        ours = {e for e in ours if "generated.md" in e}
        assert {str(p) for p in post.errors} == ours
        pages = sorted(output.glob("[0-9][0-9][0-9][0-9]/*/*/*/index.html"))
        if post.errors or post.private:
            assert pages == []
        else:
            date, slug = post.meta["date"], post.meta["slug"]
            expected = output / f"{date:%Y}/{date:%m}/{date:%d}/{slug}/index.html"
            assert pages == [expected]
        for file in output.rglob("*"):
            assert CANARY.decode() not in str(file)
            assert not file.is_file() or CANARY not in file.read_bytes(), file
        return post
