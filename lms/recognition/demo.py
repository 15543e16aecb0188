"""Demo recognition, for ``manage.py load_initial_data``: a programme per store and one per
region, colleagues in every store who sat the final exam in the two months before this
one, those months' awards (most confirmed, some left for the demo manager) and the
recognition wall in English and Russian.

The exams are sat through the services, which always work at the present moment; the
demo then moves each attempt back to the day in the past month it stands for. Running
it again changes nothing: people, attempts, months and pages already there are kept.
"""

import zoneinfo
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Locale, Site

from content.demo_ru import translate_and_publish
from lms.learning.demo import sit_demo_exam
from lms.learning.services import enrolments_sync
from lms.people.models import JobRole, OrgUnit, User
from lms.people.roles import LEARNER
from lms.people.selectors import time_zones_for_units
from lms.people.services import user_create
from quizzes.demo import load_demo_exam
from quizzes.models import Answer, Attempt

from .models import Award, Programme, RecognitionWallPage
from .services import award_confirm, award_grant, previous_month

STORE_PROGRAMME = {
    "slug": "service-star",
    "name": "Service star of the month",
    "scope_level": Programme.ScopeLevel.STORE,
    "leaderboard": Programme.Leaderboard.TOP_N,
    "leaderboard_top_n": 5,
}
REGION_PROGRAMME = {
    "slug": "region-star",
    "name": "Region star of the month",
    "scope_level": Programme.ScopeLevel.REGION,
    "leaderboard": Programme.Leaderboard.NEIGHBOURS,
}

# (e-mail, name, store, job role, language, [(months back, day, questions right of 20)]).
# Day 0 is the month's last day at 23:55 where the store is: it still counts in that month.
DEMO_COLLEAGUES = [
    ("zuzana@academy.example", "Zuzana Vargová", "ba-01", "sales-consultant", "sk", [(2, 9, 19)]),
    (
        "martin@academy.example", "Martin Baláž", "ba-01", "sales-consultant", "sk",
        [(2, 14, 15), (1, 6, 18)],
    ),
    ("eva@academy.example", "Eva Kučerová", "ba-01", "sales-consultant", "sk", [(1, 0, 17)]),
    ("jakub@academy.example", "Jakub Mráz", "ke-01", "sales-consultant", "sk", [(2, 21, 17)]),
    ("maria@academy.example", "Mária Hudáková", "ke-01", "sales-consultant", "sk", [(2, 7, 16)]),
    ("michal@academy.example", "Michal Dudáš", "ke-01", "sales-consultant", "sk", [(1, 12, 19)]),
    ("bakyt@academy.example", "Бакыт Асанов", "fr-01", "cashier", "ky", [(2, 11, 18)]),
    (
        "nurlan@academy.example", "Нурлан Токтогулов", "fr-01", "cashier", "ky",
        [(2, 4, 14), (1, 18, 19)],
    ),
    ("jibek@academy.example", "Жибек Сыдыкова", "fr-01", "cashier", "ky", [(1, 20, 16)]),
    ("aiperi@academy.example", "Айпери Мамытова", "os-01", "cashier", "ky", [(2, 16, 20)]),
    ("erlan@academy.example", "Эрлан Жумабеков", "os-01", "cashier", "ru", [(1, 8, 17)]),
    ("gulzat@academy.example", "Гүлзат Осмонова", "os-01", "cashier", "ky", [(1, 19, 17)]),
]  # fmt: skip

# The last month's awards the demo manager (Central Europe) is left to confirm.
LEFT_TO_CONFIRM = {"ke-01", "central-europe"}
ADMINISTRATOR_EMAIL = "admin@academy.example"
MANAGER_EMAIL = "manager@academy.example"

WALL = {
    "title": "Stars of the month",
    "slug": "stars",
    "introduction": (
        "Every month we celebrate the colleagues who served our customers best, in each "
        "store and each region."
    ),
}
WALL_RU = {
    "Stars of the month": "Звёзды месяца",
    "stars": "zvezdy",
    WALL["introduction"]: (
        "Каждый месяц мы отмечаем коллег, которые лучше всех обслуживали покупателей, "
        "в каждом магазине и в каждом регионе."
    ),
}


