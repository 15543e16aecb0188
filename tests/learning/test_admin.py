"""The Wagtail admin for onboarding paths, enrolments and a learner's history, driven by real
requests."""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.jobs.models import Job
from lms.learning.models import Enrolment, LessonCompletion, OnboardingPath, ScenarioRun
from lms.people.roles import ADMINISTRATOR, LEARNER, TRAINER
from quizzes.models import Attempt
from tests.factories import (
    JobRoleFactory,
    LearnerFactory,
    RegionFactory,
    StoreFactory,
    UserFactory,
)
from tests.factories.content import CoursePageFactory
from tests.factories.learning import EnrolmentFactory, OnboardingPathFactory, PathCourseFactory
from tests.factories.quizzes import ExamPageFactory

pytestmark = pytest.mark.django_db

PATHS_INDEX = reverse("onboarding_paths:index")
PATHS_ADD = reverse("onboarding_paths:add")
ENROLMENTS_INDEX = reverse("enrolments:index")


@pytest.fixture
def admin_client(client):
    """A client signed in as a person holding the Administrator role (two-factor set up by
    the factory, as the role requires; not a superuser)."""
    client.force_login(UserFactory(full_name="Ada Administrator", roles=[ADMINISTRATOR]))
    return client


@pytest.fixture
def cashier():
    return JobRoleFactory(code="cashier", name="Cashier")


@pytest.fixture
def west(db):
    """A region with two stores; ``east`` is a store in another region of the same company."""
    region = RegionFactory(name="West")
    return {
        "region": region,
        "old_town": StoreFactory(parent=region, name="Old Town"),
        "riverside": StoreFactory(parent=region, name="Riverside"),
        "east": StoreFactory(parent=RegionFactory(parent=region.get_parent()), name="East"),
    }


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def path_form(**fields) -> dict:
    """POST data for the path form with its course rows (``courses`` is a list of dicts)."""
    courses = fields.pop("courses", [])
    data = {
        "name": "New cashiers",
        "description": "",
        "job_role": "",
        "unit": "",
        "active": "on",
        "courses-TOTAL_FORMS": str(len(courses)),
        "courses-INITIAL_FORMS": "0",
        "courses-MIN_NUM_FORMS": "0",
        "courses-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(courses):
        prefix = f"courses-{index}-"
        data.update(
            {
                f"{prefix}id": "",
                f"{prefix}ORDER": str(index + 1),
                f"{prefix}DELETE": "",
                f"{prefix}course": str(row["course"].pk),
                f"{prefix}due_in_days": str(row.get("due_in_days", "")),
                f"{prefix}due_on": str(row.get("due_on", "")),
            }
        )
    data.update(fields)
    return data


def form_errors(response) -> dict:
    form = response.context["form"]
    errors = {**form.errors}
    for name, formset in form.formsets.items():
        errors[name] = [child.errors for child in formset.forms]
    return errors


# --- Paths: create, confirm, apply


def test_saving_a_path_leads_to_what_applying_it_would_assign(admin_client, course, cashier, west):
    covered = [
        LearnerFactory(job_role=cashier, home_store=west["old_town"]),
        LearnerFactory(job_role=cashier, home_store=west["riverside"]),
    ]
    LearnerFactory(job_role=cashier, home_store=west["east"])  # another region
    LearnerFactory(home_store=west["old_town"])  # another role
    already = LearnerFactory(job_role=cashier, home_store=west["old_town"])
    EnrolmentFactory(user=already, course=course)

    response = admin_client.post(
        PATHS_ADD,
        path_form(
            job_role=cashier.pk,
            unit=west["region"].pk,
            courses=[{"course": course, "due_in_days": 14}],
        ),
    )

    path = OnboardingPath.objects.get()
    assert response.status_code == 302, form_errors(response)
    assert response.url == reverse("learning_path_confirm", args=[path.pk])
    assert [(row.course_id, row.due_in_days) for row in path.courses.all()] == [(course.pk, 14)]
    # Saving alone enrols nobody.
    assert not Enrolment.objects.filter(user__in=covered).exists()

    confirm = admin_client.get(response.url)
    assert confirm.status_code == 200
    text = page_text(confirm)
    assert "This assigns <strong>Greeting customers</strong> to 2 people." in text
    assert "enrolment from a path that no longer applies" in text
    assert f'action="{reverse("learning_path_apply", args=[path.pk])}"' in text


def test_a_course_nobody_new_would_get_says_so(admin_client, course, cashier):
    path = OnboardingPathFactory(job_role=cashier)
    PathCourseFactory(path=path, course=course)

    response = admin_client.get(reverse("learning_path_confirm", args=[path.pk]))

    assert "<strong>Greeting customers</strong>: nobody new." in page_text(response)


def test_apply_now_runs_the_job_and_enrols_exactly_the_people_covered(
    admin_client, course, cashier, west, django_capture_on_commit_callbacks
):
    covered = {
        LearnerFactory(job_role=cashier, home_store=west["old_town"]),
        LearnerFactory(job_role=cashier, home_store=west["riverside"]),
    }
    LearnerFactory(job_role=cashier, home_store=west["east"])
    LearnerFactory(home_store=west["riverside"])
    path = OnboardingPathFactory(job_role=cashier, unit=west["region"])
    PathCourseFactory(path=path, course=course, due_in_days=14)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("learning_path_apply", args=[path.pk]))

    progress_url = reverse("learning_path_progress", args=[path.pk])
    assert response.status_code == 302
    assert response.url == progress_url
    path.refresh_from_db()
    assert path.apply_job.status == Job.Status.SUCCEEDED
    assert path.applied_at is not None
    enrolments = Enrolment.objects.filter(course_key=course.translation_key)
    assert {enrolment.user for enrolment in enrolments} == covered
    assert {enrolment.source for enrolment in enrolments} == {Enrolment.Source.RULE}

    progress = admin_client.get(progress_url)
    text = page_text(progress)
    assert progress.status_code == 200
    assert "2 people checked" in text
    assert "2 enrolments added" in text
    assert "0 enrolments withdrawn (not started)" in text
    assert "0 enrolments kept (already started)" in text
    assert f'href="{PATHS_INDEX}"' in text

    listing = page_text(admin_client.get(PATHS_INDEX))
    assert "Not applied yet" not in listing


