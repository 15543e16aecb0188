"""Builders for the scenario player tests: scenarios of any size, and playing a run."""

from content.scenarios import walk
from lms.learning.selectors import scenario_run_page
from lms.learning.services import scenario_run_choose, scenario_run_start
from tests.factories.content import scenario_ending, scenario_step


def current_step_key(run) -> str:
    """The key of the step the run is waiting at."""
    return walk(scenario_run_page(run).scenario_graph(), run.choices).current.key


def play(user, scenario, replies, run=None):
    """Start (or resume) a run and choose ``replies`` (indexes) one step after another."""
    run = run or scenario_run_start(user=user, scenario=scenario)
    for reply in replies:
        run = scenario_run_choose(user=user, run=run, step_key=current_step_key(run), reply=reply)
    return run


def reply(text, points, next_key, *, standard=None, effect="", feedback=None):
    """Raw stream data for one reply, with the standard it applies or breaks."""
    return {
        "text": text,
        "feedback": feedback or f"Feedback on: {text}",
        "points": points,
        "standard": standard.pk if standard else None,
        "effect": effect if standard else "",
        "next": next_key,
    }


def long_steps(step_count: int, reply_count: int = 4, standards=()):
    """A chain of ``step_count`` steps: reply 0 goes on (1 point), the others end it badly.

    Every reply carries a standard from ``standards`` in turn, alternately applied and
    broken, so the player has standards to show at every step.
    """
    standards = list(standards)
    steps = []
    for number in range(step_count):
        next_key = f"step-{number + 1}" if number + 1 < step_count else "good-end"
        replies = []
        for index in range(reply_count):
            standard = standards[(number + index) % len(standards)] if standards else None
            replies.append(
                reply(
                    f"Reply {index} at step {number}",
                    1 if index == 0 else -1,
                    next_key if index == 0 else "bad-end",
                    standard=standard,
                    effect="applies" if index == 0 else "breaks",
                    feedback=f"Feedback {index} at step {number}",
                )
            )
        steps.append(scenario_step(f"step-{number}", f"Customer line {number}", *replies))
    steps.append(scenario_ending("good-end", "It ends well"))
    steps.append(scenario_ending("bad-end", "It ends badly"))
    return steps
