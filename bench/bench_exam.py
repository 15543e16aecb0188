"""Benchmark: how long an answer save and a submit take, and how many queries each runs.

Builds an exam of Q questions in the database DATABASE_URL names, inside a transaction
that is rolled back, then times ``attempt_answer_save`` (the autosave's work) and
``attempt_submit`` (locking, grading every question, storing the result).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/academy_bench \
        .venv/bin/python bench/bench_exam.py --questions 20 --repeat 20
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

import django

django.setup()

from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from wagtail.models import Site  # noqa: E402

from quizzes.services import attempt_answer_save, attempt_start, attempt_submit  # noqa: E402
from tests.factories.content import (  # noqa: E402
    CourseIndexPageFactory,
    CoursePageFactory,
    StandardFactory,
)
from tests.factories.people import LearnerFactory  # noqa: E402
from tests.factories.quizzes import (  # noqa: E402
    QuestionFactory,
    answer_attempt,
    exam_with_questions,
    right_answer,
)


class Rollback(Exception):
    pass


def build(questions: int):
    home = Site.objects.get(is_default_site=True).root_page
    course = CoursePageFactory(parent=CourseIndexPageFactory(parent=home))
    standard = StandardFactory()
    bank = [QuestionFactory(standard=standard) for _ in range(questions)]
    return exam_with_questions(course, bank, resit_after_pass=True)


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    try:
        with transaction.atomic():
            exam = build(args.questions)
            learner = LearnerFactory()

            attempt = attempt_start(user=learner, exam=exam)
            items = list(attempt.questions.select_related("revision").order_by("position"))
            answers = [(item.position, right_answer(item)) for item in items]
            save_samples = []
            reset_queries()
            with CaptureQueriesContext(connection) as save_queries:
                attempt_answer_save(
                    user=learner,
                    attempt=attempt,
                    selected=answers[0][1],
                    sequence=1,
                    question_position=answers[0][0],
                )
            for sequence in range(2, args.repeat + 2):
                position, selected = answers[sequence % len(answers)]
                start = time.perf_counter()
                attempt_answer_save(
                    user=learner,
                    attempt=attempt,
                    selected=selected,
                    sequence=sequence,
                    question_position=position,
                )
                save_samples.append(time.perf_counter() - start)

            submit_samples = []
            submit_queries = 0
            for round_ in range(args.repeat):
                if round_:
                    attempt = attempt_start(user=learner, exam=exam)
                answer_attempt(attempt)
                # DEBUG keeps only the last 9,000 queries; start each count from empty.
                reset_queries()
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    attempt_submit(user=learner, attempt=attempt)
                    submit_samples.append(time.perf_counter() - start)
                submit_queries = len(queries)

            print(f"database: {connection.vendor}; questions per attempt: {args.questions}")
            print(
                f"answer save: median {median_ms(save_samples):.1f} ms of {len(save_samples)}, "
                f"{len(save_queries)} queries"
            )
            print(
                f"submit (grade {args.questions} questions): median "
                f"{median_ms(submit_samples):.1f} ms of {len(submit_samples)}, "
                f"{submit_queries} queries"
            )
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
