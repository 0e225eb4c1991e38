"""gunicorn loads the application once and freezes it out of the garbage collector before forking its workers."""

import subprocess
import sys

from django.conf import settings

# What gunicorn's arbiter does with gunicorn.conf.py before the first fork, in a process of its own: this test's
# own database connection and collector stay as they are.
ARBITER = """
import gc, runpy
import django
django.setup()
from django.db import connections
config = runpy.run_path("gunicorn.conf.py")
assert config["preload_app"] is True
connections["default"].ensure_connection()  # something read the database while loading
config["when_ready"](None)
print(gc.get_freeze_count(), any(c.connection is not None for c in connections.all()))
"""


def test_the_application_is_loaded_and_frozen_before_the_workers_fork() -> None:
    done = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", ARBITER], cwd=settings.BASE_DIR, capture_output=True, text=True, check=True, timeout=120
    )
    frozen, connected = done.stdout.split()
    # The application with every module its URLs lead to is some 300,000 objects; Django alone is some 130,000.
    assert int(frozen) > 250_000, done.stdout
    assert connected == "False"  # a worker must not share its parent's database connection
