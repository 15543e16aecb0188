"""Onboarding paths and enrolments: which rules apply, due dates, role and store changes,
completion from each source, and the completion signal sent exactly once."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lms.learning.models import Enrolment
from lms.learning.services import (
    enrolment_assign,
    enrolment_refresh,
    enrolment_self_enrol,
    enrolments_sync,
    lesson_complete,
    path_apply_start,
    path_preview,
)
from lms.learning.signals import enrolment_completed
from lms.people.invitations import invitation_create
from lms.people.roles import ADMINISTRATOR
from lms.people.services import manager_scope_grant
from lms.people.staff_import import staff_import_apply, staff_import_create
from quizzes.services import attempt_start, attempt_submit
from tests.factories import (
    JobRoleFactory,
    LearnerFactory,
    ManagerFactory,
    OrgUnitFactory,
    RegionFactory,
    StoreFactory,
    UserFactory,
)
from tests.factories.content import CoursePageFactory, LessonPageFactory, ScenarioPageFactory
from tests.factories.learning import OnboardingPathFactory, PathCourseFactory
from tests.factories.quizzes import ExamPageFactory, answer_attempt
from tests.learning.helpers import play

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    """A company in Bratislava with two regions; one far east (Bishkek, UTC+6)."""
    company = OrgUnitFactory(name="Alder & Finch", time_zone="Europe/Bratislava")
    west = RegionFactory(name="Central Europe", parent=company)
    east = RegionFactory(name="Central Asia", parent=company, time_zone="Asia/Bishkek")
    return {
        "company": company,
        "west": west,
        "east": east,
        "ba": StoreFactory(name="Bratislava", parent=west),
        "ke": StoreFactory(name="Košice", parent=west),
        "fr": StoreFactory(name="Bishkek", parent=east),
    }


@pytest.fixture
def roles():
    return {
        "sales": JobRoleFactory(code="sales", name="Sales consultant"),
        "cashier": JobRoleFactory(code="cashier", name="Cashier"),
    }


@pytest.fixture
def courses(course_index):
    greeting = CoursePageFactory(parent=course_index, title="Greeting the customer")
    LessonPageFactory(parent=greeting, title="Say hello")
    till = CoursePageFactory(parent=course_index, title="At the till")
    LessonPageFactory(parent=till, title="Count the change")
    return {"greeting": greeting, "till": till}


@pytest.fixture
def completions():
    """The enrolments ``enrolment_completed`` was sent for, in order. The signal goes once
    the transaction commits: tests run their steps under ``committed`` to see it."""
    sent = []

    def receiver(sender, enrolment, **kwargs):
        sent.append(enrolment.pk)

    enrolment_completed.connect(receiver, dispatch_uid="test-completions")
    yield sent
    enrolment_completed.disconnect(dispatch_uid="test-completions")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs the on-commit callbacks of the block at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def active_courses(person) -> set[str]:
    return {
        enrolment.course.title
        for enrolment in Enrolment.objects.filter(user=person, withdrawn_at__isnull=True)
    }


# Which paths apply ------------------------------------------------------------------------


def test_a_path_on_a_region_covers_its_stores_and_not_the_others(org, roles, courses):
    path = OnboardingPathFactory(job_role=None, unit=org["west"])
    PathCourseFactory(path=path, course=courses["greeting"])
    in_ba = LearnerFactory(home_store=org["ba"])
    in_ke = LearnerFactory(home_store=org["ke"])
    in_fr = LearnerFactory(home_store=org["fr"])

    for person in (in_ba, in_ke, in_fr):
        enrolments_sync(person=person)

    assert active_courses(in_ba) == active_courses(in_ke) == {"Greeting the customer"}
    assert active_courses(in_fr) == set()


def test_role_and_unit_must_both_match_and_inactive_paths_enrol_nobody(org, roles, courses):
    both = OnboardingPathFactory(job_role=roles["cashier"], unit=org["east"])
    PathCourseFactory(path=both, course=courses["till"])
    off = OnboardingPathFactory(job_role=roles["sales"], active=False)
    PathCourseFactory(path=off, course=courses["greeting"])
    cashier_east = LearnerFactory(home_store=org["fr"], job_role=roles["cashier"])
    cashier_west = LearnerFactory(home_store=org["ba"], job_role=roles["cashier"])
    sales_east = LearnerFactory(home_store=org["fr"], job_role=roles["sales"])

    for person in (cashier_east, cashier_west, sales_east):
        enrolments_sync(person=person)

    assert active_courses(cashier_east) == {"At the till"}
    assert active_courses(cashier_west) == set()
    assert active_courses(sales_east) == set()


def test_sync_is_idempotent(org, roles, courses):
    path = OnboardingPathFactory(job_role=roles["sales"])
    PathCourseFactory(path=path, course=courses["greeting"])
    person = LearnerFactory(home_store=org["ba"], job_role=roles["sales"])

    assert enrolments_sync(person=person)["added"] == 1
    assert enrolments_sync(person=person) == {"added": 0, "withdrawn": 0, "kept": 0}
    assert Enrolment.objects.filter(user=person).count() == 1


# Due dates ----------------------------------------------------------------------------------


@time_machine.travel(datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC), tick=False)
def test_due_counts_from_the_later_of_hire_date_and_assignment(org, roles, courses):
    path = OnboardingPathFactory(job_role=roles["sales"])
    PathCourseFactory(path=path, course=courses["greeting"], due_in_days=14)
    new_hire = LearnerFactory(
        home_store=org["ba"], job_role=roles["sales"], hire_date=datetime.date(2026, 3, 16)
    )
    veteran = LearnerFactory(
        home_store=org["ba"], job_role=roles["sales"], hire_date=datetime.date(2015, 5, 1)
    )

    enrolments_sync(person=new_hire)
    enrolments_sync(person=veteran)

    assert Enrolment.objects.get(user=new_hire).due_on == datetime.date(2026, 3, 30)
    # Years of service do not make the course overdue the day the path is added.
    assert Enrolment.objects.get(user=veteran).due_on == datetime.date(2026, 3, 24)


def test_a_fixed_due_date_is_the_same_for_everyone(org, roles, courses):
    path = OnboardingPathFactory(job_role=roles["sales"])
    PathCourseFactory(
        path=path, course=courses["greeting"], due_in_days=None, due_on=datetime.date(2026, 6, 30)
    )
    person = LearnerFactory(home_store=org["fr"], job_role=roles["sales"])

    enrolments_sync(person=person)

    assert Enrolment.objects.get(user=person).due_on == datetime.date(2026, 6, 30)


# 20:00 UTC on 10 March is already 11 March in Bishkek (UTC+6), still 10 March in Bratislava.
@time_machine.travel(datetime.datetime(2026, 3, 10, 20, tzinfo=datetime.UTC), tick=False)
def test_the_assignment_day_is_the_stores_local_date(org, roles, courses):
    path = OnboardingPathFactory(job_role=roles["sales"])
    PathCourseFactory(path=path, course=courses["greeting"], due_in_days=7)
    east = LearnerFactory(home_store=org["fr"], job_role=roles["sales"])
    west = LearnerFactory(home_store=org["ba"], job_role=roles["sales"])

    enrolments_sync(person=east)
    enrolments_sync(person=west)

    assert Enrolment.objects.get(user=east).due_on == datetime.date(2026, 3, 18)
    assert Enrolment.objects.get(user=west).due_on == datetime.date(2026, 3, 17)


def test_overdue_is_worked_out_on_the_local_date(org, roles, courses):
    person = LearnerFactory(home_store=org["fr"], job_role=roles["sales"])
    enrolment = Enrolment.objects.create(
        user=person,
        course=courses["greeting"],
        course_key=courses["greeting"].translation_key,
        source=Enrolment.Source.MANAGER,
        due_on=datetime.date(2026, 3, 10),
    )
    assert enrolment.status_on(datetime.date(2026, 3, 10)) == Enrolment.Status.NOT_STARTED
    assert enrolment.status_on(datetime.date(2026, 3, 11)) == Enrolment.Status.OVERDUE


# When the rules apply: invited, imported, moved ---------------------------------------------


def test_an_invited_person_is_enrolled_by_the_paths(
    org, roles, courses, django_capture_on_commit_callbacks
):
    path = OnboardingPathFactory(job_role=roles["sales"], unit=org["west"])
    PathCourseFactory(path=path, course=courses["greeting"])
    manager = ManagerFactory()
    manager_scope_grant(manager=manager, unit=org["west"])

    with django_capture_on_commit_callbacks(execute=True):
        invitation, _secret = invitation_create(
            actor=manager,
            full_name="Nina Nováková",
            email="nina@example.com",
            home_store=org["ba"],
            job_role=roles["sales"],
        )

    assert active_courses(invitation.person) == {"Greeting the customer"}


def test_an_imported_person_and_a_moved_one_are_enrolled(
    org, roles, courses, django_capture_on_commit_callbacks
):
    org["ba"].code, org["fr"].code = "ba-01", "fr-01"
    org["ba"].save()
    org["fr"].save()
    path = OnboardingPathFactory(job_role=None, unit=org["east"])
    PathCourseFactory(path=path, course=courses["till"])
    admin = UserFactory(roles=[ADMINISTRATOR])
    moving = LearnerFactory(email="ivan@example.com", home_store=org["ba"], job_role=roles["sales"])
    header = "email,employee_number,full_name,store_code,job_role,hire_date,language,active"
    content = "\n".join(
        [
            header,
            "aigul@example.com,,Aigul Sadykova,fr-01,sales,2026-01-05,ky,yes",
            f"ivan@example.com,,{moving.full_name},fr-01,sales,,en,yes",
        ]
    )
    staff_import = staff_import_create(actor=admin, file_name="staff.csv", content=content + "\n")

    with django_capture_on_commit_callbacks(execute=True):
        staff_import_apply(staff_import=staff_import, actor=admin)

    aigul = type(moving).objects.get(email="aigul@example.com")
    assert active_courses(aigul) == {"At the till"}
    assert active_courses(moving) == {"At the till"}


def test_a_person_moved_in_the_admin_is_enrolled_by_the_paths_of_the_new_store(
    client, org, roles, courses, django_capture_on_commit_callbacks
):
    path = OnboardingPathFactory(job_role=roles["cashier"], unit=org["east"])
    PathCourseFactory(path=path, course=courses["till"])
    person = LearnerFactory(home_store=org["ba"], job_role=roles["cashier"], email="a@b.example")
    client.force_login(UserFactory(roles=[ADMINISTRATOR]))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailusers_users:edit", args=[person.pk]),
            {
                "email": "a@b.example",
                "employee_number": "",
                "full_name": person.full_name,
                "preferred_language": "en",
                "job_role": roles["cashier"].pk,
                "home_store": org["fr"].pk,
                "hire_date": "",
                "password1": "",
                "password2": "",
                "is_active": "on",
            },
        )

    assert response.status_code == 302
    assert active_courses(person) == {"At the till"}


def test_a_role_change_adds_new_courses_and_withdraws_unstarted_ones(
    org, roles, courses, course_index
):
    sales = OnboardingPathFactory(job_role=roles["sales"])
    PathCourseFactory(path=sales, course=courses["greeting"])
    cashier = OnboardingPathFactory(job_role=roles["cashier"])
    PathCourseFactory(path=cashier, course=courses["till"])
    person = LearnerFactory(home_store=org["ba"], job_role=roles["sales"])
    enrolments_sync(person=person)

    person.job_role = roles["cashier"]
    person.save()
    counts = enrolments_sync(person=person)

    assert counts == {"added": 1, "withdrawn": 1, "kept": 0}
    assert active_courses(person) == {"At the till"}
    withdrawn = Enrolment.objects.get(user=person, course=courses["greeting"])
    assert withdrawn.withdrawn_at is not None

    # Back to sales: the withdrawn enrolment comes back rather than a second one.
    person.job_role = roles["sales"]
    person.save()
    enrolments_sync(person=person)
    assert Enrolment.objects.filter(user=person, course=courses["greeting"]).count() == 1
    assert active_courses(person) == {"Greeting the customer"}


def test_a_started_course_is_kept_when_its_path_no_longer_applies(org, roles, courses):
    sales = OnboardingPathFactory(job_role=roles["sales"])
    PathCourseFactory(path=sales, course=courses["greeting"])
    PathCourseFactory(path=sales, course=courses["till"])
    person = LearnerFactory(home_store=org["ba"], job_role=roles["sales"])
    enrolments_sync(person=person)
    lesson = courses["greeting"].get_children().specific().first()
    lesson_complete(user=person, lesson=lesson)  # the course has one lesson: completed
    till_lessons = courses["till"].get_children().specific()
    assert Enrolment.objects.get(user=person, course=courses["greeting"]).completed_at

    person.job_role = roles["cashier"]
    person.save()
    counts = enrolments_sync(person=person)

    assert counts == {"added": 0, "withdrawn": 1, "kept": 1}
    assert active_courses(person) == {"Greeting the customer"}
    assert len(till_lessons) == 1


def test_manager_and_self_enrolments_are_never_withdrawn_by_rules(org, roles, courses):
    manager = ManagerFactory()
    manager_scope_grant(manager=manager, unit=org["company"])
    person = LearnerFactory(home_store=org["ba"], job_role=roles["sales"])
    enrolment_assign(actor=manager, people=[person], course=courses["till"], due_on=None)

    assert enrolments_sync(person=person) == {"added": 0, "withdrawn": 0, "kept": 0}
    assert active_courses(person) == {"At the till"}


# Applying a path to existing staff ------------------------------------------------------------


def test_preview_counts_then_apply_enrols_and_narrowing_withdraws(
    org, roles, courses, django_capture_on_commit_callbacks
):
    admin = UserFactory(roles=[ADMINISTRATOR])
    path = OnboardingPathFactory(job_role=roles["sales"], unit=org["company"])
    PathCourseFactory(path=path, course=courses["greeting"])
    west = [LearnerFactory(home_store=org["ba"], job_role=roles["sales"]) for _n in range(3)]
    east = [LearnerFactory(home_store=org["fr"], job_role=roles["sales"]) for _n in range(2)]
    LearnerFactory(home_store=org["ba"], job_role=roles["cashier"])

    assert [(course.title, count) for course, count in path_preview(path=path)] == [
        ("Greeting the customer", 5)
    ]
    with django_capture_on_commit_callbacks(execute=True):  # Celery runs eagerly in tests
        job = path_apply_start(path=path, actor=admin)
    job.refresh_from_db()
    assert job.status == job.Status.SUCCEEDED
    assert job.result == {"people": 5, "added": 5, "withdrawn": 0, "kept": 0}
    assert path_preview(path=path)[0][1] == 0

    path.unit = org["west"]
    path.save()
    with django_capture_on_commit_callbacks(execute=True):
        job = path_apply_start(path=path, actor=admin)
    job.refresh_from_db()
    assert job.result == {"people": 5, "added": 0, "withdrawn": 2, "kept": 0}
    assert all(active_courses(person) == {"Greeting the customer"} for person in west)
    assert all(active_courses(person) == set() for person in east)
    path.refresh_from_db()
    assert path.applied_at is not None


# Manager assignment and self-enrolment --------------------------------------------------------


def test_a_manager_assigns_only_within_scope(org, roles, courses):
    manager = ManagerFactory()
    manager_scope_grant(manager=manager, unit=org["ba"])
    mine = LearnerFactory(home_store=org["ba"])
    other = LearnerFactory(home_store=org["ke"])
    due = datetime.date(2026, 12, 1)

    with pytest.raises(PermissionDenied):
        enrolment_assign(actor=manager, people=[mine, other], course=courses["till"], due_on=due)
    assert not Enrolment.objects.exists()

    assert enrolment_assign(actor=manager, people=[mine], course=courses["till"], due_on=due) == {
        "assigned": 1,
        "updated": 0,
        "completed": 0,
    }
    later = datetime.date(2026, 12, 15)
    assert enrolment_assign(actor=manager, people=[mine], course=courses["till"], due_on=later) == {
        "assigned": 0,
        "updated": 1,
        "completed": 0,
    }
    enrolment = Enrolment.objects.get(user=mine)
    assert (enrolment.source, enrolment.assigned_by, enrolment.due_on) == (
        Enrolment.Source.MANAGER,
        manager,
        later,
    )


def test_self_enrolment_only_in_open_courses(org, courses):
    person = LearnerFactory(home_store=org["ba"])
    with pytest.raises(ValidationError):
        enrolment_self_enrol(user=person, course=courses["till"])

    courses["till"].self_enrolment = True
    courses["till"].save()
    first = enrolment_self_enrol(user=person, course=courses["till"])
    again = enrolment_self_enrol(user=person, course=courses["till"])

    assert first.pk == again.pk
    assert (first.source, first.due_on) == (Enrolment.Source.SELF, None)


# Completion from each source, sent once ---------------------------------------------------------


@pytest.fixture
def enrol():
    """Enrols a person as their store manager would."""

    def enrol(person, course):
        manager = ManagerFactory()
        manager_scope_grant(manager=manager, unit=person.home_store)
        enrolment_assign(actor=manager, people=[person], course=course, due_on=None)
        return Enrolment.objects.get(user=person, course_key=course.translation_key)

    return enrol


def test_lessons_complete_a_course_of_lessons(
    course, lessons, learner, enrol, completions, committed
):
    enrolment = enrol(learner, course)
    required = [lesson for lesson in lessons if lesson.required]

    with committed():
        lesson_complete(user=learner, lesson=required[0])
    enrolment.refresh_from_db()
    assert enrolment.started_at is not None and enrolment.completed_at is None

    with committed():
        lesson_complete(user=learner, lesson=required[1])
        lesson_complete(user=learner, lesson=required[1])
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    assert completions == [enrolment.pk]

    with committed():
        enrolment_refresh(enrolment=enrolment)
    assert completions == [enrolment.pk]


def test_a_passed_scenario_completes_a_course_a_failed_one_only_starts_it(
    course, learner, enrol, completions, committed
):
    scenario = ScenarioPageFactory(parent=course, pass_score=1)
    enrolment = enrol(learner, course)

    with committed():
        play(learner, scenario, [1])  # the complaint handled badly: not passed
    enrolment.refresh_from_db()
    assert enrolment.started_at is not None and enrolment.completed_at is None
    assert completions == []

    with committed():
        run = play(learner, scenario, [0, 0])
    assert run.passed
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    assert completions == [enrolment.pk]


def test_the_required_exam_completes_the_course_and_is_recorded(
    course, lessons, learner, enrol, completions, committed
):
    exam = ExamPageFactory(parent=course)
    enrolment = enrol(learner, course)
    for lesson in lessons:
        lesson_complete(user=learner, lesson=lesson)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None  # the exam is still to pass

    with committed():
        failed = attempt_start(user=learner, exam=exam)
        answer_attempt(failed, right=False)
        attempt_submit(user=learner, attempt=failed)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None

    with committed():
        passed = attempt_start(user=learner, exam=exam)
        answer_attempt(passed, right=True)
        attempt_submit(user=learner, attempt=passed)
        attempt_submit(user=learner, attempt=passed)  # a double submit

    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    assert enrolment.completion_attempt == passed
    assert completions == [enrolment.pk]


def test_work_done_before_the_assignment_completes_it_at_once(
    course, lessons, learner, enrol, completions, committed
):
    for lesson in lessons:
        lesson_complete(user=learner, lesson=lesson)

    with committed():
        enrolment = enrol(learner, course)

    assert enrolment.completed_at is not None
    assert completions == [enrolment.pk]


def test_activity_outside_any_enrolment_enrols_nobody(course, lessons, learner):
    lesson_complete(user=learner, lesson=lessons[0])
    assert not Enrolment.objects.exists()
