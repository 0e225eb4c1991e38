"""What the results app tells the others (Django signals: the portal draws its figures ahead of its readers)."""

from django.db import transaction
from django.dispatch import Signal

# Values were written (an import) or changed status (an approval): sent once their transaction commits.
values_changed = Signal()


def send_values_changed() -> None:
    transaction.on_commit(lambda: values_changed.send(sender=None))
