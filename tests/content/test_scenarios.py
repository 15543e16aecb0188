"""The pure rules of a scenario's graph: every problem, the best score and walking it."""

import pytest

from content.scenarios import (
    MAX_CHOICES,
    InvalidChoice,
    Node,
    Reply,
    max_score,
    scenario_problems,
    walk,
)


def step(key, *replies):
    return Node(key=key, replies=tuple(Reply(next=to, points=points) for to, points in replies))


def ending(key):
    return Node(key=key, ending=True)


# A complaint: apologise (+2) or argue (-1); then settle (+3) or stall (0).
VALID = [
    step("opening", ("listen", 2), ("argue", -1)),
    step("argue", ("listen", 0), ("lost", -2)),
    step("listen", ("settled", 3), ("lost", 0)),
    ending("settled"),
    ending("lost"),
]


def where(problems):
    return [(p.position, p.field, p.reply) for p in problems]


def test_a_valid_scenario_has_no_problems():
    assert scenario_problems(VALID) == []


def test_an_empty_scenario_asks_for_a_first_step():
    problems = scenario_problems([])

    assert where(problems) == [(None, "key", None)]
    assert "first step" in problems[0].message


def test_duplicate_keys_point_at_the_second_use():
    nodes = [step("opening", ("done", 1)), step("opening", ("done", 1)), ending("done")]

    problems = scenario_problems(nodes)

    assert where(problems) == [(1, "key", None)]
    assert "“opening” is already used by node 1" in problems[0].message


def test_a_key_shared_by_a_step_and_an_ending_is_a_duplicate():
    nodes = [step("opening", ("opening", 1)), ending("opening")]

    assert where(scenario_problems(nodes)) == [(1, "key", None)]


def test_a_reply_leading_to_a_missing_key_names_the_reply():
    nodes = [step("opening", ("done", 1), ("nowhere", 0)), ending("done")]

    problems = scenario_problems(nodes)

    assert where(problems) == [(0, "next", 1)]
    assert "no step or ending with the key “nowhere”" in problems[0].message


def test_a_reply_with_no_destination_is_reported():
    nodes = [step("opening", ("", 1)), ending("done")]

    problems = scenario_problems(nodes)

    assert where(problems) == [(0, "next", 0)]
    assert problems[0].message == "Choose where this reply leads."


def test_a_step_without_replies_is_reported_on_its_replies():
    nodes = [step("opening", ("middle", 1)), step("middle"), ending("done")]

    assert (1, "replies", None) in where(scenario_problems(nodes))


def test_a_malformed_key_is_reported():
    nodes = [step("Opening step", ("done", 1)), ending("done")]

    problems = scenario_problems(nodes)

    assert where(problems) == [(0, "key", None)]
    assert "lower-case letters" in problems[0].message


def test_an_ending_first_is_reported():
    nodes = [ending("done"), step("opening", ("done", 1))]

    assert (0, "key", None) in where(scenario_problems(nodes))


def test_unreachable_steps_and_endings_are_each_reported():
    nodes = [
        step("opening", ("done", 1)),
        step("orphan", ("done", 1)),
        ending("done"),
        ending("never"),
    ]

    problems = scenario_problems(nodes)

    assert where(problems) == [(1, "key", None), (3, "key", None)]
    assert all("no learner can reach" in p.message for p in problems)


def test_a_scenario_without_an_ending_says_so_as_a_whole():
    nodes = [step("opening", ("middle", 1)), step("middle", ("opening", 0))]

    problems = scenario_problems(nodes)

    assert where(problems) == [(None, "key", None)]
    assert "at least one ending" in problems[0].message


def test_a_loop_with_no_way_out_names_each_trapped_step():
    nodes = [
        step("opening", ("ask", 1), ("done", 0)),
        step("ask", ("insist", 0)),
        step("insist", ("ask", 0)),
        ending("done"),
    ]

    problems = scenario_problems(nodes)

    assert where(problems) == [(1, "key", None), (2, "key", None)]
    assert all("never reaches an ending" in p.message for p in problems)


def test_a_loop_with_a_way_out_and_no_net_points_is_allowed():
    nodes = [
        step("opening", ("repeat", 2), ("done", 1)),
        step("repeat", ("opening", -2), ("done", 3)),
        ending("done"),
    ]

    assert scenario_problems(nodes) == []
    assert max_score(nodes) == 5


def test_a_loop_that_earns_points_is_reported():
    nodes = [
        step("opening", ("repeat", 2), ("done", 0)),
        step("repeat", ("opening", 1), ("done", 0)),
        ending("done"),
    ]

    problems = scenario_problems(nodes)

    assert problems
    assert all("earns points each time" in p.message for p in problems)
    assert {p.position for p in problems} == {0, 1}


def test_max_score_is_the_best_path_to_any_ending():
    # opening → listen → settled: 2 + 3; opening → argue → listen → settled: -1 + 0 + 3.
    assert max_score(VALID) == 5


def test_max_score_when_every_path_loses_points_is_the_least_loss():
    nodes = [step("opening", ("done", -1), ("worse", -3)), ending("done"), ending("worse")]

    assert max_score(nodes) == -1


def test_walk_adds_points_and_stops_at_the_ending():
    result = walk(VALID, [1, 0, 0])

    assert result.finished
    assert result.ending.key == "settled"
    assert result.score == -1 + 0 + 3
    assert result.path == [("opening", 1, -1), ("argue", 0, 0), ("listen", 0, 3)]


def test_walk_part_way_gives_the_current_step():
    result = walk(VALID, [0])

    assert not result.finished
    assert result.current.key == "listen"
    assert result.score == 2


def test_walk_refuses_a_reply_the_step_does_not_offer():
    with pytest.raises(InvalidChoice, match="not one of this step's replies"):
        walk(VALID, [0, 7])
    with pytest.raises(InvalidChoice):
        walk(VALID, [-1])


def test_walk_refuses_a_choice_after_the_ending():
    with pytest.raises(InvalidChoice, match="already ended"):
        walk(VALID, [0, 0, 0])


def test_walk_refuses_a_run_that_goes_round_a_loop_too_long():
    nodes = [
        step("opening", ("repeat", 0), ("done", 1)),
        step("repeat", ("opening", 0)),
        ending("done"),
    ]

    assert walk(nodes, [0, 0] * (MAX_CHOICES // 2)).current.key == "opening"
    with pytest.raises(InvalidChoice, match="too long"):
        walk(nodes, [0, 0] * (MAX_CHOICES // 2) + [1])
