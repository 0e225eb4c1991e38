"""One history manager class per model instead of one per history write.

django-simple-history's `HistoryDescriptor.__get__` builds a new manager class with
`Manager.from_queryset` on every access to `record.history`, which its `post_save` handler does
for every write. Building that class walks every queryset method with `inspect` (about a fifth of
the time of a small write); the class is the same each time, so it is built once per descriptor.
"""

from typing import Any

from simple_history.manager import HistoryDescriptor


def _history_manager(descriptor: HistoryDescriptor, instance: Any, owner: Any) -> Any:
    manager_class = descriptor.__dict__.get("_interlocal_manager_class")
    if manager_class is None:
        manager_class = descriptor.manager_class.from_queryset(descriptor.queryset_class)
        descriptor._interlocal_manager_class = manager_class
    return manager_class(descriptor.model, instance)


def build_history_managers_once() -> None:
    HistoryDescriptor.__get__ = _history_manager
