from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "interlocal.media"
    label = "media"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from interlocal.core.entities import REGISTRY, Related

        from . import entities  # noqa: F401  (registers the app's kinds of record)

        # The pages of the organisations, engagements and projects a mention names list it (the kinds sit below).
        for key in ("organisations", "engagements", "projects"):
            REGISTRY[key].related.append(Related(_("Media mentions"), "media-mentions", key))
