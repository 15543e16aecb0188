"""Smoke test: the demo loads twice without change, every demo account can sign in, the
learner can open the demo role-plays in both languages, and the recognition wall shows two
past months of winners."""

from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Revision

from content.models import ScenarioPage, Standard
from lms.certificates.models import Certificate
from lms.learning.models import Enrolment, LessonCompletion, OnboardingPath, ScenarioRun
from lms.people.demo import DEMO_ACCOUNTS, DEMO_TOTP_SECRET
from lms.people.models import ManagerScope, OrgUnit, User
from lms.people.selectors import person_today
from lms.recognition.demo import DEMO_COLLEAGUES
from lms.recognition.models import Award, MonthResult, Programme, RecognitionWallPage
from lms.recognition.services import previous_month
from quizzes.models import Attempt, ExamPage
from tests.factories.people import totp_code

pytestmark = pytest.mark.django_db


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            User,
            OrgUnit,
            ManagerScope,
            Group,
            Page,
            Revision,
            OnboardingPath,
            Enrolment,
            LessonCompletion,
            ScenarioRun,
            Attempt,
            Certificate,
            Programme,
            MonthResult,
            Award,
        )
    }


def test_demo_loads_twice_and_every_account_signs_in(
    client, minimal_site, django_capture_on_commit_callbacks
):
    # On-commit work runs as it would after the command's transactions: the completed demo
    # learner's certificate is issued and rendered (Celery runs in-process in the tests).
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_initial_data", stdout=StringIO())
    first = _counts()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_initial_data", stdout=StringIO())
    assert _counts() == first

    assert first["OrgUnit"] == 7
    live_standards = Standard.objects.filter(live=True)
    assert live_standards.count() >= 20
    assert not live_standards.filter(level=Standard.Level.MANDATORY, criterion="").exists()
    zones = {unit.code: unit.effective_time_zone for unit in OrgUnit.objects.all()}
    assert zones["ba-01"] != zones["fr-01"]

    # Onboarding: paths for the demo roles, learners at each stage.
    assert first["OnboardingPath"] == 2
    colleagues = {email for email, *_rest in DEMO_COLLEAGUES}
    statuses = {
        enrolment.user.email: enrolment.status_on(person_today(enrolment.user))
        for enrolment in Enrolment.objects.select_related("user__home_store")
        if enrolment.user.email not in colleagues
    }
    assert statuses == {
        "learner@academy.example": Enrolment.Status.IN_PROGRESS,
        "peter@academy.example": Enrolment.Status.NOT_STARTED,
        "olga@academy.example": Enrolment.Status.OVERDUE,
        "karol@academy.example": Enrolment.Status.COMPLETED,
        "aigul@academy.example": Enrolment.Status.NOT_STARTED,
    }
    karol = Enrolment.objects.get(user__email="karol@academy.example")
    assert karol.completion_attempt.passed
    certificate = Certificate.objects.get(kind=Certificate.Kind.COURSE)
    assert (certificate.enrolment, certificate.is_ready) == (karol, True)
    verification = client.get(f"/en/verify/{certificate.code}/")
    assert "This certificate is valid." in verification.content.decode()

    for account in DEMO_ACCOUNTS:
        client.logout()
        response = client.post(
            "/en/accounts/login/",
            {"login": account["email"], "password": account["password"]},
        )
        assert response.status_code == 302, account["email"]
        if response["Location"].endswith("/accounts/2fa/authenticate/"):
            # Administrators, head trainers and managers: the password alone is not enough.
            response = client.post(response["Location"], {"code": totp_code(DEMO_TOTP_SECRET)})
            assert response.status_code == 302, account["email"]
        user = User.objects.get(email=account["email"])
        assert response["Location"] == f"/{user.preferred_language}/my-learning/"
        page = client.get(response["Location"])
        assert page.status_code == 200
        assert user.full_name in page.content.decode()

    # Walk the site as the learner would: home page, then My learning.
    client.logout()
    learner = next(a for a in DEMO_ACCOUNTS if a["email"] == "learner@academy.example")
    client.post("/en/accounts/login/", {"login": learner["email"], "password": learner["password"]})
    home = client.get("/en/")
    assert home.status_code == 200
    assert "Sit the standards exam" in home.content.decode()
    assert client.get("/en/my-learning/").status_code == 200
    # The demo course's role-plays, in English and in Russian.
    scenarios = ScenarioPage.objects.live().order_by("locale__language_code", "path")
    assert {scenario.url.split("/")[1] for scenario in scenarios} == {"en", "ru"}
    assert scenarios.count() == 6
    for scenario in scenarios:
        response = client.get(scenario.url)
        assert response.status_code == 200, scenario.url
        assert scenario.title in response.content.decode()
    # The demo course's final exam, in English and in Russian.
    exams = ExamPage.objects.live().order_by("locale__language_code")
    assert [exam.url.split("/")[1] for exam in exams] == ["en", "ru"]
    for exam in exams:
        response = client.get(exam.url)
        assert response.status_code == 200, exam.url
        assert exam.title in response.content.decode()
    assert client.get("/admin/").status_code == 302  # learners have no admin

    # The learner who completed the course finds the certificate on My learning.
    client.logout()
    karol = next(a for a in DEMO_ACCOUNTS if a["email"] == "karol@academy.example")
    client.post("/en/accounts/login/", {"login": karol["email"], "password": karol["password"]})
    my_learning = client.get("/en/my-learning/").content.decode()
    certificate = Certificate.objects.get(kind=Certificate.Kind.COURSE)
    assert f"/en/certificates/{certificate.pk}/download/" in my_learning
    assert client.get(f"/en/certificates/{certificate.pk}/download/").status_code == 200

    _walk_recognition(client)
    _walk_manager_pages(client)


