"""The score and ranking rule on its own: facts in, standings out, no database."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from lms.recognition.scoring import Row, rank, score

EXAMS_ONLY = {"exams": 1, "roleplay": 0, "on_time": 0}
ALL_PARTS = {"exams": 2, "roleplay": 1, "on_time": 1}
NOON = datetime(2026, 1, 15, 12, tzinfo=UTC)


def row(user_id, exams="80", *, roleplay=None, on_time=None, first="80", attempts=1, last=NOON):
    return Row(
        user_id=user_id,
        full_name=f"Person {user_id}",
        store_id=1,
        exams_part=None if exams is None else Decimal(exams),
        roleplay_part=None if roleplay is None else Decimal(roleplay),
        on_time_part=None if on_time is None else Decimal(on_time),
        finished_exams=1,
        first_attempt_mean=None if first is None else Decimal(first),
        attempts_total=attempts,
        last_finish=last,
    )


def ranks(standings):
    return [(standing.row.user_id, standing.rank) for standing in standings]


# -- the score --------------------------------------------------------------------------


def test_exams_alone_is_the_exams_part():
    assert score(row(1, "87.50"), EXAMS_ONLY) == Decimal("87.50")


def test_roleplay_alone_is_the_roleplay_part():
    weights = {"exams": 0, "roleplay": 1, "on_time": 0}
    assert score(row(1, "10", roleplay="60"), weights) == Decimal("60.00")


def test_on_time_alone_is_the_on_time_part():
    weights = {"exams": 0, "roleplay": 0, "on_time": 3}
    assert score(row(1, "10", on_time="50"), weights) == Decimal("50.00")


def test_weighted_mean_of_every_part():
    # (2 * 90 + 1 * 60 + 1 * 100) / 4
    assert score(row(1, "90", roleplay="60", on_time="100"), ALL_PARTS) == Decimal("85.00")


def test_a_part_without_a_weight_is_ignored():
    assert score(row(1, "90", roleplay="0", on_time="0"), EXAMS_ONLY) == Decimal("90.00")


def test_a_part_without_data_is_left_out_and_the_weights_renormalised():
    # No role-play that month: (2 * 90 + 1 * 60) / 3, not / 4.
    assert score(row(1, "90", on_time="60"), ALL_PARTS) == Decimal("80.00")
    # Only exams have data: the exams part is the score.
    assert score(row(1, "90"), ALL_PARTS) == Decimal("90.00")


def test_a_part_with_data_of_zero_still_counts():
    assert score(row(1, "90", roleplay="0", on_time="0"), ALL_PARTS) == Decimal("45.00")


def test_no_weighted_part_with_data_gives_no_score():
    weights = {"exams": 0, "roleplay": 1, "on_time": 1}
    assert score(row(1, "90"), weights) is None


def test_score_is_rounded_to_two_places():
    # (1 * 90 + 2 * 80) / 3 = 83.333...
    weights = {"exams": 1, "roleplay": 2, "on_time": 0}
    assert score(row(1, "90", roleplay="80"), weights) == Decimal("83.33")


def test_people_without_a_score_are_listed_last_unranked():
    weights = {"exams": 0, "roleplay": 1, "on_time": 0}
    standings = rank([row(1, "90"), row(2, "10", roleplay="50")], weights=weights, winners=1)
    assert ranks(standings) == [(2, 1), (1, None)]
    assert standings[1].score is None
    assert not standings[1].is_winner


# -- the order and the tie-breaks -------------------------------------------------------


def test_higher_score_ranks_first():
    standings = rank([row(1, "70"), row(2, "95"), row(3, "80")], weights=EXAMS_ONLY, winners=1)
    assert ranks(standings) == [(2, 1), (3, 2), (1, 3)]
    assert [standing.is_winner for standing in standings] == [True, False, False]


def test_equal_scores_go_to_the_higher_first_attempt_mean():
    rows = [row(1, "90", first="60"), row(2, "90", first="85")]
    assert ranks(rank(rows, weights=EXAMS_ONLY, winners=1)) == [(2, 1), (1, 2)]


def test_missing_first_attempt_counts_as_zero():
    rows = [row(1, "90", first=None), row(2, "90", first="1")]
    assert ranks(rank(rows, weights=EXAMS_ONLY, winners=1)) == [(2, 1), (1, 2)]


def test_then_fewer_attempts():
    rows = [row(1, "90", attempts=4), row(2, "90", attempts=2)]
    assert ranks(rank(rows, weights=EXAMS_ONLY, winners=1)) == [(2, 1), (1, 2)]


def test_then_the_earlier_last_finish():
    rows = [row(1, "90", last=NOON), row(2, "90", last=NOON - timedelta(seconds=1))]
    assert ranks(rank(rows, weights=EXAMS_ONLY, winners=1)) == [(2, 1), (1, 2)]


def test_the_score_comes_before_every_tie_break():
    rows = [
        row(1, "90.01", first="0", attempts=9, last=NOON),
        row(2, "90.00", first="100", attempts=1, last=NOON - timedelta(days=9)),
    ]
    assert ranks(rank(rows, weights=EXAMS_ONLY, winners=1)) == [(1, 1), (2, 2)]


def test_first_attempt_mean_comes_before_attempts_and_last_finish():
    rows = [
        row(1, "90", first="71", attempts=9, last=NOON),
        row(2, "90", first="70", attempts=1, last=NOON - timedelta(days=9)),
    ]
    assert ranks(rank(rows, weights=EXAMS_ONLY, winners=1)) == [(1, 1), (2, 2)]


def test_attempts_come_before_last_finish():
    rows = [
        row(1, "90", attempts=2, last=NOON),
        row(2, "90", attempts=3, last=NOON - timedelta(days=9)),
    ]
    assert ranks(rank(rows, weights=EXAMS_ONLY, winners=1)) == [(1, 1), (2, 2)]


# -- shared ranks and winners -----------------------------------------------------------


def test_people_equal_on_everything_share_the_rank_and_the_next_rank_skips():
    rows = [row(1, "90"), row(2, "90"), row(3, "80"), row(4, "70"), row(5, "70")]
    standings = rank(rows, weights=EXAMS_ONLY, winners=1)
    assert [standing.rank for standing in standings] == [1, 1, 3, 4, 4]


def test_everyone_sharing_the_first_rank_wins():
    standings = rank([row(1, "90"), row(2, "90"), row(3, "80")], weights=EXAMS_ONLY, winners=1)
    assert [standing.is_winner for standing in standings] == [True, True, False]


def test_a_tie_at_the_last_winning_rank_gives_more_winners():
    rows = [row(1, "95"), row(2, "90"), row(3, "90"), row(4, "80")]
    standings = rank(rows, weights=EXAMS_ONLY, winners=2)
    assert [(standing.rank, standing.is_winner) for standing in standings] == [
        (1, True),
        (2, True),
        (2, True),
        (4, False),
    ]


def test_a_tie_just_below_the_winners_adds_nobody():
    rows = [row(1, "95"), row(2, "90"), row(3, "90")]
    standings = rank(rows, weights=EXAMS_ONLY, winners=1)
    assert [standing.is_winner for standing in standings] == [True, False, False]


def test_no_winners_when_the_programme_gives_none():
    standings = rank([row(1, "95")], weights=EXAMS_ONLY, winners=0)
    assert not standings[0].is_winner


def test_nobody_to_rank():
    assert rank([], weights=EXAMS_ONLY, winners=1) == []


# -- a property: the ranking does not depend on the order the facts arrive in ---------

percentages = st.sampled_from([None, "0", "50", "75.50", "90", "100"])
rows_strategy = st.lists(
    st.builds(
        lambda user_id, exams, roleplay, on_time, first, attempts, minutes: row(
            user_id,
            exams,
            roleplay=roleplay,
            on_time=on_time,
            first=first,
            attempts=attempts,
            last=NOON + timedelta(minutes=minutes),
        ),
        user_id=st.integers(min_value=1, max_value=10_000),
        exams=percentages,
        roleplay=percentages,
        on_time=percentages,
        first=percentages,
        attempts=st.integers(min_value=1, max_value=3),
        minutes=st.integers(min_value=0, max_value=2),
    ),
    max_size=12,
    unique_by=lambda generated: generated.user_id,
)


@given(rows=rows_strategy, data=st.data())
def test_ranking_is_independent_of_input_order(rows, data):
    shuffled = data.draw(st.permutations(rows))
    weights = {"exams": 2, "roleplay": 1, "on_time": 1}
    assert rank(shuffled, weights=weights, winners=2) == rank(rows, weights=weights, winners=2)


@given(rows=rows_strategy)
def test_ranks_are_competition_ranks(rows):
    standings = [s for s in rank(rows, weights=ALL_PARTS, winners=2) if s.rank is not None]
    for position, standing in enumerate(standings, start=1):
        if position == 1 or standing.score != standings[position - 2].score:
            # A new score always starts a new rank at its position.
            assert standing.rank == position
        assert standing.rank <= position
        assert standing.is_winner == (standing.rank <= 2)
