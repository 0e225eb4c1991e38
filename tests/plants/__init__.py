"""Hidden records each app plants for the leak walk (tests/test_leak_walk.py).

Each module here defines `plant(world, planted)`: it creates draft and internal records of
another organisation (world.other), each carrying a unique word, links them from public
records, and adds the words to `planted.draft`, `planted.internal` or `planted.searchable`
and the records worth visiting with `planted.add(record)`. The walk finds the modules itself.
"""

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from typing import Any


def planters() -> Iterator[Callable[[Any, Any], None]]:
    for module in pkgutil.iter_modules(__path__):
        yield importlib.import_module(f"{__name__}.{module.name}").plant
