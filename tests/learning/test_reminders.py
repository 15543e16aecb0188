"""Reminders before a due date and when overdue, and the managers' weekly digest.

Every run is given its ``now``; the days counted are those of the person's home store.
Wednesday 25 November 2026 is the usual day (a Monday is needed only for digests).
"""

import threading
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Site

from lms.learning import reminders
from lms.learning.models import ReminderSent
from lms.learning.reminders import digest_key, reminders_send
from lms.learning.tasks import send_reminders
from lms.notifications.services import notification_preference_set
from lms.people.models import ManagerScope
from tests.factories import LearnerFactory, ManagerFactory, RegionFactory, StoreFactory
from tests.factories.content import CourseIndexPageFactory, CoursePageFactory
from tests.factories.learning import EnrolmentFactory

BRATISLAVA = "Europe/Bratislava"  # UTC+1 in November
BISHKEK = "Asia/Bishkek"  # UTC+6
LOS_ANGELES = "America/Los_Angeles"  # UTC-8 in November
WEDNESDAY = date(2026, 11, 25)
MONDAY = date(2026, 11, 23)


def local(day: date, hour: int, minute: int = 0, zone: str = BRATISLAVA) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(zone))


def learner_in(zone: str = BRATISLAVA, **kwargs):
    return LearnerFactory(home_store=StoreFactory(time_zone=zone), **kwargs)


