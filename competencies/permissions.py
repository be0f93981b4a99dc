"""Who may do what with frameworks and self-assessments. Used by views, selectors and the admin alike.

A staff member sees only their own assessments, a line manager those of their direct reports, a service
manager those of everyone in their service; nobody else sees them at all.
"""

import rules

from workforce.permissions import (
    has_staff_profile,
    is_administrator,
    is_line_manager,
    is_peer_worker,
    is_service_manager,
    is_staff_member,
)


def _profile(user):
    return getattr(user, "staff_profile", None)


@rules.predicate
def owns_assessment(user, assessment):
    return assessment is not None and assessment.staff.user_id == user.pk


@rules.predicate
def manages_assessed_person(user, assessment):
    """The user is the person's line manager, or a service manager of their service (never themselves)."""
    profile = _profile(user)
    if assessment is None or profile is None or assessment.staff_id == profile.pk:
        return False
    staff = assessment.staff
    if is_line_manager(user) and staff.line_manager_id == profile.pk:
        return True
    return bool(is_service_manager(user) and staff.service_id == profile.service_id)


@rules.predicate
def assessment_is_editable(user, assessment):
    return assessment is not None and assessment.is_editable


@rules.predicate
def assessment_awaits_review(user, assessment):
    from competencies.models import Assessment

    return assessment is not None and assessment.status == Assessment.Status.SUBMITTED


# Peer workers, paid and volunteer, assess themselves too (against the volunteer and peer supporter profiles).
can_assess_self = (is_staff_member | is_peer_worker) & has_staff_profile
can_manage_team = (is_line_manager | is_service_manager) & has_staff_profile

rules.add_perm("competencies.start_assessment", can_assess_self)
# My progress shows only the signed-in person's own assessments, so whoever assesses themself may open it.
rules.add_perm("competencies.view_own_progress", can_assess_self)
rules.add_perm("competencies.open_assessment", owns_assessment | manages_assessed_person)
rules.add_perm("competencies.edit_assessment", owns_assessment & assessment_is_editable)
rules.add_perm("competencies.plan_assessment", owns_assessment | manages_assessed_person)
# Booking training from a plan, or using it as evidence, is the person's own choice; managers only plan.
rules.add_perm("competencies.book_from_plan", owns_assessment)
rules.add_perm("competencies.review_assessment", manages_assessed_person & assessment_awaits_review)
rules.add_perm("competencies.view_team", can_manage_team)

# --- Framework ---
# The framework is reference material: everyone who is signed in may read and export it.
rules.add_perm("competencies.browse_framework", rules.is_authenticated)
rules.add_perm("competencies.export_framework", rules.is_authenticated)
rules.add_perm("competencies.read_published_framework", rules.always_allow)  # CASE provider; drafts stay hidden
# Bringing a framework in, or publishing a version, changes what every service assesses against.
rules.add_perm("competencies.import_framework", is_administrator)
rules.add_perm("competencies.publish_framework", is_administrator)