def test_progress_page_shows_a_running_job_and_comes_back_when_done(admin_client, course, cashier):
    path = OnboardingPathFactory(job_role=cashier)
    PathCourseFactory(path=path, course=course)
    # Not executing the on-commit callbacks leaves the job queued.
    admin_client.post(reverse("learning_path_apply", args=[path.pk]))

    progress_url = reverse("learning_path_progress", args=[path.pk])
    response = admin_client.get(progress_url)
    text = page_text(response)

    assert "data-job-progress" in text
    assert f'data-done-url="{progress_url}"' in text
    assert "people checked" not in text
    # While it runs, the confirmation points at it instead of offering to apply again.
    confirm = page_text(admin_client.get(reverse("learning_path_confirm", args=[path.pk])))
    assert "This path is being applied now." in confirm
    assert "Apply now" not in confirm


def test_progress_page_before_any_application_goes_to_the_confirmation(admin_client, cashier):
    path = OnboardingPathFactory(job_role=cashier)
    response = admin_client.get(reverse("learning_path_progress", args=[path.pk]))
    assert response.url == reverse("learning_path_confirm", args=[path.pk])


def test_path_listing_shows_counts_never_applied_and_the_apply_button(
    admin_client, course, cashier, west
):
    path = OnboardingPathFactory(name="Cashiers West", job_role=cashier, unit=west["region"])
    PathCourseFactory(path=path, course=course)
    PathCourseFactory(path=path, course=CoursePageFactory(parent=course.get_parent()))
    OnboardingPathFactory(name="Old paths", active=False)

    response = admin_client.get(PATHS_INDEX)
    text = page_text(response)

    assert response.status_code == 200
    assert "Cashiers West" in text
    assert "Cashier" in text
    assert "West" in text
    assert "Not applied yet" in text
    rows = {row.name: row.course_count for row in response.context["object_list"]}
    assert rows == {"Cashiers West": 2, "Old paths": 0}
    assert reverse("learning_path_confirm", args=[path.pk]) in text

    inactive = admin_client.get(PATHS_INDEX, {"active": "false"})
    assert [row.name for row in inactive.context["object_list"]] == ["Old paths"]
    searched = admin_client.get(PATHS_INDEX, {"q": "west"})
    assert [row.name for row in searched.context["object_list"]] == ["Cashiers West"]


def test_edit_page_offers_to_apply_and_saving_leads_to_the_confirmation(
    admin_client, course, cashier
):
    path = OnboardingPathFactory(name="Cashiers", job_role=cashier)
    edit_url = reverse("onboarding_paths:edit", args=[path.pk])

    page = page_text(admin_client.get(edit_url))
    assert "Apply to existing staff" in page

    response = admin_client.post(
        edit_url,
        path_form(name="All cashiers", job_role=cashier.pk, courses=[{"course": course}]),
    )

    assert response.status_code == 302, form_errors(response)
    assert response.url == reverse("learning_path_confirm", args=[path.pk])
    path.refresh_from_db()
    assert path.name == "All cashiers"
    assert path.courses.get().course_id == course.pk


