"""Staff import services: preview, apply (all or nothing, idempotent, audited), start, job."""

from types import SimpleNamespace

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from lms.jobs.models import Job
from lms.people.models import StaffImport, User
from lms.people.roles import ADMINISTRATOR, LEARNER
from lms.people.staff_import import (
    StaffImportError,
    staff_import_apply,
    staff_import_counts,
    staff_import_create,
    staff_import_preview,
    staff_import_start,
)
from tests.factories import (
    JobRoleFactory,
    OrgUnitFactory,
    RegionFactory,
    StoreFactory,
    UserFactory,
)

HEADER = "email,employee_number,full_name,store_code,job_role,hire_date,language,active"


def staff_csv(*rows: str, header: str = HEADER) -> str:
    """A staff CSV: the header and one line per row, as an HR export writes them."""
    return "\n".join([header, *rows]) + "\n"


def demo_company() -> SimpleNamespace:
    """Two regions, four stores and three job roles, coded as in the demo company."""
    company = OrgUnitFactory(code="academy-retail", name="Alder & Finch Retail")
    central_europe = RegionFactory(code="central-europe", name="Central Europe", parent=company)
    central_asia = RegionFactory(code="central-asia", name="Central Asia", parent=company)
    stores = {
        "ba-01": StoreFactory(code="ba-01", name="Bratislava Old Town", parent=central_europe),
        "ke-01": StoreFactory(code="ke-01", name="Košice Centre", parent=central_europe),
        "fr-01": StoreFactory(code="fr-01", name="Bishkek Frunze Street", parent=central_asia),
        "os-01": StoreFactory(code="os-01", name="Osh Bazaar Road", parent=central_asia),
    }
    roles = {
        code: JobRoleFactory(code=code, name=name)
        for code, name in [
            ("sales-consultant", "Sales consultant"),
            ("cashier", "Cashier"),
            ("store-manager", "Store manager"),
        ]
    }
    return SimpleNamespace(stores=stores, roles=roles, regions=[central_europe, central_asia])


pytestmark = pytest.mark.django_db


@pytest.fixture
def actor():
    return UserFactory(roles=[ADMINISTRATOR], full_name="Ada Administrator")


def audit_log(person, action):
    return log_registry.get_logs_for_instance(person).filter(action=action)


def outcomes(rows: list[dict]) -> list[tuple[int, str]]:
    return [(row["line"], row["outcome"]) for row in rows]


def import_now(content: str, actor) -> StaffImport:
    """Upload and apply at once, as the nightly command does."""
    staff_import = staff_import_create(actor=actor, file_name="staff.csv", content=content)
    return staff_import_apply(staff_import=staff_import, actor=actor)


def person(**lookup) -> User:
    return User.objects.select_related("home_store", "job_role").get(**lookup)


# --- Preview


def test_preview_says_created_for_a_new_person_and_writes_nothing(company):
    rows = staff_import_preview(
        content=staff_csv("jana@alder.example,BA-0101,Jana Kováčová,ba-01,cashier,,sk,yes")
    )
    assert rows == [
        {
            "line": 2,
            "full_name": "Jana Kováčová",
            "email": "jana@alder.example",
            "employee_number": "BA-0101",
            "store_code": "ba-01",
            "outcome": "created",
            "changes": [],
            "errors": [],
            "note": "",
        }
    ]
    assert not User.objects.filter(employee_number="BA-0101").exists()


def test_unknown_store_is_an_error(company):
    [row] = staff_import_preview(content=staff_csv("jan@alder.example,,Ján Novák,za-99,,,,"))
    assert row["outcome"] == "error"
    assert row["errors"] == ["Unknown store code “za-99”."]


def test_a_region_code_is_not_a_store(company):
    [row] = staff_import_preview(content=staff_csv("jan@alder.example,,Ján Novák,central-asia,,,,"))
    assert row["errors"] == ["“central-asia” is a region, not a store."]


def test_store_code_matches_ignoring_case(company):
    [row] = staff_import_preview(content=staff_csv("jan@alder.example,,Ján Novák,BA-01,,,,"))
    assert row["outcome"] == "created"


def test_job_role_matches_by_code_or_name_ignoring_case(company):
    rows = staff_import_preview(
        content=staff_csv(
            "jan@alder.example,,Ján Novák,ba-01,CASHIER,,,",
            "eva@alder.example,,Eva Nováková,ba-01,sales consultant,,,",
        )
    )
    assert outcomes(rows) == [(2, "created"), (3, "created")]


