"""The team overview: each status worked out where the person works, filters, search,
sorting, pages, the exports, assigning a course, and a fixed number of queries."""

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core import mail
from openpyxl import load_workbook

from lms.certificates.models import Certificate
from lms.certificates.services import default_design
from lms.learning.models import Enrolment
from tests.factories import JobRoleFactory, LearnerFactory, StoreFactory
from tests.factories.content import CoursePageFactory

pytestmark = pytest.mark.django_db

OVERVIEW = "/en/manage/"
ASSIGN = "/en/manage/assign/"
# 20:30 UTC on 9 March: already the 10th in Bishkek, still the 9th in Bratislava.
NOW = datetime(2026, 3, 9, 20, 30, tzinfo=UTC)


def rows(response) -> list[tuple[str, str, str, str]]:
    """(name, course, status, due) per row, as a reader sees the table."""
    soup = BeautifulSoup(response.content, "html.parser")
    found = []
    for tr in soup.select("table.dashboard-table tbody tr"):
        name = tr.find("th").find("a").get_text(strip=True)
        cells = {td.get("data-label"): td.get_text(" ", strip=True) for td in tr.find_all("td")}
        found.append((name, cells["Course"], cells["Status"], cells["Due date"]))
    return found


def certificate_for(enrolment, *, expires_on=None, status=Certificate.Status.VALID):
    design = default_design(kind="course", language="en")
    return Certificate.objects.create(
        code=f"CODE{enrolment.pk:020d}",
        user=enrolment.user,
        learner_name=enrolment.user.full_name,
        enrolment=enrolment,
        course=enrolment.course,
        title=enrolment.course.title,
        issued_on=date(2026, 1, 1),
        expires_on=expires_on,
        language="en",
        design=design,
        status=status,
    )


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def test_each_status_is_worked_out_from_the_facts(client, manager, store, enrol):
    def person(name):
        return LearnerFactory(home_store=store, full_name=name)

    enrol(person("A Not started"), due_on=date(2026, 3, 20))
    enrol(person("B In progress"), due_on=date(2026, 3, 20), started_at=NOW)
    enrol(person("C Overdue"), due_on=date(2026, 3, 8), started_at=NOW)
    done = enrol(person("D Completed"), completed_at=NOW)
    certified = enrol(person("E Certified"), completed_at=NOW)
    certificate_for(certified, expires_on=date(2028, 1, 1))
    expiring = enrol(person("F Expiring"), completed_at=NOW)
    certificate_for(expiring, expires_on=date(2026, 3, 30))
    revoked = enrol(person("G Revoked"), completed_at=NOW)
    certificate_for(revoked, status=Certificate.Status.REVOKED)
    assert done.certificate if hasattr(done, "certificate") else True
    client.force_login(manager)

    statuses = {name: status for name, _course, status, _due in rows(client.get(OVERVIEW))}

    assert statuses == {
        "A Not started": "Not started",
        "B In progress": "In progress",
        "C Overdue": "Overdue",
        "D Completed": "Completed",
        "E Certified": "Certified",
        "F Expiring": "Certificate expiring soon",
        "G Revoked": "Completed",
    }


def test_overdue_follows_the_persons_own_date(client, manager, store, enrol, settings):
    # Due on the 9th: in Bishkek it is already the 10th, so overdue; in Bratislava not yet.
    from lms.people.models import ManagerScope
    from tests.factories import RegionFactory

    asia = RegionFactory(name="Central Asia", time_zone="Asia/Bishkek")
    ManagerScope.objects.create(manager=manager, unit=asia)
    bishkek = StoreFactory(parent=asia, name="Bishkek")
    enrol(LearnerFactory(home_store=store, full_name="Bratislava"), due_on=date(2026, 3, 9))
    enrol(LearnerFactory(home_store=bishkek, full_name="Bishkek"), due_on=date(2026, 3, 9))
    client.force_login(manager)

    statuses = {name: status for name, _c, status, _d in rows(client.get(OVERVIEW))}
    overdue = [name for name, *_rest in rows(client.get(OVERVIEW, {"status": "overdue"}))]

    assert statuses == {"Bratislava": "Not started", "Bishkek": "Overdue"}
    assert overdue == ["Bishkek"]


