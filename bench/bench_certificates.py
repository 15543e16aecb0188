"""Benchmark: rendering certificates, in a warm process and through a real Celery worker.

Creates a throwaway database ``test_<name>`` next to the one DATABASE_URL names (a worker
process must see committed rows, so nothing can be rolled back), migrates it, completes a
course for enough learners and issues their certificates without rendering them. Then:

1. in this process, warmed up: ``certificate_render`` on fresh certificates (the whole
   service: lock, HTML, QR code, WeasyPrint, file, row, e-mail), next to WeasyPrint alone
   (``html_to_pdf``) on the same certificates' HTML, made beforehand;
2. a real ``celery worker`` (prefork, CONCURRENCY children): the renders of N certificates
   are queued at once and timed until every one has its PDF (the "ready" e-mails go
   through the same worker).

The database, the PDFs and the queue are removed at the end.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/academy_bench \\
    REDIS_URL=redis://127.0.0.1:6379/14 \\
        .venv/bin/python bench/bench_certificates.py --repeat 20 --worker-certificates 200
"""

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_DIR))
SCRATCH = Path(tempfile.mkdtemp(prefix="academy-bench-certificates-"))
QUEUE = f"academy-bench-{uuid.uuid4().hex[:8]}"
# The worker's settings: the test settings (DEBUG off), tasks on this run's queue, files
# and mail in the scratch folder.
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.certificates.worker_settings"
os.environ["ACADEMY_TEST_QUEUE"] = QUEUE
os.environ["MEDIA_ROOT"] = str(SCRATCH / "media")
os.environ["ACADEMY_TEST_MAIL_DIR"] = str(SCRATCH / "mail")
(SCRATCH / "mail").mkdir()

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from lms.celery import app  # noqa: E402
from lms.certificates import services  # noqa: E402
from lms.certificates.models import Certificate  # noqa: E402
from lms.certificates.receivers import issue_on_completion  # noqa: E402
from lms.certificates.rendering import certificate_html, html_to_pdf  # noqa: E402
from lms.certificates.services import certificate_issue, certificate_render  # noqa: E402
from lms.certificates.tasks import render_certificate  # noqa: E402
from lms.learning.services import enrolment_assign, lesson_complete  # noqa: E402
from lms.learning.signals import enrolment_completed  # noqa: E402

ISSUE_ON_COMPLETION = "certificates.issue_on_completion"


def build(count: int) -> list[int]:
    """``count`` issued certificates, not rendered; their ids."""
    from wagtail.models import Site

    from lms.people.services import manager_scope_grant
    from tests.factories import LearnerFactory, ManagerFactory, StoreFactory
    from tests.factories.content import (
        CourseIndexPageFactory,
        CoursePageFactory,
        LessonPageFactory,
    )

    home = Site.objects.get(is_default_site=True).root_page
    course = CoursePageFactory(
        parent=CourseIndexPageFactory(parent=home),
        title="Greeting the customer",
        certificate_validity_months=24,
    )
    lesson = LessonPageFactory(parent=course, title="Say hello")
    store = StoreFactory()
    manager = ManagerFactory()
    manager_scope_grant(manager=manager, unit=store)
    learners = [
        LearnerFactory(full_name=f"Jana Nováková {number}", home_store=store)
        for number in range(count)
    ]
    enrolment_assign(actor=manager, people=learners, course=course, due_on=None)
    # Issue here, without queueing renders: the benchmark renders when it chooses.
    enrolment_completed.disconnect(dispatch_uid=ISSUE_ON_COMPLETION)
    original_queue_render = services._queue_render
    services._queue_render = lambda certificate: None
    try:
        ids = []
        for learner in learners:
            lesson_complete(user=learner, lesson=lesson)
            ids.append(certificate_issue(enrolment=learner.enrolments.get()).pk)
    finally:
        services._queue_render = original_queue_render
        enrolment_completed.connect(issue_on_completion, dispatch_uid=ISSUE_ON_COMPLETION)
    return ids


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def in_process(ids: list[int], repeat: int) -> dict[str, float]:
    """Median ms per certificate: the whole service, WeasyPrint alone, the HTML alone."""
    warm_up, measured = ids[:3], ids[3 : 3 + repeat]
    for certificate_id in warm_up:
        certificate_render(certificate_id=certificate_id)
    certificates = list(
        Certificate.objects.filter(pk__in=measured).select_related("design_revision", "design")
    )
    designs = {
        certificate.pk: certificate.design_revision.as_object() for certificate in certificates
    }
    html_samples, pdf_samples, service_samples = [], [], []
    pages = {}
    for certificate in certificates:
        start = time.perf_counter()
        pages[certificate.pk] = certificate_html(
            certificate=certificate, design=designs[certificate.pk]
        )
        html_samples.append(time.perf_counter() - start)
    # Alternate WeasyPrint alone and the whole service, so drift hits both alike.
    for certificate in certificates:
        start = time.perf_counter()
        html_to_pdf(pages[certificate.pk])
        pdf_samples.append(time.perf_counter() - start)
        start = time.perf_counter()
        certificate_render(certificate_id=certificate.pk)
        service_samples.append(time.perf_counter() - start)
    return {
        "service": median_ms(service_samples),
        "weasyprint": median_ms(pdf_samples),
        "html": median_ms(html_samples),
        "samples": len(service_samples),
    }