def test_unknown_job_role_is_an_error(company):
    [row] = staff_import_preview(content=staff_csv("jan@alder.example,,Ján Novák,ba-01,juggler,,,"))
    assert row["errors"] == ["Unknown job role “juggler”."]


def test_each_error_of_a_row_is_reported_at_once(company):
    [row] = staff_import_preview(
        content=staff_csv("not-an-address,,Ján Novák,za-99,juggler,2026-13-01,de,")
    )
    assert len(row["errors"]) == 5


def test_a_model_rule_such_as_the_name_length_is_a_row_error(company):
    [row] = staff_import_preview(content=staff_csv(f"jan@alder.example,,{'N' * 201},ba-01,,,,"))
    assert row["outcome"] == "error"
    assert row["errors"] == [
        "Full name: Ensure this value has at most 200 characters (it has 201)."
    ]


def test_employee_number_of_one_person_and_email_of_another_is_an_error(company):
    UserFactory(employee_number="BA-1", email="jan@alder.example", full_name="Ján Novák")
    UserFactory(employee_number="BA-2", email="eva@alder.example", full_name="Eva Nováková")
    [row] = staff_import_preview(content=staff_csv("eva@alder.example,BA-1,Ján Novák,ba-01,,,,"))
    assert row["errors"] == [
        "The employee number belongs to Ján Novák but the e-mail to Eva Nováková."
    ]


def test_email_of_a_person_with_another_employee_number_is_an_error(company):
    UserFactory(employee_number="BA-1", email="jan@alder.example")
    [row] = staff_import_preview(content=staff_csv("jan@alder.example,BA-7,Ján Novák,ba-01,,,,"))
    assert row["errors"] == ["The person with this e-mail has the employee number BA-1, not BA-7."]


def test_two_rows_about_the_same_person_are_both_errors(company):
    UserFactory(employee_number="BA-1", email="jan@alder.example")
    rows = staff_import_preview(
        content=staff_csv(
            ",BA-1,Ján Novák,ba-01,,,,",
            "jan@alder.example,,Ján Novák,ke-01,,,,",
        )
    )
    assert [row["errors"] for row in rows] == [
        ["Line 3 is about the same person."],
        ["Line 2 is about the same person."],
    ]


def test_preview_runs_the_same_few_queries_for_10_and_200_rows(
    company, django_assert_max_num_queries
):
    def content(count):
        existing = [
            UserFactory(employee_number=f"N{count}-{i}", home_store=company.stores["ba-01"])
            for i in range(0, count, 2)
        ]
        lines = [f",{p.employee_number},{p.full_name},ke-01,cashier,,,yes" for p in existing]
        lines += [
            f"new{count}-{i}@alder.example,,New {i},fr-01,Store manager,2026-01-05,ky,"
            for i in range(count - len(existing))
        ]
        return staff_csv(*lines)

    small, large = content(10), content(200)
    # Stores, job roles, and the people the rows name: three queries however long the file.
    with django_assert_max_num_queries(3):
        small_rows = staff_import_preview(content=small)
    with django_assert_max_num_queries(3):
        large_rows = staff_import_preview(content=large)
    assert staff_import_counts(small_rows) == {
        "created": 5,
        "updated": 5,
        "unchanged": 0,
        "error": 0,
    }
    assert staff_import_counts(large_rows)["updated"] == 100


def test_create_stores_the_file_and_its_preview(company, actor):
    staff_import = staff_import_create(
        actor=actor,
        file_name="C:\\HR\\staff.csv",
        content=staff_csv("jan@alder.example,,Ján Novák,ba-01,,,,"),
    )
    staff_import.refresh_from_db()
    assert staff_import.file_name == "staff.csv"
    assert staff_import.uploaded_by == actor
    assert staff_import.status == StaffImport.Status.PREVIEWED
    assert outcomes(staff_import.preview) == [(2, "created")]
    assert staff_import.report == []


# --- Apply: created, updated, unchanged


def test_a_new_person_is_created_as_a_learner_without_a_usable_password(company, actor):
    staff_import = import_now(
        staff_csv("jana@alder.example,BA-0101,Jana Kováčová,ba-01,cashier,2026-02-01,sk,"), actor
    )
    assert staff_import.status == StaffImport.Status.DONE
    assert outcomes(staff_import.report) == [(2, "created")]
    jana = person(employee_number="BA-0101")
    assert jana.email == "jana@alder.example"
    assert jana.full_name == "Jana Kováčová"
    assert jana.home_store == company.stores["ba-01"]
    assert jana.job_role == company.roles["cashier"]
    assert str(jana.hire_date) == "2026-02-01"
    assert jana.preferred_language == "sk"
    assert jana.is_active
    assert not jana.has_usable_password()
    assert list(jana.groups.values_list("name", flat=True)) == [LEARNER]


