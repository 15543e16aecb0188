"""A real Celery worker whose child process is killed half-way through a render.

The worker runs with the project's settings for certificates (late acknowledgement,
``reject_on_worker_lost``) against this test's PostgreSQL database and Redis. The test
holds the render at the worst moment, after the PDF file is written and before the row
that records it is committed, kills the worker's child (not the main process, which hands
the task back), and checks that the task runs again and leaves one certificate, one good
PDF, one file and one e-mail.
"""

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import psutil
import pytest
import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone

from lms.celery import app
from lms.certificates.models import Certificate
from lms.certificates.receivers import issue_on_completion
from lms.certificates.services import certificate_issue
from lms.learning.signals import enrolment_completed
from tests.concurrency import wait_for

pytestmark = pytest.mark.worker

PROJECT_DIR = Path(__file__).resolve().parents[2]
TASK_NAME = "lms.certificates.tasks.render_certificate"
ISSUE_ON_COMPLETION = "certificates.issue_on_completion"
# Advisory locks are per database, so runs on other test databases never meet this key.
GATE_KEY = 8_0002


@pytest.fixture(autouse=True)
def _issuing_on_completion_muted():
    """Outside a test transaction a completion's on-commit callbacks run at once and would
    issue the certificate while the fixture builds the enrolment; the test issues once
    the worker is up."""
    enrolment_completed.disconnect(dispatch_uid=ISSUE_ON_COMPLETION)
    yield
    enrolment_completed.connect(issue_on_completion, dispatch_uid=ISSUE_ON_COMPLETION)


@pytest.fixture
def completed_enrolment(transactional_site, completed_enrolment):
    """The shared fixture's enrolment, committed for real, with no certificate yet."""
    assert not Certificate.objects.exists()
    return completed_enrolment


class Worker:
    """A ``celery worker`` process with one prefork child, on a queue of its own."""

    def __init__(self, *, queue: str, log: Path, process: subprocess.Popen):
        self.queue = queue
        self.node = f"{queue}@{os.uname().nodename}"
        self.log = log
        self.process = process

    def log_text(self) -> str:
        return self.log.read_text() if self.log.exists() else ""

    def children(self) -> list[int]:
        return [child.pid for child in psutil.Process(self.process.pid).children()]

    def active_tasks(self) -> list[dict] | None:
        """The tasks its children run now, as the worker reports them (None: no answer)."""
        replies = app.control.inspect(destination=[self.node], timeout=3).active() or {}
        return replies.get(self.node)

    def active_task_pid(self, task_name: str) -> int | None:
        """The pid of the child running ``task_name``."""
        for task in self.active_tasks() or []:
            if task["name"] == task_name and task.get("worker_pid"):
                return task["worker_pid"]
        return None

    def idle(self) -> bool:
        """Nothing waiting in its queue and nothing running."""
        waiting = redis.Redis.from_url(settings.REDIS_URL).llen(self.queue)
        return waiting == 0 and self.active_tasks() == []

    def stop(self) -> None:
        """Warm shutdown, then kill whatever is left of its process group."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # its own group (start_new_session)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=10)


@pytest.fixture
def mail_dir(tmp_path) -> Path:
    folder = tmp_path / "mail"
    folder.mkdir()
    return folder


@pytest.fixture
def worker(transactional_site, monkeypatch, tmp_path, mail_dir, settings):
    """Start ``celery worker`` (prefork, one child) on a queue of its own, pointed at the
    test database, this test's media folder and a folder for its mail."""
    queue = f"academy-test-{uuid.uuid4().hex[:8]}"
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.certificates.worker_settings",
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@"
            f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "REDIS_URL": settings.REDIS_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "ACADEMY_TEST_QUEUE": queue,
        "ACADEMY_TEST_MAIL_DIR": str(mail_dir),
    }
    log = tmp_path / "worker.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "lms", "worker", "--pool=prefork",
         "--concurrency=1", "-Q", queue, "-n", f"{queue}@%h", "--without-heartbeat",
         "--without-gossip", "--without-mingle", "--loglevel=INFO", f"--logfile={log}"],
        cwd=PROJECT_DIR,
        env=env,
        start_new_session=True,
    )  # fmt: skip
    running = Worker(queue=queue, log=log, process=process)
    # This process sends to Redis, on the worker's queue, instead of running tasks itself.
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setitem(app.conf, "broker_url", settings.REDIS_URL)
    monkeypatch.setitem(app.conf, "task_default_queue", queue)
    try:
        ready = wait_for(lambda: "ready." in running.log_text(), timeout=90)
        assert ready, f"the worker did not start:\n{running.log_text()}"
        yield running
    finally:
        running.stop()
        client = redis.Redis.from_url(settings.REDIS_URL)
        for key in client.scan_iter(match=f"*{queue}*"):
            client.delete(key)


