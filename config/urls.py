from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from interlocal.accounts.views import SignInView
from interlocal.api.api import api
from interlocal.core.health import HealthView

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("health/", HealthView.as_view(), name="health"),
    path("api/v1/", api.urls),
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),  # one login, with its code
    path("admin/", admin.site.urls),
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("interlocal.metropolis.urls")),
    path("", include("interlocal.core.urls")),
    # Each app's records live at the top level: /organisations/, /agreements/, /projects/…
    path("", include("interlocal.territory.urls")),
    path("", include("interlocal.ecosystem.urls")),
    path("", include("interlocal.diplomacy.urls")),
    path("", include("interlocal.projects.urls")),
    path("", include("interlocal.benchmark.urls")),
    path("", include("interlocal.strategy.urls")),
    path("", include("interlocal.results.urls")),
    path("", include("interlocal.coordination.urls")),
    path("", include("interlocal.knowledge.urls")),
    path("", include("interlocal.participation.urls")),
    path("", include("interlocal.talent.urls")),
    path("", include("interlocal.rankings.urls")),
    path("", include("interlocal.media.urls")),
    path("", include("interlocal.iati.urls")),
    path("", include("interlocal.accounts.urls")),
    path("", include("interlocal.registry.urls")),
    path("", include("interlocal.notifications.urls")),
    path("portal/", include("interlocal.portal.urls")),
]

# Under /api/ errors answer JSON; elsewhere Django's pages (interlocal/api/errors.py).
handler400 = "interlocal.api.errors.bad_request"
handler403 = "interlocal.api.errors.permission_denied"
handler404 = "interlocal.api.errors.page_not_found"
handler500 = "interlocal.api.errors.server_error"
