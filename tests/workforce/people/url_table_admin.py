"""Regions, services and staff in the Wagtail admin: administrators only."""

from tests.url_table import viewset_routes

ACTIONS = ("index", "index_results", "add", "edit", "delete", "history", "history_results", "usage", "copy")
ADMINISTRATORS = ("administrator",)

ROUTES = {
    **viewset_routes(
        "workforce_regions", allowed=ADMINISTRATORS, actions=ACTIONS, obj=lambda world: {"pk": world.region.pk}
    ),
    **viewset_routes(
        "workforce_services", allowed=ADMINISTRATORS, actions=ACTIONS, obj=lambda world: {"pk": world.service.pk}
    ),
    **viewset_routes(
        "workforce_staff",
        allowed=ADMINISTRATORS,
        actions=ACTIONS,
        obj=lambda world: {"pk": world.profile("staff_member").pk},
    ),
}
