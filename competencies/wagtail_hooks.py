"""The framework in the Wagtail admin: frameworks, their versions and everything a version holds.

A published or retired version is read-only here, as everywhere: editors make a new draft from it,
change the draft, and publish it. The rule is one permission policy, used by every viewset below.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.deletion import ProtectedError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views import View
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import ListingButton
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from competencies.framework.services import (
    framework_delete,
    framework_version_copy,
    framework_version_delete,
    framework_version_publish,
)
from competencies.models import (
    CareerLevel,
    Competence,
    CompetenceDomain,
    Expectation,
    Framework,
    FrameworkVersion,
    Role,
    RoleProfile,
    ScaleValue,
    ServiceArea,
)

READ_ONLY = "This belongs to a {status} version, which cannot be changed. Make a new draft version from it first."


def version_of(instance) -> FrameworkVersion | None:
    if isinstance(instance, FrameworkVersion):
        return instance
    if isinstance(instance, Expectation):
        return instance.role_profile.version
    return getattr(instance, "version", None)


class DraftOnlyPermissionPolicy(ModelPermissionPolicy):
    """Model permissions as usual, except that nothing in a published or retired version can be changed."""

    def user_has_permission_for_instance(self, user, action, instance):
        version = version_of(instance)
        if action in ("change", "delete") and version is not None and not version.is_editable:
            return False
        return super().user_has_permission_for_instance(user, action, instance)


class VersionPermissionPolicy(DraftOnlyPermissionPolicy):
    """Versions are made by copying or importing, which number them, never from an empty form."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)


class DraftOnlyEditView(generic.EditView):
    def dispatch(self, request, *args, **kwargs):
        instance = self.get_object()
        if not self.permission_policy.user_has_permission_for_instance(request.user, "change", instance):
            version = version_of(instance)
            messages.error(request, READ_ONLY.format(status=version.get_status_display().lower()))
            return redirect(self.index_url_name)
        return super().dispatch(request, *args, **kwargs)


