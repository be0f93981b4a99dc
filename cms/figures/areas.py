"""The areas figures are shown for: England, a region or a service, as far as the user may see."""

from dataclasses import dataclass

from workforce import permissions as workforce_permissions
from workforce.models import Region, Service


@dataclass(frozen=True)
class Area:
    """England, a region or a service. ``value`` is how the filter form names it."""

    kind: str
    pk: int | None
    name: str

    @property
    def value(self) -> str:
        return "england" if self.kind == "england" else f"{self.kind}-{self.pk}"

    def filter(self, queryset, through: str = "service"):
        """Keep what belongs to this area, reached through the ``through`` service relation."""
        if self.kind == "region":
            return queryset.filter(**{f"{through}__region_id": self.pk})
        if self.kind == "service":
            return queryset.filter(**{f"{through}_id": self.pk})
        return queryset


ENGLAND = Area("england", None, "England")


def regions_visible_to(*, user):
    if workforce_permissions.is_commissioner(user) or workforce_permissions.is_administrator(user):
        return Region.objects.order_by("name")
    return Region.objects.none()


def services_visible_to(*, user):
    services = Service.objects.select_related("region").order_by("region__name", "name")
    if workforce_permissions.is_commissioner(user) or workforce_permissions.is_administrator(user):
        return services
    profile = getattr(user, "staff_profile", None)
    if profile is not None and workforce_permissions.is_service_manager(user):
        return services.filter(pk=profile.service_id)
    return services.none()


def areas_for(*, user) -> list[Area]:
    """Every area this user may choose, England first for those who may see every region."""
    areas = []
    regions = list(regions_visible_to(user=user))
    if regions:
        areas.append(ENGLAND)
        areas += [Area("region", region.pk, region.name) for region in regions]
    areas += [Area("service", service.pk, service.name) for service in services_visible_to(user=user)]
    return areas