# --- Paths: form errors


def test_a_path_without_role_or_unit_is_refused_with_a_clear_message(admin_client, course):
    response = admin_client.post(PATHS_ADD, path_form(courses=[{"course": course}]))

    assert response.status_code == 200
    assert "Choose a job role, a unit, or both" in str(form_errors(response)["job_role"])
    assert not OnboardingPath.objects.exists()


def test_a_course_row_with_both_due_rules_is_refused_with_a_clear_message(
    admin_client, course, cashier
):
    response = admin_client.post(
        PATHS_ADD,
        path_form(
            job_role=cashier.pk,
            courses=[{"course": course, "due_in_days": 14, "due_on": "2027-01-31"}],
        ),
    )

    assert response.status_code == 200
    row_errors = form_errors(response)["courses"][0]
    assert row_errors["due_on"] == ["Give either a number of days or a fixed date, not both."]
    assert not OnboardingPath.objects.exists()


# --- Enrolments listing


@pytest.fixture
def enrolments(course, west):
    """Four enrolments in one course, one of each kind the filters tell apart."""
    today = timezone.localdate()
    now = timezone.now()
    return {
        "overdue": EnrolmentFactory(
            user=LearnerFactory(full_name="Olga Overdue", home_store=west["old_town"]),
            course=course,
            source=Enrolment.Source.RULE,
            due_on=today - timedelta(days=3),
        ),
        "in_progress": EnrolmentFactory(
            user=LearnerFactory(full_name="Ivan Inprogress", home_store=west["riverside"]),
            course=course,
            source=Enrolment.Source.MANAGER,
            due_on=today + timedelta(days=3),
            started_at=now,
        ),
        "completed": EnrolmentFactory(
            user=LearnerFactory(full_name="Cleo Complete", home_store=west["east"]),
            course=course,
            source=Enrolment.Source.SELF,
            due_on=today - timedelta(days=3),
            started_at=now,
            completed_at=now,
        ),
        "withdrawn": EnrolmentFactory(
            user=LearnerFactory(
                full_name="Walt Withdrawn", employee_number="E-777", home_store=west["east"]
            ),
            course=course,
            source=Enrolment.Source.RULE,
            withdrawn_at=now,
        ),
    }


def listed_names(response) -> set[str]:
    return {enrolment.user.full_name for enrolment in response.context["object_list"]}


def test_enrolment_listing_shows_each_row_with_its_status(admin_client, enrolments):
    response = admin_client.get(ENROLMENTS_INDEX)
    text = page_text(response)

    assert response.status_code == 200
    assert listed_names(response) == {
        "Olga Overdue",
        "Ivan Inprogress",
        "Cleo Complete",
        "Walt Withdrawn",
    }
    for label in ("Overdue", "In progress", "Completed", "Withdrawn"):
        assert label in text
    person = enrolments["overdue"].user
    assert reverse("learning_person_history", args=[person.pk]) in text
    assert "Old Town" in text
    # Read-only: no way to add or edit an enrolment here.
    assert "Add enrolment" not in text
    assert reverse("enrolments:inspect", args=[enrolments["overdue"].pk]) in text


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("overdue", {"Olga Overdue"}),
        ("in_progress", {"Ivan Inprogress"}),
        ("completed", {"Cleo Complete"}),
        ("withdrawn", {"Walt Withdrawn"}),
        ("not_started", set()),
    ],
)
def test_enrolment_status_filter(admin_client, enrolments, status, expected):
    response = admin_client.get(ENROLMENTS_INDEX, {"status": status})
    assert listed_names(response) == expected


def test_enrolment_source_store_and_due_filters(admin_client, enrolments, west):
    by_rule = admin_client.get(ENROLMENTS_INDEX, {"source": "rule"})
    assert listed_names(by_rule) == {"Olga Overdue", "Walt Withdrawn"}

    in_west = admin_client.get(ENROLMENTS_INDEX, {"store": west["region"].pk})
    assert listed_names(in_west) == {"Olga Overdue", "Ivan Inprogress"}

    later = (timezone.localdate() + timedelta(days=1)).isoformat()
    due_later = admin_client.get(ENROLMENTS_INDEX, {"due_on_from": later})
    assert listed_names(due_later) == {"Ivan Inprogress"}


