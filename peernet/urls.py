"""The peernet app's pages, part by part, under one namespace."""

from peernet.journeys import urls as journeys
from peernet.networks import urls as networks

app_name = "peernet"

urlpatterns = [*journeys.urlpatterns, *networks.urlpatterns]
