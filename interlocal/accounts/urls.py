from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "accounts"
urlpatterns: list[URLPattern | URLResolver] = [
    path("access/people/", views.PeopleListView.as_view(), name="people"),
    path("access/people/invite/", views.InviteView.as_view(), name="invite"),
    path("access/people/<int:pk>/", views.PersonView.as_view(), name="person"),
    path("access/people/<int:pk>/roles/<int:role_pk>/revoke/", views.RoleRevokeView.as_view(), name="role-revoke"),
    path("access/people/<int:pk>/active/", views.PersonActiveView.as_view(), name="person-active"),
    path("access/invitations/<int:pk>/cancel/", views.InvitationCancelView.as_view(), name="invitation-cancel"),
    path("access/tokens/<int:pk>/revoke/", views.TokenRevokeView.as_view(), name="token-revoke"),
    path("account/", views.AccountView.as_view(), name="account"),
    path("account/two-factor/", views.TwoFactorView.as_view(), name="two-factor"),
    path("account/login-code/", views.SignInCodeView.as_view(), name="login-code"),
    path("invitation/<str:secret>/", views.InvitationView.as_view(), name="invitation"),
]
