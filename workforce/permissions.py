"""Who may do what with regions, services and staff. Used by views, selectors and the admin alike."""

import rules

from . import roles


def _kind(kind: roles.Kind):
    @rules.predicate(name=f"is_{kind.slug}")
    def predicate(user):
        return kind in roles.kinds_of(user)

    return predicate


is_staff_member = _kind(roles.STAFF_MEMBER)
is_line_manager = _kind(roles.LINE_MANAGER)
is_service_manager = _kind(roles.SERVICE_MANAGER)
is_peer_coordinator = _kind(roles.PEER_COORDINATOR)
is_peer_worker = _kind(roles.PEER_WORKER)
is_participation_lead = _kind(roles.PARTICIPATION_LEAD)
is_network_coordinator = _kind(roles.NETWORK_COORDINATOR)
is_network_member = _kind(roles.NETWORK_MEMBER)
is_commissioner = _kind(roles.COMMISSIONER)
is_content_editor = _kind(roles.CONTENT_EDITOR)
is_administrator = rules.is_superuser | _kind(roles.ADMINISTRATOR)


@rules.predicate
def has_staff_profile(user):
    return hasattr(user, "staff_profile")


@rules.predicate
def manages_service(user, service):
    """The user is a service manager of this service."""
    profile = getattr(user, "staff_profile", None)
    return profile is not None and service is not None and profile.service_id == service.pk


@rules.predicate
def is_line_manager_of(user, staff_profile):
    return staff_profile is not None and staff_profile.line_manager is not None and (
        staff_profile.line_manager.user_id == user.pk
    )


rules.add_perm("workforce.import_staff", is_administrator | is_service_manager)
rules.add_perm("workforce.import_staff_into_service", is_administrator | (is_service_manager & manages_service))
rules.add_perm(
    "workforce.view_staff_member",
    is_administrator
    | (is_service_manager & rules.predicate(lambda u, p: manages_service(u, p.service)))
    | (is_line_manager & is_line_manager_of),
)
from . import training_permissions  # noqa: E402,F401
