app_name = "participation"
urlpatterns: list[object] = []
