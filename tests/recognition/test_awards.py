"""Granting a month's awards: proposals, shared ranks, re-runs, the database's uniqueness,
two runs at once, empty months, confirmation, automatic confirmation, overrides and their
audit, the hourly job in far-apart time zones, and the ``grant_awards`` command."""

from datetime import UTC, date, datetime
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from wagtail.models import ModelLogEntry

from lms.people.models import ManagerScope
from lms.recognition import tasks
from lms.recognition.models import Award, MonthResult
from lms.recognition.services import (
    AWARD_AUTO_CONFIRMED,
    AWARD_CONFIRMED,
    AWARD_OVERRIDDEN,
    award_confirm,
    award_grant,
    award_override,
    awards_confirm_due,
    register_recognition_log_actions,
)
from tests.concurrency import (
    insert_gate,
    join,
    open_gate,
    run_in_threads,
    wait_for,
    waiting_on_locks,
)
from tests.factories import LearnerFactory, ManagerFactory, StoreFactory
from tests.factories.recognition import (
    AwardFactory,
    FinishedAttemptFactory,
    MonthResultFactory,
    ProgrammeFactory,
)

JANUARY = date(2026, 1, 1)
MID_JANUARY = datetime(2026, 1, 15, 12, tzinfo=UTC)
EXAM_A = "a" * 32
EXAM_B = "b" * 32


def utc(*args):
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def store(db):
    return StoreFactory(time_zone="Europe/Bratislava")


@pytest.fixture
def sit(exam_page):
    """Write a finished attempt: ``sit(person, percentage, exam_key=EXAM_A, ...)``, numbered
    in order per person and exam, finished in mid-January unless told otherwise."""
    numbers = {}

    def sit(user, percentage, exam_key=EXAM_A, finished_at=MID_JANUARY, **kwargs):
        numbers[user.pk, exam_key] = numbers.get((user.pk, exam_key), 0) + 1
        return FinishedAttemptFactory(
            user=user,
            exam=exam_page,
            exam_key=exam_key,
            number=numbers[user.pk, exam_key],
            percentage=Decimal(percentage),
            finished_at=finished_at,
            **kwargs,
        )

    return sit


def people(store, *names):
    return [LearnerFactory(home_store=store, full_name=name) for name in names]


def awards_by_name(programme, unit, month=JANUARY) -> dict[str, tuple]:
    return {
        award.user.full_name: (award.status, award.rank, award.score)
        for award in Award.objects.filter(programme=programme, unit=unit, month=month)
    }


def logged(award, action):
    return ModelLogEntry.objects.filter(object_id=str(award.pk), action=action)


PROPOSED = Award.Status.PROPOSED
CONFIRMED = Award.Status.CONFIRMED
WITHDRAWN = Award.Status.WITHDRAWN


# -- granting ----------------------------------------------------------------------------


def test_grant_proposes_the_winners_and_records_the_month(store, sit):
    anna, boris, cecilia = people(store, "Anna", "Boris", "Cecilia")
    sit(anna, 90)
    sit(boris, 80)
    sit(cecilia, 70)
    programme = ProgrammeFactory(winners_per_unit=1)
    now = utc(2026, 2, 1, 8)

    result = award_grant(programme=programme, unit=store, month=date(2026, 1, 20), now=now)

    assert (result.created, result.updated, result.removed, result.kept) == (1, 0, 0, 0)
    assert awards_by_name(programme, store) == {"Anna": (PROPOSED, 1, Decimal("90.00"))}
    award = Award.objects.get()
    assert award.proposed_at == now
    assert award.confirmed_by is None
    assert award.parts["exams"] == "90.00"
    assert award.parts["finished_exams"] == 1
    assert award.parts["attempts_total"] == 1
    month = MonthResult.objects.get()
    assert (month.month, month.eligible_count, month.winners_count, month.reason) == (
        JANUARY,
        3,
        1,
        "",
    )
    assert month.granted_at == now


