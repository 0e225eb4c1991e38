"""gunicorn's settings, read from the working directory by every gunicorn started in the repository: the
Procfile, deploy/systemd/interlocal-web.service and `make bench`.

Sync workers, one request at a time each (see the README's "Benchmarks"). A sync worker that has not answered
within `timeout` seconds is killed and its request cut: the downloads that stream a whole kind of record (every
engagement as CSV or JSON, the open data package's ZIP) run for minutes at a million rows, so the timeout is ten
minutes rather than gunicorn's thirty seconds. Pages answer in milliseconds; a stuck one is still stopped.

The application is loaded once, in the arbiter, before the workers are forked (`preload_app`), with every module
its URLs lead to, and what it then holds is frozen out of Python's garbage collector (`when_ready`). A worker's
full collection walks every object the collector tracks: the loaded application is some 315,000 of a worker's
340,000, and under the bench's load a full collection took 150 to 500 ms, in the middle of whichever request
happened to trigger it (`/api/v1/engagements/` had a p95 of 516 ms, 60 ms alone). Frozen, those objects are never
walked again, and their memory stays shared between the workers. A code change therefore needs a restart of
gunicorn (its HUP reloads the configuration, not preloaded code).
"""

import gc
from typing import Any

timeout = 600
preload_app = True


def when_ready(server: Any) -> None:
    """In the arbiter, before the first worker is forked: load what the URLs lead to, close any database
    connection (a worker must not share its parent's), and freeze what is left after a full collection."""
    from django.apps import apps

    if apps.ready:  # the Django application (a test serves gunicorn a bare WSGI one)
        from django.db import connections
        from django.urls import get_resolver

        get_resolver().reverse_dict  # noqa: B018 - imports every view, form and API schema the URLs lead to
        connections.close_all()
    gc.collect()
    gc.freeze()
