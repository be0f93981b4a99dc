from django.urls import path

from cms.records import views

app_name = "records"

urlpatterns = [
    path("review/", views.review_queue, name="review-queue"),
    path("review/<int:pk>/keep/", views.review_keep, name="review-keep"),
    path("review/<int:pk>/erase/", views.review_erase, name="review-erase"),
    path("people/", views.people, name="people"),
    path("people/<str:kind>/<int:pk>/", views.person, name="person"),
    path("people/<str:kind>/<int:pk>/download/", views.person_download, name="person-download"),
    path("mine/", views.mine, name="mine"),
    path("mine/download/", views.mine_download, name="mine-download"),
]
