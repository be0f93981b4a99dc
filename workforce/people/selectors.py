from django.db.models import QuerySet

from workforce import permissions
from workforce.models import Service


def services_for_import(*, user) -> QuerySet[Service]:
    """Services this user may import staff into."""
    services = Service.objects.active().select_related("region")
    if permissions.is_administrator(user):
        return services
    profile = getattr(user, "staff_profile", None)
    if profile is not None and permissions.is_service_manager(user):
        return services.filter(pk=profile.service_id)
    return services.none()
