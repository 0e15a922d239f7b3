"""The W3C Nu HTML checker finds no error in any page, SVG or CSS file built.

vnu (npm's ``vnu-jar``, pinned in package.json and installed by ``.ci/run``
with ``npm ci``) runs on Debian's Java, once over two builds, since the JVM
is slow to start: the sample journal, and the post, page and comments with
markup in every field. Without Java or vnu.jar the test skips, except in CI,
where it fails.
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from browser_support import unavailable
from conftest import ROOT, build_markup_in_every_field

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL = "apt-get install default-jre-headless; npm ci"


@pytest.fixture(scope="module")
def markup_in_every_field(tmp_path_factory):
    return build_markup_in_every_field(tmp_path_factory.mktemp("validation"))


def vnu_messages(*folders):
    """Every message vnu has about the HTML, SVG and CSS files in ``folders``."""
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        unavailable("HTML validation", f"java and {VNU.relative_to(ROOT)}", INSTALL)
    done = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--stdout", "--skip-non-html",
         "--also-check-css", "--also-check-svg", *map(str, folders)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    return json.loads(done.stdout)["messages"]


def test_the_nu_checker_finds_no_error_in_any_page_svg_or_css(
    sample_site, markup_in_every_field
):
    folders = [sample_site.output, markup_in_every_field.output]
    messages = vnu_messages(*folders)
    checked = {m["url"] for m in messages} | {
        p.as_uri()
        for f in folders
        for p in f.rglob("*")
        if p.suffix in (".svg", ".css")
    }
    assert any(url.endswith(".svg") for url in checked)
    errors = [
        f"{shown(m['url'], folders)}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]
    assert errors == []


def shown(url, folders):
    path = Path(url.removeprefix("file:"))
    for folder in folders:
        if path.is_relative_to(folder):
            return path.relative_to(folder.parent).as_posix()
    return url


NESTED = re.compile(r"[^{};]+\{")  # a selector and its opening brace


def nested_rules(css):
    """Rules opened inside another rule (not an @media or @supports block):
    a rule whose closing brace went missing swallows every rule after it,
    and CSS nesting is valid, so no checker says a word."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    found, open_blocks = [], []
    for token in re.finditer(r"[^{}]*\{|\}", css):
        text = token.group(0)
        if text == "}":
            open_blocks.pop()
            continue
        head = text[:-1].strip().split(";")[-1].strip()
        if open_blocks and not open_blocks[-1].startswith("@"):
            found.append(f"{head!r} inside {open_blocks[-1]!r}")
        open_blocks.append(head)
    return found


@pytest.mark.parametrize(
    "path", sorted((ROOT / "theme" / "static" / "css").glob("*.css")), ids=str
)
def test_the_themes_css_nests_no_rule_in_another(path):
    assert nested_rules(path.read_text(encoding="utf-8")) == []


def test_a_rule_left_open_is_found():
    css = "@media print { a { color: red; } }\n.title { font-size: 2rem;\n.b { x: y; }"
    assert nested_rules(css + "}") == ["'.b' inside '.title'"]