@pytest.fixture
def render_gate():
    """Holds a render after its PDF file is written, until the test lets it go.

    A trigger makes the UPDATE that records the PDF wait for an advisory lock this
    connection holds. Only that UPDATE: issuing writes the row with no PDF.
    """
    table = Certificate._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION academy_test_render_gate() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN PERFORM pg_advisory_xact_lock_shared({GATE_KEY}); RETURN NEW; END $$"
        )
        cursor.execute(
            f"CREATE TRIGGER academy_test_render_gate BEFORE UPDATE ON {table} FOR EACH ROW "
            "WHEN (OLD.pdf = '' AND NEW.pdf <> '') EXECUTE FUNCTION academy_test_render_gate()"
        )
        cursor.execute("SELECT pg_advisory_lock(%s)", [GATE_KEY])

    def open_gate():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock_all()")

    try:
        yield open_gate
    finally:
        open_gate()
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '30s'")
            cursor.execute(f"DROP TRIGGER IF EXISTS academy_test_render_gate ON {table}")
            cursor.execute("DROP FUNCTION IF EXISTS academy_test_render_gate()")
            cursor.execute("RESET lock_timeout")


def held_at_gate() -> bool:
    """Whether a connection (the worker's child) waits at the render gate."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND wait_event = 'advisory'"
        )
        return cursor.fetchone()[0] == 1


def pdf_files() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "certificates"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_render_survives_its_worker_child_being_killed_half_way(
    completed_enrolment, worker, render_gate, mail_dir, tmp_path
):
    certificate = certificate_issue(enrolment=completed_enrolment)  # queues the render

    # The child has written the file and waits to record it in the open transaction.
    assert wait_for(lambda: held_at_gate() and pdf_files(), timeout=60), worker.log_text()
    child = wait_for(lambda: worker.active_task_pid(TASK_NAME), timeout=30)
    assert child, "the worker does not report the render as active"
    assert child in worker.children()
    killed_at = timezone.now()
    os.kill(child, signal.SIGKILL)
    assert wait_for(lambda: child not in worker.children(), timeout=30)
    render_gate()  # the killed child's transaction can now end, rolled back

    def rendered():
        certificate.refresh_from_db()
        return certificate.pdf

    assert wait_for(rendered, timeout=60), worker.log_text()
    assert wait_for(lambda: list(mail_dir.iterdir()), timeout=30), worker.log_text()
    assert wait_for(worker.idle, timeout=30)

    assert "signal 9" in worker.log_text()  # the worker saw its child die mid-task
    assert certificate.rendered_at > killed_at  # and ran the task again
    assert Certificate.objects.count() == 1
    assert [path.name for path in pdf_files()] == [Path(certificate.pdf.name).name]
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(certificate.pdf.read())
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Jana Nováková" in text
    assert certificate.code in text
    mails = [path.read_text() for path in mail_dir.iterdir()]
    assert len(mails) == 1
    assert mails[0].count("Subject: ") == 1
