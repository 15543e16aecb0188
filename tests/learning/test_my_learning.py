"""My learning: the selector (statuses, languages, progress as on the course page, order),
the page (what a learner sees, in a fixed number of queries) and self-enrolment."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from lms.learning.models import Enrolment
from lms.learning.my_learning import is_enrolled, my_learning
from lms.learning.selectors import course_progress
from lms.learning.services import lesson_complete
from lms.people.selectors import person_today
from quizzes.services import attempt_start, attempt_submit
from tests.factories import LearnerFactory, OrgUnitFactory, RegionFactory, StoreFactory
from tests.factories.content import CoursePageFactory, LessonPageFactory, ScenarioPageFactory
from tests.factories.learning import EnrolmentFactory
from tests.factories.quizzes import ExamPageFactory, answer_attempt
from tests.learning.helpers import play

pytestmark = pytest.mark.django_db

# 10:30 UTC is already the 11th at UTC+14 and still the 9th at UTC-11.
MORNING_IN_UTC = datetime.datetime(2026, 3, 10, 10, 30, tzinfo=datetime.UTC)
DUE = datetime.date(2026, 3, 10)


def _translate(page, locale):
    """Copy ``page`` (and its untranslated parents) into ``locale`` and publish it."""
    translation = page.copy_for_translation(locale, copy_parents=True)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation


def _course_with_lessons(course_index, *, title=None, lessons=2, **kwargs):
    course = CoursePageFactory(parent=course_index, **({"title": title} if title else {}), **kwargs)
    pages = [LessonPageFactory(parent=course) for _ in range(lessons)]
    return course, pages


def _learner_in(zone: str):
    """A learner whose store inherits ``zone`` from the company two levels up."""
    company = OrgUnitFactory(time_zone=zone)
    return LearnerFactory(home_store=StoreFactory(parent=RegionFactory(parent=company)))


def _enrol(user, course, **kwargs):
    return EnrolmentFactory(user=user, course=course, **kwargs)


# -- The selector ----------------------------------------------------------------------------


def test_to_do_has_each_course_with_status_due_date_days_left_and_next_page(
    learner, course, lessons
):
    due = timezone.localdate() + datetime.timedelta(days=5)
    enrolment = _enrol(learner, course, due_on=due)
    lesson_complete(user=learner, lesson=lessons[0])

    learning = my_learning(user=learner)

    assert learning.completed == []
    [item] = learning.to_do
    assert item.enrolment == enrolment
    assert item.course == course
    assert item.due_on == due
    assert item.days_left == 5
    assert item.days_late == 0
    assert item.status == Enrolment.Status.IN_PROGRESS
    assert item.started
    assert (item.progress.required_done, item.progress.required_total) == (1, 2)
    assert item.percent == 50
    assert item.next_page == lessons[1]


@time_machine.travel(MORNING_IN_UTC, tick=False)
def test_overdue_is_counted_on_the_learners_local_date_far_east_of_utc(course, lessons):
    learner = _learner_in("Pacific/Kiritimati")  # UTC+14: already 11 March
    _enrol(learner, course, due_on=DUE)

    [item] = my_learning(user=learner).to_do

    assert person_today(learner) == datetime.date(2026, 3, 11)
    assert item.status == Enrolment.Status.OVERDUE
    assert item.is_overdue
    assert item.days_late == 1


@time_machine.travel(MORNING_IN_UTC, tick=False)
def test_a_course_completed_is_dated_on_the_learners_local_date(course, lessons):
    learner = _learner_in("Pacific/Kiritimati")
    _enrol(learner, course, due_on=DUE, completed_at=timezone.now())

    [item] = my_learning(user=learner).completed

    assert item.completed_on == datetime.date(2026, 3, 11)
    assert item.status == Enrolment.Status.COMPLETED


@time_machine.travel(MORNING_IN_UTC, tick=False)
def test_not_overdue_yet_far_west_of_utc(course, lessons):
    learner = _learner_in("Pacific/Pago_Pago")  # UTC-11: still 9 March
    _enrol(learner, course, due_on=DUE)

    [item] = my_learning(user=learner).to_do

    assert person_today(learner) == datetime.date(2026, 3, 9)
    assert item.status == Enrolment.Status.NOT_STARTED
    assert item.days_left == 1


def test_withdrawn_enrolments_are_hidden(learner, course_index):
    kept, _ = _course_with_lessons(course_index)
    withdrawn, _ = _course_with_lessons(course_index)
    _enrol(learner, kept)
    _enrol(learner, withdrawn, withdrawn_at=timezone.now())

    learning = my_learning(user=learner)

    assert [item.course for item in learning.to_do] == [kept]
    assert learning.completed == []


def test_another_persons_enrolments_are_not_listed(learner, course, lessons):
    _enrol(LearnerFactory(), course)

    learning = my_learning(user=learner)

    assert not learning.has_courses


def test_the_course_is_shown_in_the_learners_language_with_progress_from_any_language(
    course, lessons, locales
):
    learner = LearnerFactory(preferred_language="ru")
    russian_lessons = [_translate(lesson, locales["ru"]) for lesson in lessons]
    russian_course = russian_lessons[0].get_parent().specific
    _enrol(learner, course)  # enrolled on the English course
    lesson_complete(user=learner, lesson=lessons[0])  # read in English

    [item] = my_learning(user=learner).to_do

    assert item.course == russian_course
    assert [entry.page for entry in item.progress.entries] == russian_lessons
    assert item.progress.required_done == 1
    assert item.next_page == russian_lessons[1]


def test_a_course_not_translated_is_shown_in_the_language_of_the_enrolment(
    learner, course, lessons, locales
):
    learner.preferred_language = "sk"
    learner.save()
    _enrol(learner, course)

    [item] = my_learning(user=learner).to_do

    assert item.course == course
    assert item.next_page == lessons[0]


def test_an_unpublished_translation_falls_back_to_the_enrolments_course(course, lessons, locales):
    learner = LearnerFactory(preferred_language="ru")
    russian_course = _translate(lessons[0], locales["ru"]).get_parent().specific
    russian_course.unpublish()
    _enrol(learner, course)

    [item] = my_learning(user=learner).to_do

    assert item.course == course


def test_a_course_unpublished_everywhere_is_left_out(learner, course, lessons):
    _enrol(learner, course)
    course.unpublish()

    assert not my_learning(user=learner).has_courses


def _pass_exam(user, exam, *, right=True):
    attempt = attempt_start(user=user, exam=exam)
    answer_attempt(attempt, right=right)
    return attempt_submit(user=user, attempt=attempt)


def test_progress_and_next_page_equal_course_progress_for_every_course(
    learner, course_index, standards
):
    # Half read, with an optional lesson first.
    reading = CoursePageFactory(parent=course_index)
    LessonPageFactory(parent=reading, required=False)
    read = LessonPageFactory(parent=reading)
    LessonPageFactory(parent=reading)
    # A scenario tried but not passed, then one passed, and an exam failed.
    mixed = CoursePageFactory(parent=course_index)
    LessonPageFactory(parent=mixed)
    tried = ScenarioPageFactory(parent=mixed)
    passed = ScenarioPageFactory(parent=mixed)
    failed_exam = ExamPageFactory(parent=mixed)
    # Everything required done: the next page is the optional lesson left.
    finished = CoursePageFactory(parent=course_index)
    finished_lesson = LessonPageFactory(parent=finished)
    LessonPageFactory(parent=finished, required=False)
    passed_exam = ExamPageFactory(parent=finished)
    # Nothing live in it yet.
    empty = CoursePageFactory(parent=course_index)
    LessonPageFactory(parent=empty, live=False)
    for course in (reading, mixed, finished, empty):
        _enrol(learner, course)
    lesson_complete(user=learner, lesson=read)
    lesson_complete(user=learner, lesson=finished_lesson)
    play(learner, tried, [1])  # walks out: played, not passed
    play(learner, passed, [0, 0])
    _pass_exam(learner, failed_exam, right=False)
    _pass_exam(learner, passed_exam)

    learning = my_learning(user=learner)

    items = learning.to_do + learning.completed
    assert {item.course.pk for item in items} == {reading.pk, mixed.pk, finished.pk, empty.pk}
    for item in items:
        expected = course_progress(user=learner, course=item.course)
        actual = item.progress
        assert [(e.page, e.kind, e.done, e.attempted) for e in actual.entries] == [
            (e.page, e.kind, e.done, e.attempted) for e in expected.entries
        ], item.course.title
        assert actual.required_done == expected.required_done
        assert actual.required_total == expected.required_total
        assert actual.percent == expected.percent
        assert actual.next_page == expected.next_page
        assert actual.started == expected.started
        assert actual.finished == expected.finished


@time_machine.travel(MORNING_IN_UTC, tick=False)
def test_to_do_is_overdue_first_then_by_due_date_without_one_last_and_completed_newest_first(
    course_index,
):
    learner = _learner_in("Europe/Bratislava")
    courses = {
        name: _course_with_lessons(course_index, title=name)[0]
        for name in ("no date", "later", "sooner", "long overdue", "overdue", "done", "done last")
    }
    _enrol(learner, courses["no date"])
    _enrol(learner, courses["later"], due_on=DUE + datetime.timedelta(days=20))
    _enrol(learner, courses["sooner"], due_on=DUE + datetime.timedelta(days=2))
    _enrol(learner, courses["overdue"], due_on=DUE - datetime.timedelta(days=1))
    _enrol(learner, courses["long overdue"], due_on=DUE - datetime.timedelta(days=30))
    _enrol(learner, courses["done"], completed_at=MORNING_IN_UTC - datetime.timedelta(days=3))
    _enrol(
        learner,
        courses["done last"],
        completed_at=MORNING_IN_UTC - datetime.timedelta(days=1),
        due_on=DUE - datetime.timedelta(days=5),
    )

    learning = my_learning(user=learner)

    assert [item.course.title for item in learning.to_do] == [
        "long overdue",
        "overdue",
        "sooner",
        "later",
        "no date",
    ]
    assert [item.course.title for item in learning.completed] == ["done last", "done"]
    # A course done late is done, not overdue.
    assert learning.completed[0].status == Enrolment.Status.COMPLETED
    assert learning.completed[0].days_left is None


def test_courses_to_add_are_open_live_ones_in_the_language_not_enrolled_in(
    learner, course_index, locales
):
    open_course, _ = _course_with_lessons(course_index, title="Open", self_enrolment=True)
    enrolled, _ = _course_with_lessons(course_index, title="Enrolled", self_enrolment=True)
    left, _ = _course_with_lessons(course_index, title="Left", self_enrolment=True)
    _course_with_lessons(course_index, title="Closed")
    _course_with_lessons(course_index, title="Draft", self_enrolment=True, live=False)
    _enrol(learner, enrolled)
    _enrol(learner, left, withdrawn_at=timezone.now())

    assert [course.title for course in my_learning(user=learner).can_add] == ["Left", "Open"]

    russian_open = _translate(open_course, locales["ru"])
    assert my_learning(user=learner, language="ru").can_add == [russian_open]


def test_is_enrolled_counts_an_active_enrolment_in_any_language(learner, course, locales):
    assert not is_enrolled(user=learner, course=course)
    enrolment = _enrol(learner, course)
    assert is_enrolled(user=learner, course=_translate(course, locales["ru"]))
    enrolment.withdrawn_at = timezone.now()
    enrolment.save()
    assert not is_enrolled(user=learner, course=course)


def _enrol_in_many(learner, course_index, count):
    for number in range(count):
        course = CoursePageFactory(parent=course_index, self_enrolment=number % 2 == 0)
        lessons = [LessonPageFactory(parent=course) for _ in range(2)]
        ScenarioPageFactory(parent=course)
        _enrol(learner, course, due_on=datetime.date(2026, 1, 1) + datetime.timedelta(number))
        if number % 3 == 0:
            lesson_complete(user=learner, lesson=lessons[0])
    CoursePageFactory(parent=course_index, self_enrolment=True)


def _selector_queries(learner) -> int:
    learner = type(learner).objects.get(pk=learner.pk)  # as a request has it: no store loaded
    with CaptureQueriesContext(connection) as queries:
        learning = my_learning(user=learner)
        [item.next_page for item in learning.to_do]
    return len(queries)


def test_the_selector_runs_the_same_queries_for_two_courses_as_for_eight(course_index):
    few, many = _learner_in("Asia/Bishkek"), _learner_in("Asia/Bishkek")
    _enrol_in_many(few, course_index, 2)
    _enrol_in_many(many, course_index, 8)

    assert _selector_queries(few) == _selector_queries(many) == 8


def test_the_selector_needs_fewer_queries_with_nothing_to_read():
    nobody = LearnerFactory(home_store=None)
    with CaptureQueriesContext(connection) as queries:
        learning = my_learning(user=nobody)
    assert not learning.has_courses
    assert len(queries) == 2  # the enrolments and the courses to add


# -- The page --------------------------------------------------------------------------------

# The certificates and the awards listed on the page add one query each.
MY_LEARNING_QUERIES = 20


def test_my_learning_url_is_language_prefixed():
    assert reverse("learning:my_learning") == "/en/my-learning/"


def test_my_learning_requires_login(client):
    response = client.get(reverse("learning:my_learning"))
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_a_learner_sees_due_date_overdue_marker_progress_and_continue(
    client, learner, course, lessons
):
    _enrol(learner, course, due_on=timezone.localdate() - datetime.timedelta(days=2))
    lesson_complete(user=learner, lesson=lessons[0])
    client.force_login(learner)

    response = client.get(reverse("learning:my_learning"))

    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{course.url}">Greeting customers</a>' in html
    assert "Overdue" in html
    assert "(2 days late)" in html
    assert "1 of 2 required lessons done" in html
    assert '<progress class="progress-bar my-course__bar"' in html
    assert 'max="2" value="1">50%</progress>' in html
    assert f'href="{lessons[1].url}">Continue<span class="visually-hidden">: Offer help' in html
    assert "Certificates you earn by finishing a course will appear here." in html
    assert "Awards you win" in html


def test_a_course_not_started_offers_start_and_a_completed_one_review(
    client, learner, course_index
):
    fresh, fresh_lessons = _course_with_lessons(course_index, title="Fresh")
    finished, _ = _course_with_lessons(course_index, title="Finished")
    _enrol(learner, fresh)
    _enrol(learner, finished, completed_at=timezone.now(), started_at=timezone.now())
    client.force_login(learner)

    html = client.get(reverse("learning:my_learning")).content.decode()

    assert f'href="{fresh_lessons[0].url}">Start<span' in html
    assert "No due date" in html
    assert 'id="completed-heading">Completed</h2>' in html
    assert f'href="{finished.url}">Review course<span' in html


def test_courses_are_shown_in_the_language_of_the_page(client, course, lessons, locales):
    learner = LearnerFactory(preferred_language="ru")
    russian_lessons = [_translate(lesson, locales["ru"]) for lesson in lessons]
    russian_course = russian_lessons[0].get_parent().specific
    _enrol(learner, course)
    client.force_login(learner)

    with translation.override("ru"):
        russian = client.get(reverse("learning:my_learning")).content.decode()
    english = client.get(reverse("learning:my_learning")).content.decode()

    assert f'href="{russian_course.url}"' in russian
    assert f'href="{russian_lessons[0].url}"' in russian
    assert f'href="{course.url}"' in english
    assert f'href="{russian_course.url}"' not in english


def test_the_empty_state_says_nothing_is_assigned(client, learner):
    client.force_login(learner)

    html = client.get(reverse("learning:my_learning")).content.decode()

    assert "You have no courses yet." in html
    assert "Courses you can add" not in html


def test_another_persons_enrolments_are_never_shown_on_the_page(client, learner, course, lessons):
    _enrol(LearnerFactory(), course)
    client.force_login(learner)

    html = client.get(reverse("learning:my_learning")).content.decode()

    assert "Greeting customers" not in html
    assert "You have no courses yet." in html


def test_courses_to_add_each_have_a_post_form(client, learner, course_index):
    course, _ = _course_with_lessons(course_index, title="Upselling", self_enrolment=True)
    client.force_login(learner)

    html = client.get(reverse("learning:my_learning")).content.decode()

    action = reverse("learning:self_enrol", kwargs={"page_id": course.pk})
    assert "Courses you can add" in html
    assert f'method="post" action="{action}"' in html
    assert "You can also add an optional course yourself" in html


@pytest.mark.parametrize("count", [2, 8])
def test_my_learning_runs_a_fixed_number_of_queries(
    client, course_index, count, django_assert_max_num_queries
):
    learner = _learner_in("Asia/Bishkek")
    _enrol_in_many(learner, course_index, count)
    client.force_login(learner)

    with django_assert_max_num_queries(MY_LEARNING_QUERIES):
        response = client.get(reverse("learning:my_learning"))

    assert response.content.decode().count('class="card my-course') == count + 1


# -- Self-enrolment --------------------------------------------------------------------------


def _enrol_url(course) -> str:
    return reverse("learning:self_enrol", kwargs={"page_id": course.pk})


@pytest.fixture
def optional_course(course_index):
    course, _ = _course_with_lessons(course_index, title="Upselling", self_enrolment=True)
    return course


def test_self_enrol_url_is_language_prefixed(optional_course):
    assert _enrol_url(optional_course) == f"/en/learning/enrol/{optional_course.pk}/"


def test_self_enrolling_adds_the_course_and_goes_to_my_learning(client, learner, optional_course):
    client.force_login(learner)

    response = client.post(_enrol_url(optional_course), follow=True)

    assert response.redirect_chain == [(reverse("learning:my_learning"), 302)]
    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.course == optional_course
    assert enrolment.source == Enrolment.Source.SELF
    assert enrolment.due_on is None
    assert [str(m) for m in response.context["messages"]] == [
        "Upselling was added to your learning."
    ]
    assert [item.course for item in response.context["learning"].to_do] == [optional_course]
    assert response.context["learning"].can_add == []


def test_a_double_post_makes_one_enrolment(client, learner, optional_course):
    client.force_login(learner)

    client.post(_enrol_url(optional_course))
    client.post(_enrol_url(optional_course))

    assert Enrolment.objects.filter(user=learner).count() == 1


def test_a_closed_course_is_refused_with_a_message_and_sent_back(client, learner, course):
    client.force_login(learner)

    response = client.post(_enrol_url(course), {"next": course.url})

    assert response.status_code == 302
    assert response["Location"] == course.url
    assert not Enrolment.objects.exists()
    follow = client.get(response["Location"])
    assert "This course is not open for self-enrolment." in follow.content.decode()


def test_a_refusal_never_sends_the_browser_to_another_site(client, learner, course):
    client.force_login(learner)

    response = client.post(_enrol_url(course), {"next": "https://evil.example/"})

    assert response["Location"] == reverse("learning:my_learning")


def test_a_page_that_is_not_a_course_is_not_found(client, learner, lessons):
    client.force_login(learner)

    assert client.post(_enrol_url(lessons[0])).status_code == 404


def test_self_enrol_get_is_not_allowed(client, learner, optional_course):
    client.force_login(learner)

    assert client.get(_enrol_url(optional_course)).status_code == 405


def test_self_enrol_sends_an_anonymous_visitor_to_log_in(client, optional_course):
    response = client.post(_enrol_url(optional_course))

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
    assert not Enrolment.objects.exists()


# -- The course page -------------------------------------------------------------------------


def test_the_course_page_offers_to_add_an_open_course(client, learner, optional_course):
    client.force_login(learner)

    html = client.get(optional_course.url).content.decode()

    assert f'action="{_enrol_url(optional_course)}"' in html
    assert "Add to my learning" in html


def test_the_course_page_says_when_the_course_is_in_my_learning(client, learner, optional_course):
    _enrol(learner, optional_course)
    client.force_login(learner)

    html = client.get(optional_course.url).content.decode()

    assert "Add to my learning" not in html
    assert f'This course is in <a href="{reverse("learning:my_learning")}">My learning</a>.' in html


def test_the_course_page_offers_nothing_for_a_closed_course(client, learner, course):
    client.force_login(learner)

    html = client.get(course.url).content.decode()

    assert "Add to my learning" not in html
    assert "learning/enrol/" not in html


def test_an_anonymous_visitor_is_asked_to_log_in_to_add_an_open_course(client, optional_course):
    html = client.get(optional_course.url).content.decode()

    assert "Log in to add this course to your learning" in html
    assert "learning/enrol/" not in html
