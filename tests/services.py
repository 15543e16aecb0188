"""Throwaway PostgreSQL and Redis servers for a test run that was given none.

Loaded with ``-p tests.services`` so it runs before pytest-django reads the settings:
when ``DATABASE_URL`` or ``REDIS_URL`` is missing, it starts a server with
pytest-postgresql's or pytest-redis's executor, points the variable at it, and stops
it when the run ends. The suite never falls back to SQLite.
"""

import glob
import os
import shutil
import socket
import tempfile
from pathlib import Path

import pytest

_servers = []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _find_pg_ctl() -> str:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    found = shutil.which("pg_ctl") or (candidates[0] if candidates else None)
    if not found:
        raise pytest.UsageError(
            "Tests need PostgreSQL: set DATABASE_URL, or install the server "
            "(sudo apt-get install postgresql) so a throwaway one can be started."
        )
    return found


def _start_postgresql(workdir: Path) -> str:
    from pytest_postgresql.executors.proc import PostgreSQLExecutor

    if os.geteuid() == 0:
        raise pytest.UsageError(
            "PostgreSQL refuses to run as root, so no throwaway server can be started. "
            "Set DATABASE_URL to a PostgreSQL server (e.g. "
            "postgres://postgres@127.0.0.1:5432/academy) or run the tests as a normal user."
        )
    port = _free_port()
    server = PostgreSQLExecutor(
        executable=_find_pg_ctl(),
        host="127.0.0.1",
        port=port,
        datadir=str(workdir / "pgdata"),
        unixsocketdir=str(workdir),
        logfile=str(workdir / "postgresql.log"),
        startparams="-w",
        dbname="academy",
        user="postgres",
    )
    server.start()
    _servers.append(server)
    return f"postgres://postgres@127.0.0.1:{port}/postgres"


def _start_redis(workdir: Path) -> str:
    from pytest_redis.executor.process import RedisExecutor

    executable = shutil.which("redis-server")
    if not executable:
        raise pytest.UsageError(
            "Tests need Redis: set REDIS_URL, or install the server "
            "(sudo apt-get install redis-server) so a throwaway one can be started."
        )
    port = _free_port()
    server = RedisExecutor(
        executable=executable,
        databases=16,
        redis_timeout=30,
        loglevel="warning",
        host="127.0.0.1",
        port=port,
        datadir=workdir,
    )
    server.start()
    _servers.append(server)
    return f"redis://127.0.0.1:{port}/0"


@pytest.hookimpl(hookwrapper=True)
def pytest_load_initial_conftests(early_config, parser, args):
    needs_database = not os.environ.get("DATABASE_URL")
    needs_redis = not os.environ.get("REDIS_URL")
    if needs_database or needs_redis:
        workdir = Path(tempfile.mkdtemp(prefix="academy-test-services-"))
        if needs_redis:
            os.environ["REDIS_URL"] = _start_redis(workdir)
        if needs_database:
            os.environ["DATABASE_URL"] = _start_postgresql(workdir)
    if not os.environ["DATABASE_URL"].startswith(("postgres://", "postgresql://")):
        raise pytest.UsageError("The test suite runs on PostgreSQL only; DATABASE_URL is not one.")
    yield


def pytest_unconfigure(config):
    while _servers:
        _servers.pop().stop()