def test_everyone_tied_at_the_last_winning_rank_gets_an_award(store, sit):
    anna, boris, cecilia, dora = people(store, "Anna", "Boris", "Cecilia", "Dora")
    sit(anna, 90)
    # Equal on the score and on every tie-break: they share rank 2.
    sit(boris, 80)
    sit(cecilia, 80)
    sit(dora, 70)
    programme = ProgrammeFactory(winners_per_unit=2)

    result = award_grant(programme=programme, unit=store, month=JANUARY)

    assert result.created == 3
    assert awards_by_name(programme, store) == {
        "Anna": (PROPOSED, 1, Decimal("90.00")),
        "Boris": (PROPOSED, 2, Decimal("80.00")),
        "Cecilia": (PROPOSED, 2, Decimal("80.00")),
    }
    assert MonthResult.objects.get().winners_count == 3


def test_granting_again_follows_the_standings_for_proposed_awards_only(store, sit, administrator):
    anna, boris, cecilia, dora, emil = people(store, "Anna", "Boris", "Cecilia", "Dora", "Emil")
    for person, percentage in ((anna, 90), (boris, 80), (cecilia, 70), (dora, 60), (emil, 50)):
        sit(person, percentage)
    programme = ProgrammeFactory(winners_per_unit=3)
    award_grant(programme=programme, unit=store, month=JANUARY)
    award_confirm(award=Award.objects.get(user=anna), actor=administrator)
    award_override(
        actor=administrator,
        programme=programme,
        unit=store,
        month=JANUARY,
        user=boris,
        award=False,
        reason="Sat the exam for a colleague.",
    )
    # Dora and Emil do better on a second exam: Dora to 80, Emil to 75.
    sit(dora, 100, exam_key=EXAM_B)
    sit(emil, 100, exam_key=EXAM_B)

    result = award_grant(programme=programme, unit=store, month=JANUARY)

    # New standings: Anna 90, Boris 80, Dora 80 (more attempts), Emil 75, Cecilia 70.
    assert [(s.row.full_name, s.rank) for s in result.winners] == [
        ("Anna", 1),
        ("Boris", 2),
        ("Dora", 3),
    ]
    assert (result.created, result.updated, result.removed, result.kept) == (1, 0, 1, 2)
    assert awards_by_name(programme, store) == {
        "Anna": (CONFIRMED, 1, Decimal("90.00")),
        "Boris": (WITHDRAWN, 2, Decimal("80.00")),
        "Dora": (PROPOSED, 3, Decimal("80.00")),
    }


def test_granting_again_updates_a_proposed_award_whose_score_changed(store, sit):
    (anna,) = people(store, "Anna")
    sit(anna, 90)
    programme = ProgrammeFactory()
    award_grant(programme=programme, unit=store, month=JANUARY, now=utc(2026, 2, 1, 8))
    sit(anna, 70, exam_key=EXAM_B)

    result = award_grant(programme=programme, unit=store, month=JANUARY, now=utc(2026, 2, 2, 8))

    assert (result.created, result.updated, result.removed, result.kept) == (0, 1, 0, 0)
    award = Award.objects.get()
    assert (award.status, award.score, award.parts["finished_exams"]) == (
        PROPOSED,
        Decimal("80.00"),
        2,
    )
    # The time to confirm runs from the first proposal.
    assert award.proposed_at == utc(2026, 2, 1, 8)
    assert MonthResult.objects.get().granted_at == utc(2026, 2, 2, 8)


def test_granting_again_with_nothing_changed_changes_nothing(store, sit):
    (anna,) = people(store, "Anna")
    sit(anna, 90)
    programme = ProgrammeFactory()
    award_grant(programme=programme, unit=store, month=JANUARY)

    result = award_grant(programme=programme, unit=store, month=JANUARY)

    assert (result.created, result.updated, result.removed, result.kept) == (0, 0, 0, 1)
    assert Award.objects.count() == 1
    assert MonthResult.objects.count() == 1


def test_the_database_refuses_a_second_award_for_the_same_person_month_and_unit(store):
    (anna,) = people(store, "Anna")
    programme = ProgrammeFactory()
    AwardFactory(programme=programme, unit=store, user=anna)

    with pytest.raises(IntegrityError), transaction.atomic():
        AwardFactory(programme=programme, unit=store, user=anna, status=CONFIRMED)


