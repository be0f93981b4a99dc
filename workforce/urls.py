"""The workforce app's pages, part by part, under one namespace."""

from workforce.people import urls as people
from workforce.training import urls as training

app_name = "workforce"

urlpatterns = [*people.urlpatterns, *training.urlpatterns]