def test_a_person_without_email_is_created_by_employee_number(company, actor):
    import_now(staff_csv(",FR-0042,Айгүл Осмонова,fr-01,cashier,,,"), actor)
    aigul = person(employee_number="FR-0042")
    assert aigul.email is None
    assert aigul.preferred_language == "en"


def test_a_changed_row_updates_the_person_and_lists_the_changes(company, actor):
    jan = UserFactory(
        email="jan@alder.example",
        employee_number=None,
        full_name="Jan Novak",
        home_store=company.stores["ba-01"],
        job_role=company.roles["cashier"],
    )
    staff_import = import_now(
        staff_csv("jan@alder.example,BA-9,Ján Novák,ke-01,store-manager,2026-03-01,sk,yes"), actor
    )
    [row] = staff_import.report
    assert row["outcome"] == "updated"
    assert row["changes"] == [
        {"field": "full_name", "from": "Jan Novak", "to": "Ján Novák"},
        {"field": "home_store", "from": "ba-01", "to": "ke-01"},
        {"field": "employee_number", "from": None, "to": "BA-9"},
        {"field": "job_role", "from": "cashier", "to": "store-manager"},
        {"field": "hire_date", "from": None, "to": "2026-03-01"},
        {"field": "preferred_language", "from": "en", "to": "sk"},
    ]
    jan = person(pk=jan.pk)
    assert (jan.full_name, jan.employee_number) == ("Ján Novák", "BA-9")
    assert jan.home_store == company.stores["ke-01"]
    assert jan.job_role == company.roles["store-manager"]
    assert jan.preferred_language == "sk"


def test_matching_by_employee_number_updates_the_email(company, actor):
    aigul = UserFactory(employee_number="FR-0042", email=None, home_store=company.stores["fr-01"])
    import_now(staff_csv(f"aigul@alder.example,FR-0042,{aigul.full_name},fr-01,,,,"), actor)
    assert person(pk=aigul.pk).email == "aigul@alder.example"


def test_a_row_that_matches_the_database_is_unchanged(company, actor):
    UserFactory(
        email="jan@alder.example", full_name="Ján Novák", home_store=company.stores["ba-01"]
    )
    staff_import = import_now(staff_csv("JAN@alder.example,,Ján Novák,ba-01,,,,yes"), actor)
    assert outcomes(staff_import.report) == [(2, "unchanged")]


def test_blank_cells_leave_the_persons_values_alone(company, actor):
    jan = UserFactory(
        email="jan@alder.example",
        full_name="Ján Novák",
        home_store=company.stores["ba-01"],
        job_role=company.roles["cashier"],
        preferred_language="sk",
    )
    staff_import = import_now(staff_csv("jan@alder.example,,Ján Novák,ba-01,,,,"), actor)
    assert outcomes(staff_import.report) == [(2, "unchanged")]
    jan = person(pk=jan.pk)
    assert jan.job_role == company.roles["cashier"]
    assert jan.preferred_language == "sk"


def test_importing_the_same_file_again_changes_nothing(company, actor):
    UserFactory(
        email="jan@alder.example", full_name="Jan Novak", home_store=company.stores["ba-01"]
    )
    content = staff_csv(
        "jan@alder.example,,Ján Novák,ke-01,cashier,,,yes",
        "eva@alder.example,KE-2,Eva Nováková,ke-01,,2025-09-01,sk,",
        ",FR-0042,Айгүл Осмонова,fr-01,cashier,,ky,",
        "old@alder.example,,Old Timer,ba-01,,,,no",
        "bad-address,,Broken Row,ba-01,,,,",
    )
    first = import_now(content, actor)
    people_before = list(User.objects.order_by("pk").values())
    log_entries_before = ModelLogEntry.objects.count()

    again = import_now(content, actor)

    assert staff_import_counts(first.report) == {
        "created": 2,
        "updated": 1,
        "unchanged": 1,
        "error": 1,
    }
    assert staff_import_counts(again.report) == {
        "created": 0,
        "updated": 0,
        "unchanged": 4,
        "error": 1,
    }
    assert list(User.objects.order_by("pk").values()) == people_before
    # Only the second import itself is logged, nothing about the people.
    assert ModelLogEntry.objects.count() == log_entries_before + 1


