app_name = "rankings"
urlpatterns: list[object] = []
