from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "notifications"
urlpatterns: list[URLPattern | URLResolver] = [
    path("notifications/", views.inbox_page, name="inbox"),
    path("notifications/<int:pk>/read/", views.mark_read, name="read"),
    path("notifications/read-all/", views.mark_all_read, name="read-all"),
    path("notifications/preferences/", views.preferences, name="preferences"),
    path("notifications/calendar/", views.calendar_page, name="calendar"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]