def test_filters_search_and_sorting(client, manager, store, other_store, enrol, course):
    cashier = JobRoleFactory(name="Cashier")
    other_course = CoursePageFactory(parent=course.get_parent(), title="Complaints")
    anna = LearnerFactory(home_store=store, full_name="Anna", hire_date=date(2026, 1, 5))
    boris = LearnerFactory(
        home_store=other_store, full_name="Boris", job_role=cashier, hire_date=date(2025, 6, 1)
    )
    enrol(anna, due_on=date(2026, 4, 1))
    enrol(anna, course=other_course, due_on=date(2026, 3, 15))
    enrol(boris, due_on=date(2026, 3, 1))
    client.force_login(manager)

    def names(**query):
        return [(name, course) for name, course, *_rest in rows(client.get(OVERVIEW, query))]

    assert names() == [
        ("Anna", "Complaints"),
        ("Anna", "Service essentials"),
        ("Boris", "Service essentials"),
    ]
    assert names(unit=other_store.pk) == [("Boris", "Service essentials")]
    assert names(unit=store.get_parent().pk) == names()
    assert names(role=cashier.pk) == [("Boris", "Service essentials")]
    assert names(course=str(other_course.translation_key)) == [("Anna", "Complaints")]
    assert names(q="bor") == [("Boris", "Service essentials")]
    assert names(q=boris.email.upper()) == [("Boris", "Service essentials")]
    assert names(hired_from="2026-01-01") == [
        ("Anna", "Complaints"),
        ("Anna", "Service essentials"),
    ]
    assert names(hired_to="2025-12-31") == [("Boris", "Service essentials")]
    assert [course for _n, course in names(sort="due")] == [
        "Service essentials",
        "Complaints",
        "Service essentials",
    ]
    assert names(sort="-name")[0][0] == "Boris"


def test_withdrawn_enrolments_and_inactive_people_are_left_out(client, manager, store, enrol):
    gone = LearnerFactory(home_store=store, full_name="Gone", is_active=False)
    enrol(gone)
    withdrawn = enrol(LearnerFactory(home_store=store, full_name="Withdrawn"))
    Enrolment.objects.filter(pk=withdrawn.pk).update(withdrawn_at=NOW)
    client.force_login(manager)

    assert rows(client.get(OVERVIEW)) == []
    assert "Nobody in your stores has a course yet." in client.get(OVERVIEW).content.decode()


def test_fifty_to_a_page(client, manager, store, enrol):
    for number in range(53):
        enrol(LearnerFactory(home_store=store, full_name=f"Person {number:02}"))
    client.force_login(manager)

    first = client.get(OVERVIEW)
    second = client.get(OVERVIEW, {"page": 2})

    assert len(rows(first)) == 50
    assert [name for name, *_rest in rows(second)] == ["Person 50", "Person 51", "Person 52"]
    assert "53 course enrolments" in first.content.decode()
    assert "Page 1 of 2" in first.content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_the_overview_runs_a_fixed_number_of_queries(
    client, manager, store, enrol, count, django_assert_max_num_queries
):
    for number in range(count):
        enrolment = enrol(LearnerFactory(home_store=store), completed_at=NOW)
        if number % 2:
            certificate_for(enrolment, expires_on=date(2027, 1, 1))
    client.force_login(manager)

    with django_assert_max_num_queries(18):
        response = client.get(OVERVIEW)

    assert len(rows(response)) == count


def test_the_csv_has_the_filtered_rows_in_the_managers_language_and_escapes_formulas(
    client, manager, store, enrol
):
    enrol(LearnerFactory(home_store=store, full_name='=HYPERLINK("http://x")'))
    enrol(LearnerFactory(home_store=store, full_name="Anna"), due_on=date(2026, 3, 20))
    enrol(LearnerFactory(home_store=store, full_name="Boris"))
    manager.preferred_language = "sk"
    manager.save()
    client.force_login(manager)

    response = client.get("/sk/manage/", {"export": "csv", "q": "n"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    # The file is named in Slovak too ("prehľad-tímu-2026-03-09.csv"), encoded per RFC 6266.
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''preh%C4%BEad-t%C3%ADmu-2026-03-09.csv"
    )
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0][0] == "Meno"  # Slovak headers
    names = sorted(row[0] for row in table[1:])
    assert names == ['\'=HYPERLINK("http://x")', "Anna"]
    anna = next(row for row in table[1:] if row[0] == "Anna")
    assert "2026-03-20" in anna


