"""docker-compose.yml, parsed and checked: the services, security on, secrets from .env, volumes,
health checks, the nightly schedule. (No Docker engine here: the file is checked, not run.)"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"
# ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}, or $VAR; `$$` is a literal `$`.
VAR = re.compile(r"(?<!\$)\$(?:\{(\w+)(?:(:?[-?])([^}]*))?\}|(\w+))")


@pytest.fixture(scope="module")
def raw() -> str:
    return COMPOSE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def compose(raw) -> dict:
    return yaml.safe_load(raw)


@pytest.fixture(scope="module")
def env_example() -> dict[str, str]:
    pairs = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            pairs[key.strip()] = value.strip()
    return pairs


def interpolate(value, env: dict[str, str]):
    """Compose's variable substitution, enough to check this file (raises on a required variable)."""
    if isinstance(value, dict):
        return {k: interpolate(v, env) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, env) for v in value]
    if not isinstance(value, str):
        return value

    def sub(m: re.Match) -> str:
        name = m.group(1) or m.group(4)
        op, arg = m.group(2), m.group(3)
        if name in env and (env[name] or op not in (":-", ":?")):
            return env[name]
        if op and op.endswith("?"):
            raise KeyError(f"required variable {name}: {arg}")
        return arg if op else ""

    return VAR.sub(sub, value).replace("$$", "$")


def services(compose) -> dict:
    return compose["services"]


def test_services_present(compose):
    assert {"elasticsearch", "ui", "crawler"} <= set(services(compose))


def test_elasticsearch_single_node_with_security_on(compose, env_example):
    es = interpolate(services(compose)["elasticsearch"], env_example)
    env = es["environment"]
    assert env["discovery.type"] == "single-node"
    assert str(env["xpack.security.enabled"]).lower() == "true"
    assert env["ELASTIC_PASSWORD"] == env_example["ELASTIC_PASSWORD"]
    assert es["image"].endswith(f"elasticsearch:{env_example['ES_VERSION']}")
    assert es["image"].split(":")[-1].split(".")[0] == "9", "the Python client is elasticsearch-py 9"
    assert all(p.startswith("127.0.0.1:") for p in es["ports"]), "publish on loopback only"


def test_password_comes_from_env_and_is_required(compose, raw):
    es_env = services(compose)["elasticsearch"]["environment"]
    assert es_env["ELASTIC_PASSWORD"].startswith("${ELASTIC_PASSWORD:?")
    with pytest.raises(KeyError, match="ELASTIC_PASSWORD"):
        interpolate(services(compose)["elasticsearch"], {})
    assert "changeme" not in raw.lower() and "change-me" not in raw.lower()


def test_every_variable_is_documented_in_env_example(raw, env_example):
    used = {m.group(1) or m.group(4) for m in VAR.finditer(raw)}
    assert used, "the compose file takes its settings from .env"
    assert used <= set(env_example), f"not in .env.example: {sorted(used - set(env_example))}"
    assert (ROOT / ".gitignore").read_text().splitlines().count(".env") == 1, ".env must stay out of git"


def test_volumes_declared_and_mounted(compose):
    declared = set(compose["volumes"])
    es_mounts = services(compose)["elasticsearch"]["volumes"]
    assert any(v.endswith(":/usr/share/elasticsearch/data") and v.split(":")[0] in declared for v in es_mounts)
    for name in ("ui", "crawler"):
        mounts = services(compose)[name]["volumes"]
        assert any(v.split(":")[0] in declared and v.split(":")[1] == "/data" for v in mounts), name
        assert services(compose)[name]["environment"]["CLAIMTRACK_DATA_DIR"] == "/data"


@pytest.mark.parametrize("name", ["elasticsearch", "ui", "crawler"])
def test_every_service_has_a_healthcheck(compose, name):
    hc = services(compose)[name]["healthcheck"]
    assert hc["test"][0] in ("CMD", "CMD-SHELL") and len(hc["test"]) >= 2
    for key in ("interval", "timeout", "retries"):
        assert key in hc


def test_elasticsearch_healthcheck_authenticates(compose, env_example):
    test = interpolate(services(compose)["elasticsearch"]["healthcheck"]["test"], env_example)[1]
    assert "-u \"elastic:${ELASTIC_PASSWORD}\"" in test and "_cluster/health" in test