def test_an_award_month_is_its_first_day(store):
    (anna,) = people(store, "Anna")

    with pytest.raises(IntegrityError), transaction.atomic():
        AwardFactory(programme=ProgrammeFactory(), unit=store, user=anna, month=date(2026, 1, 2))


def test_a_month_with_nobody_eligible_awards_nobody_and_says_why(store, sit):
    (anna,) = people(store, "Anna")
    sit(anna, 95, finished_at=utc(2026, 2, 3, 10))  # February: not January's.
    programme = ProgrammeFactory()

    result = award_grant(programme=programme, unit=store, month=JANUARY)

    assert not Award.objects.exists()
    assert result.winners == []
    assert result.reason == "Nobody finished at least 1 exam in January 2026."
    month = MonthResult.objects.get()
    assert (month.eligible_count, month.winners_count) == (0, 0)
    assert month.reason == "Nobody finished at least 1 exam in January 2026."


def test_the_reason_is_stored_in_the_default_language(store, settings):
    from django.utils import translation

    with translation.override("sk"):
        award_grant(programme=ProgrammeFactory(), unit=store, month=JANUARY)

    assert MonthResult.objects.get().reason == "Nobody finished at least 1 exam in January 2026."


def test_a_unit_of_another_level_is_refused(store):
    with pytest.raises(ValidationError):
        award_grant(programme=ProgrammeFactory(), unit=store.get_parent(), month=JANUARY)


# -- confirming --------------------------------------------------------------------------


@pytest.fixture
def proposed(store, sit):
    (anna,) = people(store, "Anna")
    sit(anna, 90)
    programme = ProgrammeFactory(confirm_after_days=7)
    award_grant(programme=programme, unit=store, month=JANUARY, now=utc(2026, 2, 1, 8))
    return Award.objects.get()


def test_the_store_manager_confirms_a_proposed_award(proposed, store):
    manager = ManagerFactory(two_factor=False)
    ManagerScope.objects.create(manager=manager, unit=store)

    award = award_confirm(award=proposed, actor=manager)

    assert (award.status, award.confirmed_by) == (CONFIRMED, manager)
    assert award.confirmed_at is not None
    assert logged(award, AWARD_CONFIRMED).get().user_id == manager.pk
    # Twice is once.
    award_confirm(award=proposed, actor=manager)
    assert logged(award, AWARD_CONFIRMED).count() == 1


def test_a_manager_of_the_region_above_may_confirm(proposed, store):
    manager = ManagerFactory(two_factor=False)
    ManagerScope.objects.create(manager=manager, unit=store.get_parent())

    assert award_confirm(award=proposed, actor=manager).status == CONFIRMED


def test_another_stores_manager_may_not_confirm(proposed, store):
    manager = ManagerFactory(two_factor=False)
    ManagerScope.objects.create(manager=manager, unit=StoreFactory(parent=store.get_parent()))

    with pytest.raises(PermissionDenied):
        award_confirm(award=proposed, actor=manager)
    with pytest.raises(PermissionDenied):
        award_confirm(award=proposed, actor=proposed.user)
    proposed.refresh_from_db()
    assert proposed.status == PROPOSED
    assert not logged(proposed, AWARD_CONFIRMED).exists()


def test_a_withdrawn_award_cannot_be_confirmed(proposed, administrator):
    proposed.status = WITHDRAWN
    proposed.save()

    with pytest.raises(ValidationError):
        award_confirm(award=proposed, actor=administrator)


def test_an_award_is_confirmed_automatically_after_the_programmes_days(proposed):
    with time_machine.travel(utc(2026, 2, 8, 7, 59), tick=False):
        assert awards_confirm_due() == 0
    proposed.refresh_from_db()
    assert proposed.status == PROPOSED

    with time_machine.travel(utc(2026, 2, 8, 8), tick=False):
        assert awards_confirm_due() == 1
        assert awards_confirm_due() == 0

    proposed.refresh_from_db()
    assert (proposed.status, proposed.confirmed_by, proposed.confirmed_at) == (
        CONFIRMED,
        None,
        utc(2026, 2, 8, 8),
    )
    entry = logged(proposed, AWARD_AUTO_CONFIRMED).get()
    assert entry.user is None
    assert entry.data == {"after_days": 7}