def test_an_error_row_does_not_stop_the_other_rows(company, actor):
    staff_import = import_now(
        staff_csv(
            "jan@alder.example,,Ján Novák,ba-01,,,,",
            "eva@alder.example,,Eva Nováková,za-99,,,,",
            "peter@alder.example,,Peter Horváth,ke-01,,,,",
        ),
        actor,
    )
    assert outcomes(staff_import.report) == [(2, "created"), (3, "error"), (4, "created")]
    assert set(
        User.objects.filter(email__endswith="@alder.example").values_list("email", flat=True)
    ) == {
        "jan@alder.example",
        "peter@alder.example",
    }


# --- Deactivation and the audit log


def test_an_inactive_row_deactivates_the_person_and_keeps_them(company, actor):
    jan = UserFactory(
        email="jan@alder.example", full_name="Ján Novák", home_store=company.stores["ba-01"]
    )
    staff_import = import_now(staff_csv("jan@alder.example,,Ján Novák,ba-01,,,,no"), actor)
    [row] = staff_import.report
    assert row["changes"] == [{"field": "is_active", "from": True, "to": False}]
    jan = person(pk=jan.pk)
    assert not jan.is_active
    assert jan.home_store == company.stores["ba-01"]
    [entry] = audit_log(jan, "people.deactivated")
    assert entry.user == actor


def test_an_active_row_reactivates_a_deactivated_person(company, actor):
    jan = UserFactory(
        email="jan@alder.example",
        full_name="Ján Novák",
        home_store=company.stores["ba-01"],
        is_active=False,
    )
    import_now(staff_csv("jan@alder.example,,Ján Novák,ba-01,,,,yes"), actor)
    assert person(pk=jan.pk).is_active
    assert audit_log(jan, "people.reactivated").count() == 1


def test_an_inactive_row_for_someone_unknown_creates_nobody(company, actor):
    staff_import = import_now(staff_csv("gone@alder.example,,Gone Before,ba-01,,,,no"), actor)
    [row] = staff_import.report
    assert row["outcome"] == "unchanged"
    assert "nobody to deactivate" in row["note"]
    assert not User.objects.filter(email="gone@alder.example").exists()


def test_store_and_job_role_changes_are_in_the_audit_log(company, actor):
    jan = UserFactory(
        email="jan@alder.example",
        full_name="Ján Novák",
        home_store=company.stores["ba-01"],
        job_role=company.roles["cashier"],
    )
    import_now(staff_csv("jan@alder.example,,Ján Novák,ke-01,store-manager,,,"), actor)

    [store_entry] = audit_log(jan, "people.store_changed")
    [role_entry] = audit_log(jan, "people.job_role_changed")
    assert store_entry.data == {"from": "ba-01", "to": "ke-01"}
    assert role_entry.data == {"from": "cashier", "to": "store-manager"}
    assert store_entry.user == role_entry.user == actor
    # One import, one group of entries in the history.
    assert store_entry.uuid == role_entry.uuid
    formatter = log_registry.get_formatter(store_entry)
    assert formatter.format_message(store_entry) == "Store changed: ba-01 → ke-01"


def test_the_import_itself_is_logged_with_its_counts(company, actor):
    staff_import = import_now(staff_csv("jan@alder.example,,Ján Novák,ba-01,,,,"), actor)
    [entry] = audit_log(staff_import, "people.staff_imported")
    assert entry.user == actor
    assert entry.data == {"created": 1, "updated": 0, "unchanged": 0, "error": 0}


# --- All or nothing


def alter_people_table(sql: str) -> None:
    # Checks deferred to the commit would block ALTER TABLE; run them first.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"ALTER TABLE people_user {sql}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@pytest.fixture
def database_refuses_a_name():
    """A rule only the database knows: nobody may be called "Refused By Database"."""
    alter_people_table(
        "ADD CONSTRAINT test_refused_name CHECK (full_name <> 'Refused By Database')"
    )
    yield
    alter_people_table("DROP CONSTRAINT IF EXISTS test_refused_name")