def test_app_services_use_elasticsearch_once_healthy(compose, env_example):
    for name in ("ui", "crawler"):
        svc = interpolate(services(compose)[name], env_example)
        env = svc["environment"]
        assert env["CLAIMTRACK_BACKEND"] == "elasticsearch"
        assert env["CLAIMTRACK_ES_URL"] == "http://elasticsearch:9200"
        assert env["CLAIMTRACK_ES_PASSWORD"] == env_example["ELASTIC_PASSWORD"]
        assert svc["depends_on"]["elasticsearch"]["condition"] == "service_healthy"
        assert svc["restart"] == "unless-stopped"


def test_ui_serves_on_loopback_and_listens_on_all_interfaces_inside(compose, env_example):
    ui = interpolate(services(compose)["ui"], env_example)
    assert ui["command"][:2] == ["claimtrack", "ui"]
    assert ui["environment"]["CLAIMTRACK_UI_HOST"] == "0.0.0.0"
    assert ui["ports"] == [f"127.0.0.1:{env_example['UI_PORT']}:8501"]
    assert "_stcore/health" in " ".join(ui["healthcheck"]["test"])


def test_crawler_is_scheduled_nightly(compose, env_example):
    crawler = interpolate(services(compose)["crawler"], env_example)
    script = crawler["command"][-1]
    assert crawler["command"][:2] == ["sh", "-c"]
    assert "claimtrack run --sources" in script and "sleep" in script and "tomorrow $CRAWL_AT" in script
    assert crawler["environment"]["CRAWL_AT"] == env_example["CRAWL_AT"]
    assert re.fullmatch(r"\d\d:\d\d", env_example["CRAWL_AT"])


def test_crawler_schedule_script_runs_under_sh(compose, env_example, tmp_path):
    """The schedule arithmetic, run for real with `sh` and GNU date, `sleep` and `claimtrack` stubbed."""
    if not shutil.which("sh") or subprocess.run(["date", "-u", "-d", "tomorrow 02:00", "+%s"],
                                                capture_output=True).returncode != 0:
        pytest.skip("needs sh and GNU date")
    script = interpolate(services(compose)["crawler"], env_example)["command"][-1]
    script = script.replace("/data/", f"{tmp_path}/").replace("while :; do", "for _ in 1; do")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "sleep").write_text(f"#!/bin/sh\necho \"$1\" > {tmp_path}/slept\n")
    (bin_dir / "claimtrack").write_text(f"#!/bin/sh\necho \"$@\" > {tmp_path}/ran\nexit 3\n")
    for f in ("sleep", "claimtrack"):
        (bin_dir / f).chmod(0o755)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "CRAWL_AT": "02:00", "SOURCES": "/app/seeds/sources.toml"}
    out = subprocess.run(["sh", "-c", script], env=env, capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    slept = int((tmp_path / "slept").read_text())
    assert 0 < slept <= 24 * 3600
    assert (tmp_path / "ran").read_text().split() == ["run", "--sources", "/app/seeds/sources.toml"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT02:00:00Z\n", (tmp_path / "crawler.next").read_text())
    assert "exited with 3" in out.stdout


def test_image_build_copies_paths_that_exist(compose):
    dockerfile = compose["x-claimtrack-app"]["build"]["dockerfile_inline"]
    for line in dockerfile.splitlines():
        if line.startswith("COPY "):
            for src in line.split()[1:-1]:
                assert (ROOT / src).exists(), src
    assert "pip install ." in dockerfile and "USER claimtrack" in dockerfile


def test_cli_commands_used_by_compose_exist():
    typer_testing = pytest.importorskip("typer.testing")
    from claimtrack.cli import app

    runner = typer_testing.CliRunner()
    for args in (["ui", "--help"], ["run", "--help"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    assert "--port" in runner.invoke(app, ["ui", "--help"]).output
    assert "--sources" in runner.invoke(app, ["run", "--help"]).output


def test_docker_compose_config_when_available():
    if shutil.which("docker") is None or subprocess.run(["docker", "compose", "version"],
                                                        capture_output=True).returncode != 0:
        pytest.skip("docker compose is not installed here: the file is checked by the tests above only")
    env = ROOT / ".env.example"
    out = subprocess.run(["docker", "compose", "--env-file", str(env), "-f", str(COMPOSE), "config", "-q"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
