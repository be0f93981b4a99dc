"""Who may do what in youth-led training.

Young experts' details are seen only by participation leads and the contact at their own youth
organisation. Reports show the names young experts chose, never legal names, and never to commissioners.
"""

import rules

from workforce.permissions import has_staff_profile, is_administrator, is_participation_lead


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
