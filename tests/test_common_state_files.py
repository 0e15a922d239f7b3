"""What a fetch keeps between runs (plugins/common/state_files.py)."""

import json
from dataclasses import dataclass, field

from plugins.common.state_files import read_state, state_from_json, state_json


@dataclass
class State:
    address: str
    items: list = field(default_factory=list)


def parse(text):
    return state_from_json(State, text, 2)


def test_a_state_reads_back_as_written_and_unknown_fields_are_left_out():
    text = state_json(State("https://a.example/", ["x"]), 2, items=["as written"])
    assert json.loads(text)["version"] == 2
    data = json.loads(text) | {"added_later": True}
    assert parse(json.dumps(data)) == State("https://a.example/", ["as written"])


def test_no_file_is_no_state(tmp_path):
    assert read_state(tmp_path / "none.json", parse, "a source") is None


def test_a_file_of_another_version_or_no_json_is_moved_aside(tmp_path, caplog):
    for name, text in (("old", state_json(State("a"), 1)), ("bad", "{not json")):
        path = tmp_path / f"{name}.json"
        path.write_text(text)
        assert read_state(path, parse, f"source {name}") is None
        assert not path.exists()
        assert path.with_suffix(".json.unreadable").read_text() == text
        assert f"cannot read the state of source {name}" in caplog.text