def test_the_xlsx_is_a_real_workbook_with_dates_and_escaped_text(client, manager, store, enrol):
    enrol(LearnerFactory(home_store=store, full_name="@SUM(A1)"), due_on=date(2026, 3, 20))
    client.force_login(manager)

    response = client.get(OVERVIEW, {"export": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    header, row = list(sheet.iter_rows(values_only=True))
    assert header[0] == "Name"
    assert row[0] == "'@SUM(A1)"
    assert row[header.index("Due date")].date() == date(2026, 3, 20)


# -- assigning ---------------------------------------------------------------------------


def test_a_manager_assigns_a_course_to_the_ticked_people(
    client, manager, store, course, enrol, django_capture_on_commit_callbacks
):
    anna = LearnerFactory(home_store=store, full_name="Anna")
    boris = LearnerFactory(home_store=store, full_name="Boris")
    enrol(boris, due_on=date(2026, 3, 20))
    new_course = CoursePageFactory(parent=course.get_parent(), title="Complaints")
    client.force_login(manager)

    response = client.post(
        ASSIGN,
        {
            "person": [anna.pk, boris.pk],
            "course": str(new_course.translation_key),
            "due_on": "2026-04-30",
            "next": "/en/manage/?q=a",
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == "/en/manage/?q=a"
    assert "Complaints assigned to 2 people." in response.content.decode()
    assert set(
        Enrolment.objects.filter(course_key=new_course.translation_key).values_list(
            "user__full_name", "due_on"
        )
    ) == {("Anna", date(2026, 4, 30)), ("Boris", date(2026, 4, 30))}

    again = client.post(
        ASSIGN,
        {"person": [anna.pk], "course": str(new_course.translation_key), "due_on": "2026-05-15"},
        follow=True,
    )
    assert "1 person already had Complaints: their due date is changed." in (again.content.decode())
    assert Enrolment.objects.filter(course_key=new_course.translation_key).count() == 2


def test_assigning_to_someone_elsewhere_assigns_nobody(client, manager, store, far_store, course):
    anna = LearnerFactory(home_store=store)
    stranger = LearnerFactory(home_store=far_store)
    client.force_login(manager)

    response = client.post(
        ASSIGN, {"person": [anna.pk, stranger.pk], "course": str(course.translation_key)}
    )

    assert response.status_code == 404
    assert not Enrolment.objects.exists()
    assert client.post(ASSIGN, {"person": ["x"], "course": "y"}).status_code == 404
    assert (
        client.post(ASSIGN, {"person": [999999], "course": str(course.translation_key)}).status_code
        == 404
    )


def test_assigning_without_people_or_course_says_what_is_missing(client, manager, store, course):
    anna = LearnerFactory(home_store=store)
    client.force_login(manager)

    nobody = client.post(ASSIGN, {"course": str(course.translation_key)}, follow=True)
    no_course = client.post(ASSIGN, {"person": [anna.pk], "course": ""}, follow=True)
    bad_date = client.post(
        ASSIGN,
        {"person": [anna.pk], "course": str(course.translation_key), "due_on": "31.02.2026"},
        follow=True,
    )

    assert "Tick the people to assign the course to first." in nobody.content.decode()
    assert "This field is required." in no_course.content.decode()
    assert "Enter a valid date." in bad_date.content.decode()
    assert not Enrolment.objects.exists()
    assert mail.outbox == []


def test_the_overview_passes_for_a_course_due_in_the_past_week(client, manager, store, enrol):
    enrol(LearnerFactory(home_store=store, full_name="Late"), due_on=NOW.date() - timedelta(days=3))
    client.force_login(manager)

    [(_name, _course, status, due)] = rows(client.get(OVERVIEW))

    assert status == "Overdue"
    assert due == "March 6, 2026"
