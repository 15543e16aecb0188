"""A programme's page on a phone: the rule and the leaderboard fit, read well and pass axe."""

from decimal import Decimal

import pytest
from django.utils import timezone

from lms.people.models import ManagerScope
from lms.recognition.models import Programme
from tests.browser.conftest import fits_screen, serious_violations
from tests.factories import LearnerFactory, ManagerFactory, RegionFactory, StoreFactory
from tests.factories.content import CourseIndexPageFactory, CoursePageFactory
from tests.factories.people import PASSWORD
from tests.factories.quizzes import ExamPageFactory
from tests.factories.recognition import FinishedAttemptFactory, ProgrammeFactory

pytestmark = pytest.mark.browser

NAMES = (
    "Alžbeta Horváthová",
    "Bohdan Kovalenko",
    "Ciprian Popescu",
    "Daria Smirnova",
    "Eldiiar Asanov",
    "Filip Novák",
)


@pytest.fixture
def store_with_scores(home_page):
    """A store of six people with an exam finished just now, scored 95 down to 45."""
    exam = ExamPageFactory(
        parent=CoursePageFactory(parent=CourseIndexPageFactory(parent=home_page))
    )
    store = StoreFactory(parent=RegionFactory(), name="Bratislava Centre")
    people = []
    for number, name in enumerate(NAMES):
        person = LearnerFactory(home_store=store, full_name=name)
        FinishedAttemptFactory(
            user=person,
            exam=exam,
            exam_key="e" * 32,
            number=1,
            percentage=Decimal(95 - 10 * number),
            finished_at=timezone.now(),
        )
        people.append(person)
    return store, people


def _log_in(page, base_url, email):
    page.goto(f"{base_url}/en/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/en/my-learning/")


@pytest.mark.parametrize("privacy", [Programme.Leaderboard.NEIGHBOURS, Programme.Leaderboard.TOP_N])
def test_learner_reads_the_rule_and_their_rank_on_a_phone(
    phone, live_site, axe, store_with_scores, privacy
):
    _store, people = store_with_scores
    ProgrammeFactory(
        name="Service star of the month",
        weight_exams=3,
        weight_roleplay=1,
        weight_on_time=1,
        leaderboard=privacy,
        leaderboard_top_n=2,
    )
    _log_in(phone, live_site.url, people[3].email)

    phone.goto(f"{live_site.url}/en/recognition/")
    phone.get_by_role("link", name="Service star of the month").click()

    phone.get_by_role("heading", level=1, name="Service star of the month").wait_for()
    table = phone.get_by_role("table")
    assert table.get_by_role("rowheader", name="Daria Smirnova (you)").count() == (
        1 if privacy == Programme.Leaderboard.NEIGHBOURS else 0
    )
    if privacy == Programme.Leaderboard.TOP_N:
        assert phone.get_by_text("Your rank: 4 of 6").is_visible()
    else:
        # The people just above and below are there by rank and score, not by name.
        assert phone.get_by_role("row").count() == 4  # header, above, you, below
        assert phone.get_by_text("Ciprian Popescu").count() == 0
    assert phone.get_by_role("heading", name="How it works").is_visible()
    assert serious_violations(axe.run(phone)) == []
    assert fits_screen(phone)


def test_manager_chooses_a_store_and_sees_the_whole_table_on_a_phone(
    phone, live_site, axe, store_with_scores
):
    store, _people = store_with_scores
    StoreFactory(parent=store.get_parent(), name="Košice Mall")
    manager = ManagerFactory(full_name="Mária Kováčová")
    ManagerScope.objects.create(manager=manager, unit=store.get_parent())
    ProgrammeFactory(
        name="Store star", slug="store-star", leaderboard=Programme.Leaderboard.NEIGHBOURS
    )
    # Managers use two-factor authentication: force the session in rather than type a code.
    phone.context.add_cookies([_session_cookie(manager, live_site.url)])

    phone.goto(f"{live_site.url}/en/recognition/store-star/")
    phone.get_by_label("Unit").select_option(label="Bratislava Centre")
    phone.get_by_role("button", name="Show").click()

    phone.get_by_role("rowheader", name="Filip Novák").wait_for()
    assert phone.get_by_role("table").get_by_role("row").count() == 7  # header and six
    assert serious_violations(axe.run(phone)) == []
    assert fits_screen(phone)


def _session_cookie(user, base_url) -> dict:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": base_url,
    }