def enrol(person, course, *, due_in: int | None, today: date = WEDNESDAY, **kwargs):
    """An enrolment due ``due_in`` days after ``today`` (negative: already late)."""
    due_on = None if due_in is None else today + timedelta(days=due_in)
    return EnrolmentFactory(user=person, course=course, due_on=due_on, **kwargs)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the job at ``now`` with on-commit mail delivered, as outside a test transaction."""

    def run_at(now: datetime) -> dict[str, int]:
        with django_capture_on_commit_callbacks(execute=True):
            return reminders_send(now=now)

    return run_at


def mail_to(outbox, person) -> list:
    return [message for message in outbox if message.to == [person.email]]


pytestmark = pytest.mark.django_db


# --- When learners are reminded


@pytest.mark.parametrize(("due_in", "sent"), [(3, True), (2, False), (1, True), (0, False)])
def test_due_soon_reminder_goes_three_and_one_days_before(course, run, mailoutbox, due_in, sent):
    person = learner_in()
    enrol(person, course, due_in=due_in)

    counts = run(local(WEDNESDAY, 9))

    assert counts["reminders"] == int(sent)
    assert len(mail_to(mailoutbox, person)) == int(sent)
    if sent:
        assert ReminderSent.objects.get().kind == ReminderSent.Kind.DUE_SOON


@pytest.mark.parametrize(
    ("days_late", "sent"), [(1, True), (2, False), (7, False), (8, True), (15, True)]
)
def test_overdue_reminder_goes_on_the_first_day_late_then_weekly(
    course, run, mailoutbox, days_late, sent
):
    person = learner_in()
    enrol(person, course, due_in=-days_late)

    run(local(WEDNESDAY, 9))

    assert len(mail_to(mailoutbox, person)) == int(sent)
    if sent:
        assert ReminderSent.objects.get().kind == ReminderSent.Kind.OVERDUE


def test_completed_withdrawn_and_undated_enrolments_get_no_reminder(course, run, mailoutbox):
    now = local(WEDNESDAY, 9)
    enrol(learner_in(), course, due_in=3, completed_at=now - timedelta(days=1))
    enrol(learner_in(), course, due_in=-1, withdrawn_at=now - timedelta(days=5))
    enrol(learner_in(), course, due_in=None)
    enrol(learner_in(is_active=False), course, due_in=1)

    assert run(now)["reminders"] == 0
    assert mailoutbox == []
    assert not ReminderSent.objects.exists()


def test_nothing_before_the_local_morning_hour_and_it_catches_up_later_that_day(
    course, run, mailoutbox
):
    person = learner_in()
    enrol(person, course, due_in=3)

    run(local(WEDNESDAY, 7, 59))
    assert mailoutbox == []

    run(local(WEDNESDAY, 15))  # the eight o'clock run was missed
    assert len(mailoutbox) == 1


def test_the_morning_hour_is_a_setting(course, run, mailoutbox, settings):
    settings.LEARNING_REMINDER_HOUR = 10
    settings.LEARNING_REMINDER_DAYS_BEFORE = (5,)
    person = learner_in()
    enrol(person, course, due_in=5)

    run(local(WEDNESDAY, 9))
    assert mailoutbox == []
    run(local(WEDNESDAY, 10))
    assert len(mailoutbox) == 1


def test_each_store_is_reminded_in_its_own_morning_and_on_its_own_date(course, run, mailoutbox):
    in_bishkek = learner_in(BISHKEK)
    in_los_angeles = learner_in(LOS_ANGELES)
    # Both due on Saturday 28 November, their local date.
    enrol(in_bishkek, course, due_in=3)
    enrol(in_los_angeles, course, due_in=3)

    # 02:30 UTC: 08:30 on Wednesday in Bishkek, 18:30 on Tuesday in Los Angeles (4 days left).
    run(datetime(2026, 11, 25, 2, 30, tzinfo=ZoneInfo("UTC")))
    assert [message.to for message in mailoutbox] == [[in_bishkek.email]]

    # 15:00 UTC: 07:00 on Wednesday in Los Angeles, not yet morning.
    run(datetime(2026, 11, 25, 15, tzinfo=ZoneInfo("UTC")))
    assert len(mailoutbox) == 1

    # 16:00 UTC: 08:00 in Los Angeles.
    run(datetime(2026, 11, 25, 16, tzinfo=ZoneInfo("UTC")))
    assert [message.to for message in mailoutbox] == [[in_bishkek.email], [in_los_angeles.email]]
    assert set(ReminderSent.objects.values_list("local_date", flat=True)) == {WEDNESDAY}


def test_a_store_inherits_its_regions_time_zone(course, run, mailoutbox):
    region = RegionFactory(time_zone=BISHKEK)
    person = LearnerFactory(home_store=StoreFactory(parent=region))
    enrol(person, course, due_in=1)

    run(local(WEDNESDAY, 7, zone=BRATISLAVA))  # 12:00 in Bishkek

    assert len(mailoutbox) == 1


# --- Never twice a day


def test_running_twice_sends_one_reminder(course, run, mailoutbox):
    person = learner_in()
    enrol(person, course, due_in=1)

    first = run(local(WEDNESDAY, 8, 5))
    second = run(local(WEDNESDAY, 9, 5))

    assert (first["reminders"], second["reminders"]) == (1, 0)
    assert len(mailoutbox) == 1
    assert ReminderSent.objects.count() == 1


def test_the_next_reminder_comes_on_its_own_day(course, run, mailoutbox):
    person = learner_in()
    enrol(person, course, due_in=3)

    run(local(WEDNESDAY, 9))
    run(local(WEDNESDAY + timedelta(days=1), 9))  # 2 days left: nothing
    run(local(WEDNESDAY + timedelta(days=2), 9))  # 1 day left

    assert len(mailoutbox) == 2
    assert ReminderSent.objects.count() == 2


def test_the_record_of_old_reminders_is_purged_and_today_still_sends_none_twice(
    course, run, mailoutbox, settings
):
    settings.LEARNING_REMINDERS_KEEP_DAYS = 30
    person = learner_in()
    enrol(person, course, due_in=1)
    run(local(WEDNESDAY, 9))
    for days_ago in (29, 30, 31, 200):
        ReminderSent.objects.create(
            user=person,
            kind=ReminderSent.Kind.OVERDUE,
            key=f"old-{days_ago}",
            local_date=WEDNESDAY - timedelta(days=days_ago),
        )

    assert reminders.reminders_sent_purge(today=WEDNESDAY) == 2

    kept = sorted(ReminderSent.objects.values_list("key", flat=True))
    assert kept == [f"enrolment-{person.enrolments.get().pk}", "old-29", "old-30"]
    run(local(WEDNESDAY, 10))
    assert len(mailoutbox) == 1


def test_one_mail_lists_every_course_of_the_day_and_a_later_one_only_the_new(
    course, course_index, run, mailoutbox
):
    person = learner_in()
    other = CoursePageFactory(parent=course_index, title="Handling returns")
    third = CoursePageFactory(parent=course_index, title="Closing the till")
    enrol(person, course, due_in=1)
    enrol(person, other, due_in=-1)

    run(local(WEDNESDAY, 9))
    enrol(person, third, due_in=3)  # assigned later that morning
    run(local(WEDNESDAY, 11))

    first, second = mailoutbox
    assert first.subject == "2 courses need your attention"
    assert "Greeting customers" in first.body
    assert "Handling returns" in first.body
    assert "Closing the till" not in first.body
    assert second.subject == "Due in 3 days: Closing the till"
    assert "Greeting customers" not in second.body
    assert ReminderSent.objects.filter(user=person).count() == 3


def test_a_person_who_switched_optional_mail_off_gets_no_reminder(course, run, mailoutbox):
    person = learner_in()
    enrol(person, course, due_in=1)
    notification_preference_set(user=person, optional_email=False)

    assert run(local(WEDNESDAY, 9))["reminders"] == 0
    assert mailoutbox == []
    # Nothing is recorded as sent, so switching back on the same day still reminds.
    notification_preference_set(user=person, optional_email=True)
    run(local(WEDNESDAY, 10))
    assert len(mailoutbox) == 1


def test_queries_do_not_grow_with_the_number_of_people(course, run):
    def queries_for(people: int, day: date) -> int:
        for _ in range(people):
            enrol(learner_in(), course, due_in=1, today=day)
        with CaptureQueriesContext(connection) as queries:
            counts = run(local(day, 9))
        assert counts["reminders"] == people
        return len(queries)

    one = queries_for(1, WEDNESDAY)
    five = queries_for(5, WEDNESDAY + timedelta(days=1))

    # Per mail only: the person's transaction and the claim's savepoint (begin and
    # release each), the claim's insert, the mail preference.
    assert five - one <= 4 * 6, (one, five)


# --- What the mail says, in the person's language


def test_reminder_in_english_links_to_the_course_and_to_switching_mail_off(
    course, run, mailoutbox, settings
):
    person = learner_in(full_name="Jana Nováková", preferred_language="en")
    enrol(person, course, due_in=3)

    run(local(WEDNESDAY, 9))

    (message,) = mailoutbox
    assert message.subject == "Due in 3 days: Greeting customers"
    assert "Hello Jana Nováková," in message.body
    assert "due Nov. 28, 2026, in 3 days" in message.body
    assert f"{settings.SITE_URL}/en/courses/greeting-customers/" in message.body
    assert f"{settings.SITE_URL}/en/accounts/profile/" in message.body
    html = message.alternatives[0][0]
    assert f'href="{settings.SITE_URL}/en/courses/greeting-customers/"' in html
    assert f'href="{settings.SITE_URL}/en/accounts/profile/"' in html


def test_reminder_in_russian_names_the_russian_course_and_links_to_it(
    course, run, mailoutbox, settings
):
    russian = course.copy_for_translation(Locale.objects.get(language_code="ru"), copy_parents=True)
    russian.title = "Приветствие покупателей"
    russian.save_revision().publish()
    person = learner_in(preferred_language="ru")
    enrol(person, course, due_in=-1)

    run(local(WEDNESDAY, 9))

    (message,) = mailoutbox
    assert "Приветствие покупателей" in message.subject
    assert "Приветствие покупателей" in message.body
    assert "Greeting customers" not in message.body
    assert "24 ноября 2026" in message.body  # the due date, in Russian
    assert f"{settings.SITE_URL}/ru/courses/greeting-customers/" in message.body
    assert f"{settings.SITE_URL}/ru/accounts/profile/" in message.body


def test_without_a_live_translation_the_reminder_links_the_course_it_has(
    course, run, mailoutbox, settings
):
    person = learner_in(preferred_language="sk")
    enrol(person, course, due_in=1)

    run(local(WEDNESDAY, 9))

    (message,) = mailoutbox
    assert "Greeting customers" in message.body
    assert f"{settings.SITE_URL}/en/courses/greeting-customers/" in message.body
    assert f"{settings.SITE_URL}/sk/accounts/profile/" in message.body


# --- The managers' digest


@pytest.fixture
def team(course):
    """A manager of a region with two stores, one late learner in each, and one outside."""
    region = RegionFactory(time_zone=BRATISLAVA)
    first = LearnerFactory(
        full_name="Anna", home_store=StoreFactory(parent=region, name="Old Town")
    )
    second = LearnerFactory(
        full_name="Boris", home_store=StoreFactory(parent=region, name="Ruzinov")
    )
    outside = learner_in(BRATISLAVA, full_name="Xenia")
    manager = ManagerFactory(full_name="Marta")
    ManagerScope.objects.create(manager=manager, unit=region)
    enrol(first, course, due_in=-3, today=MONDAY)
    enrol(second, course, due_in=-10, today=MONDAY)
    enrol(outside, course, due_in=-3, today=MONDAY)
    return {"manager": manager, "first": first, "second": second, "outside": outside}


def test_the_digest_lists_the_managers_overdue_people_on_monday_morning(team, run, mailoutbox):
    manager = team["manager"]

    counts = run(local(MONDAY, 8))

    assert counts["digests"] == 1
    (digest,) = mail_to(mailoutbox, manager)
    assert digest.subject == "2 people in your team have overdue courses"
    assert "Anna (Old Town)" in digest.body
    assert "Boris (Ruzinov)" in digest.body
    assert "due Nov. 13, 2026, 10 days late" in digest.body
    assert "Xenia" not in digest.body
    assert ReminderSent.objects.get(user=manager).key == digest_key(MONDAY) == "2026-W48"


def test_no_digest_before_monday_morning_or_on_other_days(team, run, mailoutbox):
    manager = team["manager"]

    run(local(MONDAY, 7, 30))
    run(local(MONDAY + timedelta(days=1), 9))
    run(local(MONDAY - timedelta(days=1), 23))

    assert mail_to(mailoutbox, manager) == []


def test_the_digest_is_sent_once_a_week(team, run, mailoutbox):
    manager = team["manager"]

    run(local(MONDAY, 8))
    run(local(MONDAY, 9))
    run(local(MONDAY, 23, 5))
    assert len(mail_to(mailoutbox, manager)) == 1

    run(local(MONDAY + timedelta(days=7), 8))
    assert len(mail_to(mailoutbox, manager)) == 2


def test_no_digest_when_nobody_is_overdue(course, run, mailoutbox):
    store = StoreFactory(time_zone=BRATISLAVA)
    manager = ManagerFactory()
    ManagerScope.objects.create(manager=manager, unit=store)
    enrol(LearnerFactory(home_store=store), course, due_in=5, today=MONDAY)
    enrol(
        LearnerFactory(home_store=store),
        course,
        due_in=-2,
        today=MONDAY,
        completed_at=None,
        withdrawn_at=local(MONDAY, 1),
    )

    assert run(local(MONDAY, 9))["digests"] == 0
    assert mail_to(mailoutbox, manager) == []
    assert not ReminderSent.objects.filter(user=manager).exists()


def test_the_digest_comes_on_the_managers_own_monday(course, run, mailoutbox):
    store = StoreFactory(time_zone=BRATISLAVA)
    manager = ManagerFactory(home_store=StoreFactory(time_zone=LOS_ANGELES))
    ManagerScope.objects.create(manager=manager, unit=store)
    enrol(LearnerFactory(home_store=store), course, due_in=-1, today=MONDAY)

    run(local(MONDAY, 9))  # still Monday 00:00 in Los Angeles
    assert mail_to(mailoutbox, manager) == []
    run(local(MONDAY, 8, zone=LOS_ANGELES))
    assert len(mail_to(mailoutbox, manager)) == 1


def test_a_manager_who_switched_optional_mail_off_gets_no_digest(team, run, mailoutbox):
    notification_preference_set(user=team["manager"], optional_email=False)

    run(local(MONDAY, 9))

    assert mail_to(mailoutbox, team["manager"]) == []


def test_the_digest_in_russian(team, course, run, mailoutbox, settings):
    russian = course.copy_for_translation(Locale.objects.get(language_code="ru"), copy_parents=True)
    russian.title = "Приветствие покупателей"
    russian.save_revision().publish()
    manager = team["manager"]
    manager.preferred_language = "ru"
    manager.save()

    run(local(MONDAY, 9))

    (digest,) = mail_to(mailoutbox, manager)
    assert "Приветствие покупателей" in digest.body
    assert "13 ноября 2026" in digest.body
    assert f"{settings.SITE_URL}/ru/" in digest.body
    assert f"{settings.SITE_URL}/ru/accounts/profile/" in digest.body


# --- The beat task


def test_the_task_runs_the_job_at_the_current_time(
    course, mailoutbox, django_capture_on_commit_callbacks
):
    person = learner_in(BISHKEK)
    enrol(person, course, due_in=1)

    with time_machine.travel(local(WEDNESDAY, 7, 55, zone=BISHKEK), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert send_reminders.delay().get()["reminders"] == 0
    with time_machine.travel(local(WEDNESDAY, 8, 5, zone=BISHKEK), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert send_reminders.delay().get()["reminders"] == 1

    assert len(mailoutbox) == 1


# --- Two workers at once, on PostgreSQL


def run_at_once(count, target):
    """Run ``target()`` in ``count`` threads started together, each on its own connection."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(index):
        try:
            barrier.wait()
            results[index] = target()
        except Exception as error:  # reported to the test, not lost in the thread
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_reminder_and_digest_once(
    transactional_site, mailoutbox, monkeypatch
):
    home = Site.objects.get(is_default_site=True).root_page
    course = CoursePageFactory(parent=CourseIndexPageFactory(parent=home))
    store = StoreFactory(time_zone=BRATISLAVA)
    learner = LearnerFactory(home_store=store)
    manager = ManagerFactory()
    ManagerScope.objects.create(manager=manager, unit=store)
    enrol(learner, course, due_in=-1, today=MONDAY)
    # Hold each transaction open after queuing the mail, so the runs overlap where the
    # second would send again if nothing stopped it.
    original = reminders.notification_send

    def slow_send(**kwargs):
        sent = original(**kwargs)
        time.sleep(0.3)
        return sent

    monkeypatch.setattr(reminders, "notification_send", slow_send)

    results = run_at_once(2, lambda: reminders_send(now=local(MONDAY, 9)))

    assert all(isinstance(result, dict) for result in results), results
    assert sum(result["reminders"] for result in results) == 1
    assert sum(result["digests"] for result in results) == 1
    assert len(mail_to(mailoutbox, learner)) == 1
    assert len(mail_to(mailoutbox, manager)) == 1
    assert ReminderSent.objects.count() == 2
