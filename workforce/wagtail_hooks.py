"""Regions, services and staff in the Wagtail admin, for administrators (model permissions decide)."""

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from workforce.accounts.sessions import users_sessions_end
from workforce.models import Region, Service, StaffProfile


class RegionViewSet(ModelViewSet):
    model = Region
    url_prefix = "workforce/regions"
    url_namespace = "workforce_regions"
    icon = "site"
    menu_label = "Regions"
    list_display = ["name", "code", "active"]
    list_filter = ["active"]
    search_fields = ["name", "code"]
    form_fields = ["name", "code", "active"]


class ServiceViewSet(ModelViewSet):
    model = Service
    url_prefix = "workforce/services"
    url_namespace = "workforce_services"
    icon = "home"
    menu_label = "Services"
    list_display = ["name", "provider", "region", "active"]
    list_filter = ["region", "active"]
    search_fields = ["name", "provider"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("provider"),
        FieldPanel("region"),
        FieldRowPanel([FieldPanel("reassessment_months"), FieldPanel("volunteer_max_months")]),
        FieldPanel("active"),
    ]


class StaffProfileViewSet(ModelViewSet):
    model = StaffProfile
    url_prefix = "workforce/staff"
    url_namespace = "workforce_staff"
    icon = "user"
    menu_label = "Staff"
    list_display = ["display_name", "job_title", "service", "line_manager", "active"]
    list_filter = ["service", "active"]
    search_fields = ["user__first_name", "user__last_name", "user__email", "job_title"]
    panels = [
        FieldPanel("user"),
        MultiFieldPanel([FieldPanel("service"), FieldPanel("job_title"), FieldPanel("line_manager")], "Job"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("active")]),
    ]

    def get_queryset(self, request):
        return StaffProfile.objects.select_related("user", "service", "line_manager__user")


class WorkforceGroup(ViewSetGroup):
    menu_label = "Workforce"
    menu_icon = "group"
    menu_order = 200
    items = (RegionViewSet, ServiceViewSet, StaffProfileViewSet)


@hooks.register("register_admin_viewset")
def register_workforce_viewsets():
    return WorkforceGroup()


@hooks.register("after_bulk_action")
def end_sessions_of_bulk_deactivated_users(request, action_type, objects, action_class_instance):
    """Wagtail's bulk "set active state" updates rows without saving each one, so no save receiver runs."""
    if action_type == "set_active_state" and objects:
        model = type(objects[0])
        inactive = model._default_manager.filter(pk__in=[user.pk for user in objects], is_active=False)
        users_sessions_end(user_ids=inactive.values_list("pk", flat=True))
