"""The signal people send to the parts above them (see ARCHITECTURE.md).

``placement_changed``
    Sent when people join (invited, imported, created in the admin) or when their job
    role, home store or hire date changes, from inside the transaction that wrote it.
    Onboarding (``lms/learning``) listens to enrol them by its paths' rules; a receiver
    must queue its work with ``transaction.on_commit`` so it reads what was committed.

    Arguments: ``sender`` is the ``User`` class; ``people`` is a list of user ids.
"""

from django.dispatch import Signal

placement_changed = Signal()

# The fields whose change can change which onboarding paths apply to a person.
PLACEMENT_FIELDS = frozenset({"job_role", "home_store", "hire_date"})
