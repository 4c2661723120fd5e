"""Settings from the environment (claimtrack.settings): CLAIMTRACK_* overrides a default, an empty
variable counts as unset, an argument wins over the environment, an object is JSON, and a bad value
is a validation error that names the setting."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from claimtrack.settings import Settings


def test_the_environment_overrides_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("CLAIMTRACK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CLAIMTRACK_UI_PORT", "9100")
    monkeypatch.setenv("CLAIMTRACK_FOLLOW_PRIMARIES", "false")
    monkeypatch.setenv("CLAIMTRACK_UI_USERS", '{"ana": "hash"}')
    monkeypatch.setenv("claimtrack_ui_lang", "zh")  # any case
    s = Settings()
    assert (s.data_dir, s.ui_port, s.follow_primaries, s.ui_users, s.ui_lang) == (
        tmp_path, 9100, False, {"ana": "hash"}, "zh")
    assert s.db_path == tmp_path / "claimtrack.db"


def test_an_empty_variable_is_unset_and_an_argument_wins(monkeypatch):
    monkeypatch.setenv("CLAIMTRACK_DB", "")
    monkeypatch.setenv("CLAIMTRACK_UI_PORT", "9100")
    s = Settings(ui_port=8600)
    assert s.db is None and s.ui_port == 8600
    assert Settings(db=Path("/tmp/x.db")).db_path == Path("/tmp/x.db")


@pytest.mark.parametrize("name,value", [("CLAIMTRACK_BACKEND", "mongo"), ("CLAIMTRACK_UI_PORT", "eighty"),
                                        ("CLAIMTRACK_UI_USERS", "{not json")])
def test_a_bad_value_names_the_setting(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError) as err:
        Settings()
    assert name.removeprefix("CLAIMTRACK_").lower() in str(err.value).lower()
