"""docker-compose.yml (Neo4j + dashboard) is a valid Compose file; checked with `docker-compose config`,
which needs no Docker engine."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def compose(*args, **env):
    if shutil.which("docker-compose") is None:
        pytest.skip("docker-compose is not installed (Debian: apt-get install docker-compose)")
    clean = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    return subprocess.run(["docker-compose", *args], cwd=REPO, env={**clean, **env},
                          capture_output=True, text=True, timeout=60)


def test_compose_file_is_valid_with_and_without_a_password_set():
    for env in ({}, {"NEO4J_PASSWORD": "fictional-password"}):
        result = compose("config", "-q", **env)
        assert result.returncode == 0, result.stderr


def test_compose_takes_auth_from_the_environment_and_wires_the_app_to_neo4j():
    config = compose("config", NEO4J_PASSWORD="fictional-password").stdout
    assert "NEO4J_AUTH: neo4j/fictional-password" in config
    assert "NEO4J_URI: bolt://neo4j:7687" in config and "condition: service_healthy" in config
    assert "casegraph dashboard --store neo4j" in config
    assert "0.0.0.0:7687" not in config and "127.0.0.1:7687" in config  # only reachable from this machine
