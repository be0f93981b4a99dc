from django.db.models import QuerySet

from . import permissions
from .models import Service, StaffProfile


def services_for_import(*, user) -> QuerySet[Service]:
    """Services this user may import staff into."""
    services = Service.objects.active().select_related("region")
    if permissions.is_administrator(user):
        return services
    profile = getattr(user, "staff_profile", None)
    if profile is not None and permissions.is_service_manager(user):
        return services.filter(pk=profile.service_id)
    return services.none()


def staff_visible_to(*, user) -> QuerySet[StaffProfile]:
    """Staff records this user may see: all for administrators, their service for a service manager,
    their direct reports for a line manager, and their own record for everyone else."""
    staff = StaffProfile.objects.select_related("user", "service", "line_manager__user")
    if permissions.is_administrator(user):
        return staff
    profile = getattr(user, "staff_profile", None)
    if profile is None:
        return staff.none()
    if permissions.is_service_manager(user):
        return staff.filter(service_id=profile.service_id)
    if permissions.is_line_manager(user):
        return staff.filter(line_manager=profile) | staff.filter(pk=profile.pk)
    return staff.filter(pk=profile.pk)
