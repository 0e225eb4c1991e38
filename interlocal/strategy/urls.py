from interlocal.core.views import entity_urlpatterns

from .entities import ACTION_LINE_LINKS, ACTION_LINES, AXES, OBJECTIVES, PLANS

app_name = "strategy"
urlpatterns = [
    *entity_urlpatterns(PLANS),
    *entity_urlpatterns(AXES),
    *entity_urlpatterns(OBJECTIVES),
    *entity_urlpatterns(ACTION_LINES),
    *entity_urlpatterns(ACTION_LINE_LINKS),
]
