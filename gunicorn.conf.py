"""gunicorn's settings, read from the working directory by every gunicorn started in the repository: the
Procfile, deploy/systemd/interlocal-web.service and `make bench`.

Sync workers, one request at a time each (see the README's "Benchmarks"). A sync worker that has not answered
within `timeout` seconds is killed and its request cut: the downloads that stream a whole kind of record (every
engagement as CSV or JSON, the open data package's ZIP) run for minutes at a million rows, so the timeout is ten
minutes rather than gunicorn's thirty seconds. Pages answer in milliseconds; a stuck one is still stopped.
"""

timeout = 600