# -- overriding --------------------------------------------------------------------------


def test_an_administrator_adds_a_winner_with_a_reason_and_it_is_logged(store, sit, administrator):
    anna, boris = people(store, "Anna", "Boris")
    sit(anna, 90)
    sit(boris, 80)
    programme = ProgrammeFactory()
    award_grant(programme=programme, unit=store, month=JANUARY)

    award = award_override(
        actor=administrator,
        programme=programme,
        unit=store,
        month=JANUARY,
        user=boris,
        award=True,
        reason="  Covered two stores during the flood.  ",
    )

    assert (award.status, award.rank, award.score) == (CONFIRMED, 2, Decimal("80.00"))
    assert (award.confirmed_by, award.overridden_by) == (administrator, administrator)
    assert award.override_reason == "Covered two stores during the flood."
    entry = logged(award, AWARD_OVERRIDDEN).get()
    assert entry.user_id == administrator.pk
    assert entry.data == {"awarded": True, "reason": "Covered two stores during the flood."}

    result = award_grant(programme=programme, unit=store, month=JANUARY)

    assert (result.created, result.updated, result.removed) == (0, 0, 0)
    assert awards_by_name(programme, store) == {
        "Anna": (PROPOSED, 1, Decimal("90.00")),
        "Boris": (CONFIRMED, 2, Decimal("80.00")),
    }


def test_a_person_without_a_standing_may_be_added_without_a_rank(store, administrator):
    (anna,) = people(store, "Anna")
    programme = ProgrammeFactory()

    award = award_override(
        actor=administrator,
        programme=programme,
        unit=store,
        month=JANUARY,
        user=anna,
        award=True,
        reason="Was on the exam's pilot and could not sit it.",
    )

    assert (award.status, award.rank, award.score) == (CONFIRMED, None, None)
    # The override alone does not count as granting the month.
    assert MonthResult.objects.get().granted_at is None


def test_withdrawing_before_the_month_is_granted_keeps_the_person_out(store, sit, administrator):
    (anna,) = people(store, "Anna")
    sit(anna, 90)
    programme = ProgrammeFactory()
    award_override(
        actor=administrator,
        programme=programme,
        unit=store,
        month=JANUARY,
        user=anna,
        award=False,
        reason="Left the company in January.",
    )

    award_grant(programme=programme, unit=store, month=JANUARY)

    assert awards_by_name(programme, store) == {"Anna": (WITHDRAWN, 1, Decimal("90.00"))}


def test_an_override_needs_a_written_reason_and_an_administrator(proposed, administrator):
    arguments = {
        "programme": proposed.programme,
        "unit": proposed.unit,
        "month": JANUARY,
        "user": proposed.user,
        "award": False,
    }
    with pytest.raises(ValidationError):
        award_override(actor=administrator, reason="   ", **arguments)
    manager = ManagerFactory(two_factor=False)
    ManagerScope.objects.create(manager=manager, unit=proposed.unit)
    with pytest.raises(PermissionDenied):
        award_override(actor=manager, reason="I do not like them.", **arguments)

    proposed.refresh_from_db()
    assert proposed.status == PROPOSED
    assert not logged(proposed, AWARD_OVERRIDDEN).exists()


def test_a_person_from_elsewhere_cannot_be_added(store, administrator):
    stranger = LearnerFactory(home_store=StoreFactory())

    with pytest.raises(ValidationError):
        award_override(
            actor=administrator,
            programme=ProgrammeFactory(),
            unit=store,
            month=JANUARY,
            user=stranger,
            award=True,
            reason="A favour.",
        )
    assert not Award.objects.exists()


