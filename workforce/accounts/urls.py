from django.urls import path

from workforce.accounts import views

urlpatterns = [
    path("accounts/keep-signed-in/", views.session_keepalive, name="session-keepalive"),
]