def test_a_row_the_database_refuses_half_way_leaves_nothing_written(
    company, actor, database_refuses_a_name
):
    jan = UserFactory(
        email="jan@alder.example", full_name="Ján Novák", home_store=company.stores["ba-01"]
    )
    lines = ["jan@alder.example,,Ján Novák,ke-01,,,,no"]
    lines += [f"p{i}@alder.example,,Person {i},fr-01,,,," for i in range(60)]
    lines.insert(40, "refused@alder.example,,Refused By Database,os-01,,,,")
    lines += [f"q{i}@alder.example,,Person Q{i},fr-01,,,," for i in range(40)]
    staff_import = staff_import_create(
        actor=actor, file_name="staff.csv", content=staff_csv(*lines)
    )
    assert staff_import_counts(staff_import.preview)["created"] == 101
    log_entries_before = ModelLogEntry.objects.count()

    with (
        CaptureQueriesContext(connection) as queries,
        pytest.raises(IntegrityError, match="test_refused_name"),
    ):
        staff_import_apply(staff_import=staff_import, actor=actor)

    # The database refused the row half-way, after earlier slices had been written...
    writes = [
        q["sql"] for q in queries if q["sql"].startswith(('INSERT INTO "people_user"', "UPDATE"))
    ]
    assert len(writes) > 10
    # ...and the transaction took all of them back.
    assert not User.objects.filter(email__endswith="@alder.example").exclude(pk=jan.pk).exists()
    jan = person(pk=jan.pk)
    assert jan.home_store == company.stores["ba-01"]
    assert jan.is_active
    assert ModelLogEntry.objects.count() == log_entries_before
    staff_import.refresh_from_db()
    assert staff_import.status == StaffImport.Status.FAILED
    assert staff_import.report == []


def test_a_failed_import_applied_again_starts_clean(company, actor, database_refuses_a_name):
    content = staff_csv(
        "jan@alder.example,,Ján Novák,ba-01,,,,",
        "refused@alder.example,,Refused By Database,ba-01,,,,",
    )
    staff_import = staff_import_create(actor=actor, file_name="staff.csv", content=content)
    with pytest.raises(IntegrityError):
        staff_import_apply(staff_import=staff_import, actor=actor)
    alter_people_table("DROP CONSTRAINT test_refused_name")

    staff_import_apply(staff_import=staff_import, actor=actor)

    staff_import.refresh_from_db()
    assert staff_import.status == StaffImport.Status.DONE
    assert outcomes(staff_import.report) == [(2, "created"), (3, "created")]


class WorkerKilled(BaseException):
    """What a worker's sudden end looks like to the code it was running."""


def kill_at(percent_to_die: int):
    def report(percent, message=""):
        if percent >= percent_to_die:
            raise WorkerKilled

    return report


def test_a_worker_killed_half_way_commits_nothing_and_a_retry_starts_clean(
    transactional_site, actor
):
    company = demo_company()
    content = staff_csv(*(f"p{i}@alder.example,,Person {i},ba-01,,,," for i in range(100)))
    staff_import = staff_import_create(actor=actor, file_name="staff.csv", content=content)
    # As when a worker has taken the job (here Celery would run it at once, on commit).
    StaffImport.objects.filter(pk=staff_import.pk).update(status=StaffImport.Status.QUEUED)

    with pytest.raises(WorkerKilled):
        staff_import_apply(staff_import=staff_import, actor=actor, report=kill_at(50))

    assert not User.objects.filter(email__endswith="@alder.example").exists()
    staff_import.refresh_from_db()
    assert staff_import.status == StaffImport.Status.QUEUED  # the job is handed to another worker

    staff_import_apply(staff_import=staff_import, actor=actor)

    assert (
        User.objects.filter(
            email__endswith="@alder.example", home_store=company.stores["ba-01"]
        ).count()
        == 100
    )
    assert staff_import_counts(staff_import.report)["created"] == 100


def test_apply_checks_the_rows_again_against_the_database_as_it_is_then(company, actor):
    content = staff_csv("jan@alder.example,,Ján Novák,ke-01,,,,")
    staff_import = staff_import_create(actor=actor, file_name="staff.csv", content=content)
    assert outcomes(staff_import.preview) == [(2, "created")]
    UserFactory(
        email="jan@alder.example", full_name="Ján Novák", home_store=company.stores["ba-01"]
    )

    staff_import_apply(staff_import=staff_import, actor=actor)

    assert outcomes(staff_import.report) == [(2, "updated")]
    assert User.objects.filter(email="jan@alder.example").count() == 1


def test_a_finished_import_is_not_applied_twice(company, actor):
    staff_import = import_now(staff_csv("jan@alder.example,,Ján Novák,ba-01,,,,"), actor)
    User.objects.filter(email="jan@alder.example").update(home_store=company.stores["ke-01"])

    again = staff_import_apply(staff_import=staff_import, actor=actor)

    assert outcomes(again.report) == [(2, "created")]
    assert person(email="jan@alder.example").home_store == company.stores["ke-01"]


