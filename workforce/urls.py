"""The workforce app's pages, part by part, under one namespace."""

from workforce.accounts import urls as accounts
from workforce.audit import urls as audit
from workforce.downloads import urls as downloads
from workforce.people import urls as people
from workforce.training import urls as training

app_name = "workforce"

urlpatterns = [
    *accounts.urlpatterns,
    *audit.urlpatterns,
    *downloads.urlpatterns,
    *people.urlpatterns,
    *training.urlpatterns,
]
