"""The media app's background tasks: a feed polled now, a bulletin generated (and sent)."""

from django_tasks import task

from .services import bulletin_generate, feed_poll_run


@task()
def poll_source(poll_id: int) -> None:
    feed_poll_run(poll_id)


@task()
def generate_bulletin(bulletin_id: int) -> None:
    bulletin_generate(bulletin_id)
