"""Who may do what with regions, services and staff. Used by views, selectors and the admin alike."""

import rules

from workforce import roles


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


rules.add_perm("workforce.import_staff", is_administrator | is_service_manager)

# Training's rules build on the predicates above; importing them here registers them with the app.
from workforce import training_permissions  # noqa: E402,F401