def start_worker(concurrency: int, log: Path) -> subprocess.Popen:
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@"
            f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
        ),
    }
    process = subprocess.Popen(  # noqa: S603 - our interpreter, fixed arguments
        [sys.executable, "-m", "celery", "-A", "lms", "worker", "--pool=prefork",
         f"--concurrency={concurrency}", "-Q", QUEUE, "-n", f"{QUEUE}@%h",
         "--without-heartbeat", "--without-gossip", "--without-mingle",
         "--loglevel=WARNING", f"--logfile={log}"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        replies = app.control.inspect(destination=[f"{QUEUE}@{os.uname().nodename}"]).ping()
        if replies:
            return process
        time.sleep(0.5)
    stop_worker(process)
    raise RuntimeError(f"the worker did not start:\n{log.read_text()}")


def stop_worker(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def through_worker(ids: list[int], concurrency: int) -> dict[str, float]:
    """Seconds from queueing the renders of ``ids`` until every one has its PDF."""
    process = start_worker(concurrency, SCRATCH / "worker.log")
    try:
        pending = Certificate.objects.filter(pk__in=ids, pdf="")
        start = time.perf_counter()
        for certificate_id in ids:
            render_certificate.apply_async(args=[certificate_id], queue=QUEUE)
        while pending.exists():
            if time.perf_counter() - start > 1800:
                raise RuntimeError("the worker did not render them all within 30 minutes")
            time.sleep(0.1)
        seconds = time.perf_counter() - start
    finally:
        stop_worker(process)
    return {"seconds": seconds, "count": len(ids), "concurrency": concurrency}


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown CPU",
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgresql = cursor.fetchone()[0].split()[0]
    import weasyprint

    return (
        f"{os.cpu_count()} cores ({cpu}), Python {sys.version.split()[0]}, "
        f"WeasyPrint {weasyprint.__version__}, PostgreSQL {postgresql}"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--worker-certificates", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    if not settings.REDIS_URL:
        sys.exit("Set REDIS_URL: the worker part needs a broker.")
    # Mail queued by renders in this process goes to this run's queue, emptied at the end.
    app.conf.task_always_eager = False
    app.conf.task_default_queue = QUEUE
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        ids = build(3 + args.repeat + args.worker_certificates)
        warm = in_process(ids[: 3 + args.repeat], args.repeat)
        worker = through_worker(ids[3 + args.repeat :], args.concurrency)
        print(machine())
        print()
        print(f"| what | median of {warm['samples']} |")
        print("|---|---|")
        print(f"| `certificate_render`, whole service, warm process | {warm['service']:.0f} ms |")
        print(f"| WeasyPrint alone (`html_to_pdf`), same HTML | {warm['weasyprint']:.0f} ms |")
        print(f"| the HTML alone (`certificate_html`, with its QR code) | {warm['html']:.1f} ms |")
        print()
        per_certificate = worker["seconds"] / worker["count"] * 1000
        children = "child" if worker["concurrency"] == 1 else "children"
        print(
            f"{worker['count']} certificates through a real worker (prefork, "
            f"{worker['concurrency']} {children}): {worker['seconds']:.1f} s, "
            f"{per_certificate:.0f} ms per certificate, "
            f"{worker['count'] / worker['seconds'] * 60:.0f} a minute"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        import redis

        client = redis.Redis.from_url(settings.REDIS_URL)
        for key in client.scan_iter(match=f"*{QUEUE}*"):
            client.delete(key)
        shutil.rmtree(SCRATCH, ignore_errors=True)


if __name__ == "__main__":
    main()
