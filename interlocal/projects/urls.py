from interlocal.core.views import entity_urlpatterns

from .entities import FUNDINGS, PROJECTS

app_name = "projects"
urlpatterns = [*entity_urlpatterns(PROJECTS), *entity_urlpatterns(FUNDINGS)]
