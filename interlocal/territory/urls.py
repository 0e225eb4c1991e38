from interlocal.core.views import entity_urlpatterns

from .entities import POPULATION, TERRITORIES

app_name = "territory"
urlpatterns = [*entity_urlpatterns(TERRITORIES), *entity_urlpatterns(POPULATION)]
