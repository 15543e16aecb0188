"""The signal learning sends to the parts that depend on it (see ARCHITECTURE.md).

``enrolment_completed``
    Sent once when an enrolment becomes complete: its course's required lessons read,
    required scenarios passed and required exam passed. Sent after the transaction that
    recorded it commits, so a receiver reads the stored completion (``completed_at`` and
    ``completion_attempt``). Completion is recorded once under a row lock, so the signal is
    never sent twice for the same completion, whichever activity finished the course.

    Arguments: ``sender`` is the ``Enrolment`` class; ``enrolment`` is the completed
    enrolment.
"""

from django.dispatch import Signal

enrolment_completed = Signal()
