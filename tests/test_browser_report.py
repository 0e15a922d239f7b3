"""The visit report printed by the browser: one page on A4 and on Letter, in grey."""

import re
import shutil
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import test_tasks
from browser_support import ARTIFACTS
from conftest import ROOT
from invoke import Context

project = test_tasks.project  # the fixture: a copy of the project in tmp_path


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_visit_report_prints_on_one_page(project, monkeypatch, new_page, paper):
    shutil.rmtree(project / "content")
    shutil.copytree(ROOT / "content", project / "content")
    now = datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Europe/London"))
    monkeypatch.setattr(test_tasks.tasks, "_now", lambda: now)
    test_tasks.tasks.report(Context(), since="2026-04-15")
    (report,) = (project / "reports").glob("report-*.html")
    page = new_page()
    page.goto(report.as_uri())
    page.emulate_media(media="print", color_scheme="dark")  # the page's own colours
    assert page.locator("table").count() > 0
    assert page.locator("figure.period svg.tl-svg").is_visible()
    colours = page.evaluate(
        """() => [...document.querySelectorAll('figure.period svg *')]
            .flatMap((el) => [getComputedStyle(el).fill, getComputedStyle(el).stroke])
            .filter((c) => c.startsWith('rgb'))"""
    )
    assert colours
    channels = [re.findall(r"\d+", colour)[:3] for colour in colours]
    assert [c for c in channels if len(set(c)) != 1] == []  # black, white, greys
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / f"visit-report-{paper}.pdf"
    page.pdf(path=str(pdf), format=paper)
    data = pdf.read_bytes()
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == 1
    assert page.problems == []