def test_the_award_actions_have_labels_for_the_audit_log():
    registered = {}

    class Actions:
        def register_action(self, action, label, message):
            registered[action] = (str(label), str(message))

    register_recognition_log_actions(Actions())

    assert registered == {
        AWARD_CONFIRMED: ("Confirm award", "Award confirmed"),
        AWARD_AUTO_CONFIRMED: ("Confirm award automatically", "Award confirmed automatically"),
        AWARD_OVERRIDDEN: ("Override award", "Award overridden"),
    }


# -- the hourly job ----------------------------------------------------------------------


def test_the_hourly_job_grants_each_unit_once_its_local_month_has_ended(db, sit):
    kiritimati = StoreFactory(time_zone="Pacific/Kiritimati")  # UTC+14
    los_angeles = StoreFactory(time_zone="America/Los_Angeles")  # UTC-8 in winter
    (kiri,) = people(kiritimati, "Kiri")
    (angela,) = people(los_angeles, "Angela")
    sit(kiri, 90)
    sit(angela, 80)
    # Started in January: December is not granted anywhere.
    programme = ProgrammeFactory(created_at=utc(2026, 1, 5))

    def run_at(*moment):
        with time_machine.travel(utc(*moment), tick=False):
            return tasks.grant_awards()

    # 23:59 on 31 January in Kiritimati: not yet.
    assert run_at(2026, 1, 31, 9, 59) == {"granted": 0, "confirmed": 0}
    # Midnight on 1 February in Kiritimati; still 31 January in Los Angeles.
    assert run_at(2026, 1, 31, 10) == {"granted": 1, "confirmed": 0}
    assert awards_by_name(programme, kiritimati) == {"Kiri": (PROPOSED, 1, Decimal("90.00"))}
    assert run_at(2026, 1, 31, 11)["granted"] == 0
    assert run_at(2026, 2, 1, 7, 59)["granted"] == 0
    assert not Award.objects.filter(unit=los_angeles).exists()
    # Midnight on 1 February in Los Angeles.
    assert run_at(2026, 2, 1, 8)["granted"] == 1
    assert awards_by_name(programme, los_angeles) == {"Angela": (PROPOSED, 1, Decimal("80.00"))}
    assert run_at(2026, 2, 1, 9)["granted"] == 0

    assert MonthResult.objects.count() == 2
    assert Award.objects.count() == 2
    assert set(MonthResult.objects.values_list("month", flat=True)) == {JANUARY}
    # A week after each proposal, the same job confirms them.
    assert run_at(2026, 2, 7, 10)["confirmed"] == 1
    assert run_at(2026, 2, 8, 8)["confirmed"] == 1


def test_the_hourly_job_skips_inactive_programmes_and_granted_months(store, sit):
    (anna,) = people(store, "Anna")
    sit(anna, 90)
    ProgrammeFactory(created_at=utc(2025, 1, 1), active=False)
    granted = ProgrammeFactory(created_at=utc(2025, 1, 1))
    MonthResultFactory(programme=granted, unit=store)

    with time_machine.travel(utc(2026, 2, 1, 12), tick=False):
        assert tasks.grant_awards() == {"granted": 0, "confirmed": 0}
    assert not Award.objects.exists()


# -- the command -------------------------------------------------------------------------


def grant(*arguments) -> str:
    out = StringIO()
    call_command("grant_awards", *arguments, stdout=out)
    return out.getvalue()


def test_the_command_grants_a_month_and_says_what_it_did(store, sit):
    store.name = "Bratislava Old Town"
    store.save()
    anna, boris = people(store, "Anna", "Boris")
    sit(anna, 90)
    sit(boris, 80)
    ProgrammeFactory(name="Service star", slug="service-star")

    first = grant("--month", "2026-01")
    again = grant("--month", "2026-01", "--programme", "service-star")

    assert first.splitlines() == [
        "Service star · Bratislava Old Town · 2026-01",
        "  taking part: 2, winners: 1",
        "  1. Anna (90.00)",
        "  created 1, updated 0, removed 0, kept 0",
    ]
    assert again.splitlines()[-1] == "  created 0, updated 0, removed 0, kept 1"
    assert Award.objects.count() == 1


