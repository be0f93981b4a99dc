from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import floor, health
from cms.pages import views

urlpatterns = [
    path("health/", health.health, name="health"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/passkeys/", include("django_otp_webauthn.urls")),
    path("my/", views.my_home, name="my-home"),
    path("floor/", floor.floor, name="floor"),
    path("", include("workforce.urls")),
    path("", include("competencies.urls")),
    path("", include("peernet.urls")),
    path("resources/", include("cms.library.urls")),
    path("records/", include("cms.records.urls")),
    path("figures/", include("cms.figures.urls")),
    path("ims/case/v1p1/", include("competencies.framework.case_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Images only: documents can be private to a network, so they are always served through Wagtail's
    # document view, which checks who is asking.
    for folder in ("original_images", "images"):
        urlpatterns += static(f"{settings.MEDIA_URL}{folder}/", document_root=f"{settings.MEDIA_ROOT}/{folder}")

urlpatterns.append(path("", include(wagtail_urls)))
