"""Signals the exam sends to the parts that depend on it (see ARCHITECTURE.md).

``attempt_finished``
    Sent once an attempt has a grade: when it is submitted, when it is closed because its
    time ran out, and again after a trainer's regrade changed its result. Sent after the
    transaction commits, so a receiver always reads the stored grade.

    Arguments: ``sender`` is the ``Attempt`` class; ``attempt`` is the graded attempt
    (``percentage``, ``passed``, ``finished_at`` set); ``regraded`` is True when a regrade
    sent it. Course progress and standings recompute from ``best_attempt_for`` rather
    than add up, so a receiver is safe to run again for the same attempt.
"""

from django.dispatch import Signal

attempt_finished = Signal()