def test_two_thousand_rows_are_written_in_bulk(company, actor):
    def apply(store: str, role: str) -> int:
        content = staff_csv(
            *(f"p{i}@alder.example,E{i:05},Person {i},{store},{role},,sk," for i in range(2000))
        )
        staff_import = staff_import_create(actor=actor, file_name="staff.csv", content=content)
        with CaptureQueriesContext(connection) as queries:
            staff_import_apply(staff_import=staff_import, actor=actor)
        return len(queries)

    # About fifty slices of a few statements each, not 2,000 saves and 4,000 log entries.
    assert apply("ba-01", "cashier") < 150
    assert User.objects.filter(email__endswith="@alder.example").count() == 2000
    assert apply("ke-01", "store-manager") < 150
    assert User.objects.filter(home_store=company.stores["ke-01"]).count() == 2000
    assert ModelLogEntry.objects.filter(action="people.store_changed").count() == 2000
    assert ModelLogEntry.objects.filter(action="people.job_role_changed").count() == 2000


def test_progress_is_reported_about_every_two_percent_of_the_rows(company, actor):
    content = staff_csv(*(f"p{i}@alder.example,,Person {i},ba-01,,,," for i in range(200)))
    staff_import = staff_import_create(actor=actor, file_name="staff.csv", content=content)
    reported = []

    staff_import_apply(
        staff_import=staff_import,
        actor=actor,
        report=lambda percent, message="": reported.append((percent, message)),
    )

    percents = [percent for percent, _message in reported]
    assert reported[0] == (1, "Checking 200 rows")
    assert 45 <= len(reported) <= 55
    assert percents == sorted(percents)
    assert reported[-1] == (99, "Imported 200 of 200 people")


# --- Starting the job


def test_starting_twice_queues_one_job(company, actor, django_capture_on_commit_callbacks):
    staff_import = staff_import_create(
        actor=actor,
        file_name="staff.csv",
        content=staff_csv("jan@alder.example,,Ján Novák,ba-01,,,,"),
    )
    with django_capture_on_commit_callbacks() as callbacks:
        first = staff_import_start(staff_import=staff_import, actor=actor)
        second = staff_import_start(staff_import=staff_import, actor=actor)
    assert first == second
    assert len(callbacks) == 1
    assert Job.objects.count() == 1
    staff_import.refresh_from_db()
    assert staff_import.status == StaffImport.Status.QUEUED
    assert staff_import.job == first


def test_a_preview_with_nothing_to_import_cannot_be_started(company, actor):
    staff_import = staff_import_create(
        actor=actor,
        file_name="staff.csv",
        content=staff_csv("jan@alder.example,,Ján Novák,za-99,,,,"),
    )
    with pytest.raises(StaffImportError, match="no rows to import"):
        staff_import_start(staff_import=staff_import, actor=actor)
    assert not Job.objects.exists()


def test_a_failed_import_can_be_started_again_with_a_new_job(company, actor):
    staff_import = staff_import_create(
        actor=actor,
        file_name="staff.csv",
        content=staff_csv("jan@alder.example,,Ján Novák,ba-01,,,,"),
    )
    failed_job = staff_import_start(staff_import=staff_import, actor=actor)
    StaffImport.objects.filter(pk=staff_import.pk).update(status=StaffImport.Status.FAILED)

    retry = staff_import_start(staff_import=staff_import, actor=actor)

    assert retry != failed_job
    staff_import.refresh_from_db()
    assert (staff_import.status, staff_import.job) == (StaffImport.Status.QUEUED, retry)


def test_the_job_applies_the_import_and_returns_the_counts(
    company, actor, django_capture_on_commit_callbacks
):
    staff_import = staff_import_create(
        actor=actor,
        file_name="staff.csv",
        content=staff_csv(
            "jan@alder.example,,Ján Novák,ba-01,,,,",
            "eva@alder.example,,Eva Nováková,za-99,,,,",
        ),
    )
    with django_capture_on_commit_callbacks(execute=True):
        job = staff_import_start(staff_import=staff_import, actor=actor)

    job.refresh_from_db()
    staff_import.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.progress == 100
    assert job.result == {"created": 1, "updated": 0, "unchanged": 0, "error": 1}
    assert staff_import.status == StaffImport.Status.DONE
    assert outcomes(staff_import.report) == [(2, "created"), (3, "error")]
