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
# Everyone signed in looks after their own two-step sign-in (workforce/accounts).
rules.add_perm("workforce.manage_own_sign_in", rules.is_authenticated)

# --- Youth-led training ---------------------------------------------------------------------------------------
# Young experts' details are seen only by participation leads and the contact at their own youth
# organisation. Reports show the names young experts chose, never legal names, and never to commissioners.


@rules.predicate
def is_youth_organisation_contact(user):
    return user.is_authenticated and user.youth_organisations.exists()


@rules.predicate
def contact_for_young_expert(user, young_expert):
    return young_expert is not None and young_expert.organisation.contact_id == user.pk


@rules.predicate
def has_young_expert_record(user):
    return user.is_authenticated and hasattr(user, "young_expert")


@rules.predicate
def delivers_session(user, session):
    """The session is one this young expert co-delivers (or is booked to)."""
    expert = getattr(user, "young_expert", None) if user.is_authenticated else None
    return session is not None and expert is not None and session.young_experts.filter(pk=expert.pk).exists()


@rules.predicate
def is_own_attendance(user, attendance):
    return attendance is not None and attendance.attendee.user_id == user.pk


runs_youth_training = is_participation_lead | is_administrator

rules.add_perm("workforce.manage_youth_training", runs_youth_training)
rules.add_perm("workforce.list_young_experts", runs_youth_training | is_youth_organisation_contact)
rules.add_perm("workforce.view_young_expert", runs_youth_training | contact_for_young_expert)
rules.add_perm("workforce.sign_up_to_training", has_staff_profile)
rules.add_perm("workforce.give_attendee_feedback", has_staff_profile & is_own_attendance)
rules.add_perm("workforce.view_training_reports", runs_youth_training)
rules.add_perm("workforce.view_own_involvement", has_young_expert_record)
# Young experts read what professionals said about the sessions they delivered, never who said it.
rules.add_perm("workforce.view_delivered_session", has_young_expert_record & delivers_session)
rules.add_perm("workforce.answer_place_offer", has_staff_profile & is_own_attendance)

# --- The audit trail (workforce/audit) ------------------------------------------------------------------------
# The Administrator kind acts as data protection officer and searches everything; a service manager searches
# the records of their own service (workforce/audit/selectors.py narrows the results).
rules.add_perm("workforce.view_audit_trail", is_administrator | (is_service_manager & has_staff_profile))

# --- Downloads made in the background (workforce/downloads) ------------------------------------------------
# A file is made from what the person who asked may see, so only they may open its page or download it:
# nobody else may, administrators and superusers included.


@rules.predicate
def asked_for_download(user, download):
    return download is not None and user.is_authenticated and download.requested_by_id == user.pk


rules.add_perm("workforce.open_download", asked_for_download)
rules.add_perm("workforce.list_own_downloads", rules.is_authenticated)
