"""Helpers for tests that run work at the same moment in several threads or processes,
against the real PostgreSQL test database (tests that commit: ``transactional_site``)."""

import threading
import time
from collections.abc import Callable
from contextlib import contextmanager

from django.db import connection


def waiting_on_locks() -> int:
    """How many other connections to this database wait for a lock right now."""
    with connection.cursor() as cursor:
        # Inside a transaction PostgreSQL would keep showing its first snapshot.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def wait_for(condition: Callable[[], object], timeout: float = 30.0, interval: float = 0.05):
    """``condition()``'s first true value within ``timeout`` seconds, else None."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    return None


def run_in_threads(work: Callable[[], object], count: int = 2) -> tuple[list, list, list]:
    """Start ``count`` threads running ``work``; their results, errors and threads.

    Each thread closes its own database connection when done."""
    results, errors = [], []

    def target():
        try:
            results.append(work())
        except Exception as error:  # reported by the test, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=target) for _ in range(count)]
    for thread in threads:
        thread.start()
    return results, errors, threads


def join(threads: list[threading.Thread]) -> None:
    for thread in threads:
        thread.join(timeout=120)
        assert not thread.is_alive(), "a thread is still running"


@contextmanager
def insert_gate(model, key: int):
    """Every INSERT into ``model``'s table waits until ``open_gate(key)``.

    Threads racing to create the same row then all get past their "is it there already?"
    check before any of them inserts: the race the unique constraint and the locks have to
    settle happens every time, not by chance. ``key`` is an advisory lock number of the
    test's own (advisory locks are per database, so other test databases never meet it).
    """
    table = connection.ops.quote_name(model._meta.db_table)
    function = f"academy_test_gate_{key}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN PERFORM pg_advisory_xact_lock_shared({int(key)}); RETURN NEW; END $$"
        )
        cursor.execute(
            f"CREATE TRIGGER {function} BEFORE INSERT ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}()"
        )
        cursor.execute("SELECT pg_advisory_lock(%s)", [key])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock_all()")
            cursor.execute(f"DROP TRIGGER IF EXISTS {function} ON {table}")
            cursor.execute(f"DROP FUNCTION IF EXISTS {function}()")


def open_gate(key: int) -> None:
    """Let the inserts held by ``insert_gate(model, key)`` go."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