def _programmes(started: datetime) -> list[Programme]:
    programmes = []
    for fields in (STORE_PROGRAMME, REGION_PROGRAMME):
        programme, _created = Programme.objects.get_or_create(
            slug=fields["slug"], defaults={**fields, "created_at": started}
        )
        programmes.append(programme)
    return programmes


def _finish_at(store: OrgUnit, zone: str, month, day: int) -> datetime:
    tz = zoneinfo.ZoneInfo(zone)
    if day == 0:
        last = (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return datetime.combine(last, time(23, 55), tzinfo=tz)
    return datetime.combine(month.replace(day=day), time(15, 0), tzinfo=tz)


def _backdate(attempt: Attempt, finished_at: datetime) -> None:
    """Move a finished attempt and its answers back to ``finished_at``."""
    shift = finished_at - attempt.finished_at
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=F("started_at") + shift,
        deadline=F("deadline") + shift,
        submitted_at=F("submitted_at") + shift,
        finished_at=F("finished_at") + shift,
        graded_at=F("graded_at") + shift,
    )
    Answer.objects.filter(attempt_question__attempt=attempt, saved_at__isnull=False).update(
        saved_at=F("saved_at") + shift
    )


def _colleagues(this_month) -> None:
    exam = load_demo_exam()
    stores = {store.code: store for store in OrgUnit.objects.filter(kind=OrgUnit.Kind.STORE)}
    zones = time_zones_for_units(stores.values())
    roles = {role.code: role for role in JobRole.objects.all()}
    for email, name, store_code, role, language, sittings in DEMO_COLLEAGUES:
        if User.objects.filter(email__iexact=email).exists():
            continue
        store = stores[store_code]
        person = user_create(
            email=email,
            full_name=name,
            roles=[LEARNER],
            job_role=roles[role],
            home_store=store,
            preferred_language=language,
            hire_date=this_month - timedelta(days=120),
        )
        # As when a person is invited or imported: their role's paths enrol them.
        enrolments_sync(person=person)
        for months_back, day, right in sittings:
            month = this_month
            for _back in range(months_back):
                month = previous_month(month)
            attempt = sit_demo_exam(person, exam, right=right)
            _backdate(attempt, _finish_at(store, zones[store.pk], month, day))


def _grant_and_confirm(programmes: list[Programme], this_month) -> None:
    administrator = User.objects.get(email=ADMINISTRATOR_EMAIL)
    manager = User.objects.get(email=MANAGER_EMAIL)
    last_month = previous_month(this_month)
    for month in (previous_month(last_month), last_month):
        for programme in programmes:
            for unit in OrgUnit.objects.filter(kind=programme.scope_level).order_by("path"):
                if Award.objects.filter(programme=programme, unit=unit, month=month).exists():
                    continue
                granted = award_grant(programme=programme, unit=unit, month=month)
                if month == last_month and unit.code in LEFT_TO_CONFIRM:
                    continue
                in_manager_scope = unit.path.startswith(
                    OrgUnit.objects.get(code="central-europe").path
                )
                for award in granted.awards:
                    award_confirm(award=award, actor=manager if in_manager_scope else administrator)


def _wall() -> RecognitionWallPage:
    home = Site.objects.get(is_default_site=True).root_page.specific
    wall = RecognitionWallPage.objects.child_of(home).first()
    if wall is None:
        wall = RecognitionWallPage(**WALL, months_per_page=3)
        home.add_child(instance=wall)
        wall.save_revision().publish()
        wall.refresh_from_db()
    russian = Locale.objects.filter(language_code="ru").first()
    if russian is not None and home.get_translation_or_none(russian) is not None:
        translate_and_publish(
            wall, russian, lambda segment: WALL_RU.get(segment.string.data, segment.string.data)
        )
    return wall


@transaction.atomic
def load_demo_recognition() -> None:
    """Programmes, the colleagues' past exams, two past months of awards and the wall."""
    company = OrgUnit.objects.get(kind=OrgUnit.Kind.COMPANY)
    zone = zoneinfo.ZoneInfo(time_zones_for_units([company])[company.pk])
    this_month = timezone.now().astimezone(zone).date().replace(day=1)
    # The programmes ran before the months they rank.
    started = datetime.combine(
        previous_month(previous_month(this_month)), time(), tzinfo=zone
    ) - timedelta(days=1)
    programmes = _programmes(started)
    _colleagues(this_month)
    _grant_and_confirm(programmes, this_month)
    _wall()
