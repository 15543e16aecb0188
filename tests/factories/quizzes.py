"""Factories for the question bank."""

from decimal import Decimal

import factory
import wagtail_factories
from wagtail.models import Locale

from quizzes.models import ExamDrawRule, ExamPage, Question, QuestionOption

from .content import StandardFactory

# (text, fraction) for each option, by question type, when a test gives none.
DEFAULT_OPTIONS = {
    Question.Type.SINGLE: [
        ("Greet them within ten seconds.", 100),
        ("Finish the shelf first.", 0),
        ("Wait until they ask.", -50),
    ],
    Question.Type.SITUATION: [
        ("Good morning! Take your time, I am here if you need me.", 100),
        ("Can I help you?", 25),
        ("We close in five minutes.", 0),
    ],
    Question.Type.TRUE_FALSE: [("True", 100), ("False", 0)],
    Question.Type.MULTIPLE: [
        ("Smile.", 50),
        ("Make eye contact.", 50),
        ("Keep stocking the shelf.", -50),
    ],
    Question.Type.ORDERING: [
        ("Greet", 0),
        ("Find out what they need", 0),
        ("Present the product", 0),
        ("Close the sale", 0),
    ],
}


class QuestionOptionFactory(factory.django.DjangoModelFactory):
    """An option worth nothing; pass ``question`` and usually ``fraction``."""

    class Meta:
        model = QuestionOption

    text = factory.Sequence(lambda n: f"Option {n}")
    fraction = Decimal(0)
    feedback = ""


class QuestionFactory(factory.django.DjangoModelFactory):
    """A live single-choice question in the default language, with three options.

    ``options=[(text, fraction), ...]`` replaces the default options of the type, in that
    order; ``tags=["till", ...]`` tags it. ``live=False`` for a draft.
    """

    class Meta:
        model = Question
        skip_postgeneration_save = True

    standard = factory.SubFactory(StandardFactory, locale=factory.SelfAttribute("..locale"))
    question_type = Question.Type.SINGLE
    stem = factory.Sequence(
        lambda n: f"<p>Question {n}: what do you do when a customer comes in?</p>"
    )
    points = Decimal(1)
    difficulty = Question.Difficulty.MEDIUM
    explanation = "<p>Every customer is greeted at once.</p>"
    locale = factory.LazyFunction(Locale.get_default)

    @factory.post_generation
    def options(question, create, extracted, **kwargs):
        if not create:
            return
        options = DEFAULT_OPTIONS[question.question_type] if extracted is None else extracted
        for sort_order, (text, fraction) in enumerate(options):
            QuestionOptionFactory(
                question=question,
                text=text,
                fraction=Decimal(fraction),
                sort_order=sort_order,
            )

    @factory.post_generation
    def tags(question, create, extracted, **kwargs):
        if not create or not extracted:
            return
        question.tags.add(*extracted)
        question.save()


# Exams and attempts ----------------------------------------------------------------------


class ExamPageFactory(wagtail_factories.PageFactory):
    """A live exam; pass ``parent`` (a course).

    ``draw_rules`` is a list of dicts with ``ExamDrawRule`` fields (``{"question": q}`` or
    ``{"count": 3, "standard": s}``); by default the exam draws 3 of 3 new questions on a
    new standard. Unlimited attempts, no time limit, no wait, 80 % to pass.
    """

    class Meta:
        model = ExamPage

    title = factory.Sequence(lambda n: f"Exam {n}")
    introduction = "<p>Show what you know about our service standards.</p>"
    pass_mark = Decimal(80)
    shuffle_questions = True
    shuffle_options = True

    @classmethod
    def _create(cls, model_class, *args, draw_rules=None, **kwargs):
        if draw_rules is None:
            standard = StandardFactory()
            for _n in range(3):
                QuestionFactory(standard=standard)
            draw_rules = [{"count": 3, "standard": standard}]
        parent = kwargs.pop("parent")
        page = model_class(**kwargs)
        # Set before the page is saved: saving cleans the page, which checks the draw.
        page.draw_rules = [
            ExamDrawRule(sort_order=position, **rule) for position, rule in enumerate(draw_rules)
        ]
        parent.add_child(instance=page)
        return page


def exam_with_questions(parent, questions, **kwargs) -> ExamPage:
    """An exam drawing exactly ``questions``, as fixed questions in that order."""
    return ExamPageFactory(
        parent=parent, draw_rules=[{"question": question} for question in questions], **kwargs
    )


def right_answer(attempt_question) -> list[str]:
    """The option keys that score full marks on ``attempt_question`` (from its revision)."""
    question = attempt_question.revision.as_object()
    options = question.ordered_options()
    if question.question_type == Question.Type.ORDERING:
        return [option.key for option in options]
    if question.question_type == Question.Type.MULTIPLE:
        return [option.key for option in options if option.fraction > 0]
    return [next(option.key for option in options if option.fraction == 100)]


def wrong_answer(attempt_question) -> list[str]:
    """Option keys that score nothing on a one-answer or multiple-response question."""
    question = attempt_question.revision.as_object()
    return [next(option.key for option in question.ordered_options() if option.fraction <= 0)]


def answer_attempt(attempt, *, right=True, positions=None) -> None:
    """Save an answer to every question of ``attempt`` (or those at ``positions``)."""
    from quizzes.services import attempt_answer_save

    for item in attempt.questions.select_related("revision", "answer").order_by("position"):
        if positions is not None and item.position not in positions:
            continue
        attempt_answer_save(
            user=attempt.user,
            attempt=attempt,
            question_position=item.position,
            selected=right_answer(item) if right else wrong_answer(item),
            sequence=item.answer.sequence + 1,
        )