def test_the_command_shows_awards_decided_earlier_and_keeps_them(store, sit, administrator):
    anna, boris = people(store, "Anna", "Boris")
    sit(anna, 90)
    sit(boris, 80)
    programme = ProgrammeFactory(name="Service star")
    award_override(
        actor=administrator,
        programme=programme,
        unit=store,
        month=JANUARY,
        user=boris,
        award=True,
        reason="Covered two stores during the flood.",
    )

    output = grant("--month", "2026-01")

    assert "  1. Anna (90.00)" in output
    assert "  Boris: confirmed earlier, kept as it is" in output
    assert output.splitlines()[-1] == "  created 1, updated 0, removed 0, kept 1"


def test_the_command_says_why_nobody_was_awarded(store):
    ProgrammeFactory(name="Service star")

    output = grant("--month", "2026-01")

    assert "  taking part: 0, winners: 0" in output
    assert "  Nobody awarded: Nobody finished at least 1 exam in January 2026." in output
    assert MonthResult.objects.get().reason == "Nobody finished at least 1 exam in January 2026."


def test_the_command_leaves_a_month_that_is_not_over(store):
    ProgrammeFactory(name="Service star")

    with time_machine.travel(utc(2026, 1, 31, 12), tick=False):
        output = grant("--month", "2026-01")

    assert "the month is not over yet in Europe/Bratislava; nothing done." in output
    assert not MonthResult.objects.exists()


@pytest.mark.parametrize("month", ["2026-13", "2026-1", "January", "2026-01-01", ""])
def test_the_command_refuses_a_bad_month(db, month):
    with pytest.raises(CommandError, match="YYYY-MM"):
        grant("--month", month)


def test_the_command_refuses_an_unknown_programme(db):
    with pytest.raises(CommandError, match="no-such"):
        grant("--month", "2026-01", "--programme", "no-such")


# -- two at once (real commits, two connections) -----------------------------------------

# Advisory locks are per database; another key than the certificates' tests use.
GATE_KEY = 9_0001


@pytest.fixture
def committed_month(transactional_site, sit):
    """A store with two people who sat January's exam, committed for real."""
    store = StoreFactory(time_zone="Europe/Bratislava")
    anna, boris = people(store, "Anna", "Boris")
    sit(anna, 90)
    sit(boris, 80)
    return ProgrammeFactory(), store


def test_granting_from_two_threads_at_once_gives_one_set_of_awards(committed_month):
    programme, store = committed_month

    with insert_gate(MonthResult, GATE_KEY):
        results, errors, threads = run_in_threads(
            lambda: award_grant(programme=programme, unit=store, month=JANUARY)
        )
        both_waiting = wait_for(lambda: waiting_on_locks() == 2)
        open_gate(GATE_KEY)
        join(threads)

    assert errors == []
    assert both_waiting, "the two threads never met at the insert"
    assert MonthResult.objects.count() == 1
    assert awards_by_name(programme, store) == {"Anna": (PROPOSED, 1, Decimal("90.00"))}
    # One run after the other: the first proposed, the second found the award there.
    assert sorted((result.created, result.kept) for result in results) == [(0, 1), (1, 0)]


def test_the_hourly_job_on_two_workers_at_once_grants_once(committed_month):
    programme, store = committed_month
    programme.created_at = utc(2025, 1, 1)
    programme.save()

    with time_machine.travel(utc(2026, 2, 1, 12)), insert_gate(MonthResult, GATE_KEY):
        results, errors, threads = run_in_threads(tasks.grant_awards)
        both_waiting = wait_for(lambda: waiting_on_locks() == 2)
        open_gate(GATE_KEY)
        join(threads)

    assert errors == []
    assert both_waiting, "the two jobs never met at the insert"
    # Both saw the month missing; the second waited for the first and changed nothing.
    assert [result["granted"] for result in results] == [1, 1]
    assert MonthResult.objects.count() == 1
    assert awards_by_name(programme, store) == {"Anna": (PROPOSED, 1, Decimal("90.00"))}