class SafeDeleteView(generic.DeleteView):
    """Says plainly why something cannot be deleted instead of failing: things in a version protect each
    other, for example a domain its competences."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ProtectedError as error:
            used_by = sorted({str(obj._meta.verbose_name_plural) for obj in error.protected_objects})
            messages.error(
                self.request,
                f"{self.object} cannot be deleted while {', '.join(used_by)} use it. Change or delete those first.",
            )
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
        return redirect(self.index_url_name)


class DraftOnlyDeleteView(SafeDeleteView):
    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission_for_instance(request.user, "delete", self.object):
            version = version_of(self.object)
            messages.error(request, READ_ONLY.format(status=version.get_status_display().lower()))
            return redirect(self.index_url_name)
        return super().dispatch(request, *args, **kwargs)


class VersionDeleteView(DraftOnlyDeleteView):
    def delete_action(self):
        framework_version_delete(version=self.object)


class FrameworkDeleteView(SafeDeleteView):
    def delete_action(self):
        framework_delete(framework=self.object)


class DraftOnlyIndexView(generic.IndexView):
    def get_edit_url(self, instance):
        if self.permission_policy.user_has_permission_for_instance(self.request.user, "change", instance):
            return super().get_edit_url(instance)
        return None

    def get_delete_url(self, instance):
        if self.permission_policy.user_has_permission_for_instance(self.request.user, "delete", instance):
            return super().get_delete_url(instance)
        return None


class VersionedViewSet(ModelViewSet):
    index_view_class = DraftOnlyIndexView
    edit_view_class = DraftOnlyEditView
    delete_view_class = DraftOnlyDeleteView
    inspect_view_enabled = True
    copy_view_enabled = False
    search_backend_name = None

    def formfield_for_dbfield(self, db_field, **kwargs):
        """Only draft versions, and things in draft versions, can be chosen."""
        field = super().formfield_for_dbfield(db_field, **kwargs)
        queryset = getattr(field, "queryset", None)
        if queryset is not None and queryset.model is FrameworkVersion:
            field.queryset = queryset.editable()
        elif queryset is not None and any(f.name == "version" for f in queryset.model._meta.fields):
            field.queryset = queryset.filter(version__status=FrameworkVersion.Status.DRAFT)
        return field


class VersionIndexView(DraftOnlyIndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.request.user.has_perm("competencies.publish_framework"):
            namespace = self.index_url_name.split(":")[0]
            buttons.append(
                ListingButton(
                    "Make a new draft from this version",
                    reverse(f"{namespace}:copy", args=[instance.pk]),
                    icon_name="copy",
                    priority=5,
                )
            )
            if instance.is_editable:
                buttons.append(
                    ListingButton(
                        "Publish", reverse(f"{namespace}:publish", args=[instance.pk]), icon_name="upload", priority=4
                    )
                )
        return buttons


class VersionActionView(WagtailAdminTemplateMixin, View):
    """Confirm, then copy or publish a version. Only people who may publish frameworks get here."""

    template_name = "competencies/framework/admin/version_action.html"
    header_icon = "doc-full"
    action = ""
    index_url_name = ""

    def dispatch(self, request, pk, *args, **kwargs):
        if not request.user.has_perm("competencies.publish_framework"):
            raise PermissionDenied
        self.version = get_object_or_404(FrameworkVersion.objects.select_related("framework"), pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"{self.verb} {self.version}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            version=self.version,
            verb=self.verb,
            explanation=self.explanation(),
            cancel_url=reverse(self.index_url_name),
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        try:
            version = self.perform()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.index_url_name)
        messages.success(request, self.done(version))
        return redirect(self.index_url_name)


class VersionCopyView(VersionActionView):
    verb = "Make a new draft from"

    def explanation(self):
        return (
            f"A new draft version will hold a copy of everything in version {self.version.number}. "
            "You can change the draft, then publish it. Version "
            f"{self.version.number} stays as it is, so assessments made against it keep it."
        )

    def perform(self):
        return framework_version_copy(version=self.version)

    def done(self, version):
        return f"Made draft version {version.number} of {version.framework}. Change it, then publish it."


class VersionPublishView(VersionActionView):
    verb = "Publish"

    def explanation(self):
        current = self.version.framework.versions.published().first()
        retire = (
            f" Version {current.number}, published now, will be retired: people will see the new version, "
            "and assessments already made keep the version they used."
            if current
            else ""
        )
        return f"Once published, version {self.version.number} cannot be changed.{retire}"

    def perform(self):
        return framework_version_publish(version=self.version)

    def done(self, version):
        return f"Published version {version.number} of {version.framework}."


class FrameworkViewSet(ModelViewSet):
    model = Framework
    icon = "doc-full-inverse"
    menu_label = "Frameworks"
    form_fields = ["name", "slug", "description", "owner"]
    list_display = ["name", "owner"]
    delete_view_class = FrameworkDeleteView
    copy_view_enabled = False
    search_backend_name = None
    search_fields = ["name"]


class FrameworkVersionViewSet(VersionedViewSet):
    model = FrameworkVersion
    icon = "history"
    menu_label = "Versions"
    form_fields = ["label", "notes"]
    index_view_class = VersionIndexView
    delete_view_class = VersionDeleteView
    list_display = ["__str__", Column("status", label="Status", accessor="get_status_display"), "published_at"]
    list_filter = ["framework", "status"]

    def get_urlpatterns(self):
        index = self.get_url_name("index")
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/copy/", VersionCopyView.as_view(index_url_name=index), name="copy"),
            path("<int:pk>/publish/", VersionPublishView.as_view(index_url_name=index), name="publish"),
        ]


for _model in (ServiceArea, CareerLevel, Role, RoleProfile, CompetenceDomain, Competence, ScaleValue, Expectation):
    register_permission_policy(_model, DraftOnlyPermissionPolicy(_model), exact_class=True)
register_permission_policy(FrameworkVersion, VersionPermissionPolicy(FrameworkVersion), exact_class=True)


def _viewset(model_, fields, display, icon_="list-ul", search=()):
    return type(
        f"{model_.__name__}ViewSet",
        (VersionedViewSet,),
        {
            "model": model_,
            "form_fields": fields,
            "list_display": display,
            "icon": icon_,
            "list_filter": ["version"] if model_ is not Expectation else ["role_profile__version", "role_profile"],
            "search_fields": list(search) or None,
        },
    )(name=f"framework_{model_._meta.model_name}")


class FrameworkViewSetGroup(ModelViewSetGroup):
    menu_label = "Career framework"
    menu_icon = "doc-full-inverse"
    menu_order = 300
    items = (
        FrameworkViewSet(name="framework_framework"),
        FrameworkVersionViewSet(name="framework_version"),
        _viewset(ServiceArea, ["version", "code", "name", "description", "order"], ["name", "code", "version"]),
        _viewset(CareerLevel, ["version", "number", "title", "descriptor"], ["__str__", "version"]),
        _viewset(Role, ["version", "code", "name", "description", "specialisms", "order"], ["name", "code", "version"]),
        _viewset(
            RoleProfile,
            ["version", "code", "title", "role", "level", "service_area", "summary", "responsibilities", "order"],
            ["title", "level", "role", "version"],
            search=["title", "code"],
        ),
        _viewset(CompetenceDomain, ["version", "code", "name", "description", "order"], ["name", "code", "version"]),
        _viewset(
            Competence,
            ["version", "domain", "parent", "code", "title", "performance", "knowledge", "nos_code", "order"],
            ["__str__", "domain", "version"],
            search=["code", "title"],
        ),
        _viewset(
            ScaleValue,
            ["version", "value", "label", "descriptor", "is_proficient"],
            ["label", "value", "is_proficient", "version"],
        ),
        _viewset(
            Expectation,
            ["role_profile", "competence", "proficiency", "core"],
            ["competence", "role_profile", "proficiency", "core"],
        ),
    )


@hooks.register("register_admin_viewset")
def register_framework_viewsets():
    return FrameworkViewSetGroup()