def _walk_recognition(client):
    """A programme per store and per region with two past months of awards; a winner
    downloads the award certificate, the wall shows the winners in both languages, and
    the demo manager confirms what was left to confirm."""
    assert set(Programme.objects.values_list("scope_level", flat=True)) == {"store", "region"}
    months = sorted(set(Award.objects.values_list("month", flat=True)))
    assert len(months) == 2
    # The two months before this one where the company is.
    company = OrgUnit.objects.get(kind=OrgUnit.Kind.COMPANY)
    today = timezone.now().astimezone(ZoneInfo(company.effective_time_zone)).date()
    assert months == [previous_month(months[1]), previous_month(today)]
    # Per month: a winner in each of the four stores and the two regions.
    assert MonthResult.objects.filter(winners_count__gte=1).count() == 12
    assert Award.objects.filter(status=Award.Status.CONFIRMED).count() == 10
    assert Certificate.objects.filter(kind=Certificate.Kind.AWARD).count() == 10

    # A winner downloads the award certificate from My learning.
    winner = Award.objects.filter(status=Award.Status.CONFIRMED).select_related("user").first()
    client.logout()
    client.force_login(winner.user)
    my_learning = client.get(f"/{winner.user.preferred_language}/my-learning/").content.decode()
    download = f"/certificates/{winner.certificate.pk}/download/"
    assert download in my_learning
    assert client.get(f"/{winner.user.preferred_language}{download}").status_code == 200

    # The wall, in English and Russian, names each month's winners.
    for wall in RecognitionWallPage.objects.live():
        text = client.get(wall.url).content.decode()
        for award in Award.objects.filter(status=Award.Status.CONFIRMED).select_related("user"):
            assert award.user.full_name in text, (wall.url, award.user.full_name)
    assert {wall.locale.language_code for wall in RecognitionWallPage.objects.live()} == {
        "en",
        "ru",
    }

    # The demo manager confirms the Central Europe awards left for them.
    manager = next(a for a in DEMO_ACCOUNTS if a["email"] == "manager@academy.example")
    client.logout()
    client.force_login(User.objects.get(email=manager["email"]))
    review = client.get("/en/recognition/awards/").content.decode()
    left = Award.objects.filter(status=Award.Status.PROPOSED)
    assert {award.unit.code for award in left} == {"ke-01", "central-europe"}
    for award in left:
        assert award.user.full_name in review
    response = client.post(
        "/en/recognition/awards/confirm/", {"award": [award.pk for award in left]}, follow=True
    )
    assert "2 awards confirmed." in response.content.decode()
    assert not Award.objects.filter(status=Award.Status.PROPOSED).exists()


def _walk_manager_pages(client):
    """The demo manager's team, a transcript, the results, the standards and an export:
    Central Europe's people only, with the demo's overdue, completed and passed facts."""
    manager = User.objects.get(email="manager@academy.example")
    client.logout()
    client.force_login(manager)
    olga = User.objects.get(email="olga@academy.example")
    karol = User.objects.get(email="karol@academy.example")
    aigul = User.objects.get(email="aigul@academy.example")

    overdue = client.get("/en/manage/", {"status": "overdue"}).content.decode()
    assert olga.full_name in overdue
    assert karol.full_name not in overdue
    team = client.get("/en/manage/", {"q": karol.full_name}).content.decode()
    assert f"/en/manage/people/{karol.pk}/" in team
    assert aigul.full_name not in client.get("/en/manage/").content.decode()
    assert client.get(f"/en/manage/people/{aigul.pk}/").status_code == 404

    transcript = client.get(f"/en/manage/people/{karol.pk}/").content.decode()
    assert "Passed" in transcript
    assert "Download PDF" in transcript
    results = client.get("/en/manage/results/").content.decode()
    assert "First-attempt pass rate" in results  # only shown when there are attempts
    standards = client.get("/en/manage/standards/").content.decode()
    assert "No exam question or role-play reply about a standard" not in standards
    export = client.get("/en/manage/", {"export": "csv"}).content.decode("utf-8-sig")
    assert olga.full_name in export
    assert aigul.full_name not in export


def test_demo_manager_sees_only_central_europe():
    from lms.people.selectors import units_in_scope

    call_command("load_initial_data", stdout=StringIO())
    manager = User.objects.get(email="manager@academy.example")
    codes = set(units_in_scope(manager).values_list("code", flat=True))
    assert codes == {"central-europe", "ba-01", "ke-01"}