def test_enrolment_search_by_name_and_employee_number(admin_client, enrolments):
    by_name = admin_client.get(ENROLMENTS_INDEX, {"q": "olga"})
    assert listed_names(by_name) == {"Olga Overdue"}

    by_number = admin_client.get(ENROLMENTS_INDEX, {"q": "E-777"})
    assert listed_names(by_number) == {"Walt Withdrawn"}


def test_enrolment_inspect_page_opens(admin_client, enrolments):
    enrolment = enrolments["in_progress"]
    response = admin_client.get(reverse("enrolments:inspect", args=[enrolment.pk]))
    assert response.status_code == 200
    assert "Ivan Inprogress" in page_text(response)


def _enrol_many(course, count):
    for _n in range(count):
        store = StoreFactory()
        EnrolmentFactory(user=LearnerFactory(home_store=store), course=course)


@pytest.mark.parametrize("count", [3, 20])
def test_enrolment_listing_queries_do_not_grow_with_rows(
    admin_client, course, count, django_assert_max_num_queries
):
    _enrol_many(course, count)
    admin_client.get(ENROLMENTS_INDEX)  # warm the session and permission caches

    with django_assert_max_num_queries(16):
        response = admin_client.get(ENROLMENTS_INDEX)

    assert len(response.context["object_list"]) == count


# --- A learner's history


def test_history_shows_enrolments_completions_runs_and_attempts(
    admin_client, course, lessons, scenario, learner
):
    exam = ExamPageFactory(parent=course, title="Greeting exam")
    EnrolmentFactory(user=learner, course=course, due_on=timezone.localdate() - timedelta(days=1))
    LessonCompletion.objects.create(
        user=learner, lesson=lessons[0], lesson_key=lessons[0].translation_key
    )
    ScenarioRun.objects.create(
        user=learner,
        scenario=scenario,
        scenario_key=scenario.translation_key,
        score=5,
        max_score=5,
        pass_score=3,
        passed=True,
        finished_at=timezone.now(),
    )
    Attempt.objects.create(
        user=learner,
        exam=exam,
        exam_key=exam.translation_key,
        number=1,
        status=Attempt.Status.SUBMITTED,
        locale=exam.locale,
        pass_mark=80,
        finished_at=timezone.now(),
        percentage=90,
        passed=True,
    )
    other = LearnerFactory()
    LessonCompletion.objects.create(
        user=other, lesson=lessons[1], lesson_key=lessons[1].translation_key
    )

    response = admin_client.get(reverse("learning_person_history", args=[learner.pk]))
    text = page_text(response)

    assert response.status_code == 200
    assert learner.full_name in text
    assert "Greeting customers" in text
    assert "Overdue" in text
    assert "Say hello" in text
    assert "Offer help" not in text
    assert "An angry customer" in text
    assert "5 / 5" in text
    assert "Greeting exam" in text
    assert "90 %" in text
    assert "Passed" in text


def test_history_of_an_unknown_person_is_a_404(admin_client):
    response = admin_client.get(reverse("learning_person_history", args=[999999]))
    assert response.status_code == 404


def test_history_is_linked_from_the_user_listing(admin_client, learner):
    response = admin_client.get(reverse("wagtailusers_users:index"))
    assert reverse("learning_person_history", args=[learner.pk]) in page_text(response)


# --- Who may do what


def test_trainer_sees_paths_and_enrolments_but_may_not_add_or_apply(client, cashier, learner):
    path = OnboardingPathFactory(name="Cashiers", job_role=cashier)
    client.force_login(UserFactory(roles=[TRAINER]))

    listing = client.get(PATHS_INDEX)
    assert listing.status_code == 200
    assert "Cashiers" in page_text(listing)
    assert PATHS_ADD not in page_text(listing)
    assert client.get(ENROLMENTS_INDEX).status_code == 200
    assert client.get(reverse("learning_person_history", args=[learner.pk])).status_code == 200

    add = client.get(PATHS_ADD)
    assert add.status_code == 302
    assert add.url == reverse("wagtailadmin_home")
    client.post(PATHS_ADD, path_form(job_role=cashier.pk))
    assert OnboardingPath.objects.count() == 1

    assert client.get(reverse("learning_path_confirm", args=[path.pk])).status_code == 403
    assert client.post(reverse("learning_path_apply", args=[path.pk])).status_code == 403
    path.refresh_from_db()
    assert path.apply_job is None


def test_learner_gets_no_access(client, cashier, learner):
    path = OnboardingPathFactory(job_role=cashier)
    client.force_login(UserFactory(roles=[LEARNER]))

    for url in (
        PATHS_INDEX,
        ENROLMENTS_INDEX,
        reverse("learning_path_confirm", args=[path.pk]),
        reverse("learning_person_history", args=[learner.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("account_login")), url
