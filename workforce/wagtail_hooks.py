"""Regions, services and staff in the Wagtail admin, for administrators (model permissions decide)."""

from axes.models import AccessAttempt
from django.http import Http404
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.models import DeleteView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from workforce.accounts.sessions import user_sessions_end, users_sessions_end
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


class ViewAndDeleteOnly(ModelPermissionPolicy):
    """Records the system writes (lockouts, authenticator apps): seen and removed in the admin, never made or
    edited there, by superusers included."""

    def user_has_permission(self, user, action):
        return action not in ("add", "change") and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class LockoutViewSet(ModelViewSet):
    """Sign-in lockouts (django-axes): an email address and IP address paused after too many wrong
    passwords. Deleting one lifts the pause at once; otherwise it lifts itself after AXES_COOLOFF_TIME."""

    model = AccessAttempt
    url_prefix = "workforce/sign-in-lockouts"
    url_namespace = "workforce_sign_in_lockouts"
    icon = "lock"
    menu_label = "Sign-in lockouts"
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    search_fields = ["username", "ip_address"]
    form_fields = ["username"]
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = ["username", "ip_address", "failures_since_start", "attempt_time", "path_info"]


class NoSuperusersApps:
    """A superuser's authenticator app does not exist for anyone else (404), whatever its URL."""

    def get_object(self, *args, **kwargs):
        device = super().get_object(*args, **kwargs)
        if device.user.is_superuser and not self.request.user.is_superuser:
            raise Http404
        return device


class TwoStepHistoryView(NoSuperusersApps, HistoryView):
    pass


class TwoStepResetView(NoSuperusersApps, DeleteView):
    """Removing someone's authenticator app also ends their sessions: each must sign in and set up again."""

    def delete_action(self):
        user = self.object.user
        super().delete_action()
        StaticDevice.objects.filter(user=user).delete()
        user_sessions_end(user=user)


class TwoStepViewSet(ModelViewSet):
    """People's authenticator apps, so an administrator can reset two-step sign-in for someone who has lost
    their phone and their backup codes. Nobody but a superuser can reset a superuser's."""

    model = TOTPDevice
    url_prefix = "workforce/two-step-sign-in"
    url_namespace = "workforce_two_step"
    icon = "key"
    menu_label = "Two-step sign-in"
    list_display = ["user", "name", "created_at", "last_used_at"]
    search_fields = ["user__first_name", "user__last_name", "user__email"]
    form_fields = ["name"]
    copy_view_enabled = False
    delete_view_class = TwoStepResetView
    history_view_class = TwoStepHistoryView

    def get_queryset(self, request):
        devices = TOTPDevice.objects.filter(confirmed=True).select_related("user")
        if not request.user.is_superuser:
            devices = devices.exclude(user__is_superuser=True)
        return devices


register_permission_policy(AccessAttempt, ViewAndDeleteOnly(AccessAttempt))
register_permission_policy(TOTPDevice, ViewAndDeleteOnly(TOTPDevice))


class WorkforceGroup(ViewSetGroup):
    menu_label = "Workforce"
    menu_icon = "group"
    menu_order = 200
    items = (RegionViewSet, ServiceViewSet, StaffProfileViewSet, LockoutViewSet, TwoStepViewSet)


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
