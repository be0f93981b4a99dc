"""What the audit trail watches: the sensitive models whose changes it records, and the pages whose reads it
records.

Models are named by string ("app_label.Model") so the workforce app imports nothing from the apps above it;
``register_models`` runs from ``WorkforceConfig.ready()`` once every app is loaded.

Free text (notes, comments, descriptions, reasons, evidence) is never copied into the trail: the change is
recorded as "[hidden]" so a reader sees that the text was written, changed or emptied, and not what it said.
Counters that only exist to catch two people saving at once (``revision``) are left out altogether: a mask
would say nothing, and the real change is in the same save.
"""

from dataclasses import dataclass

from django.apps import apps

HIDDEN = "[hidden]"

PEER, STAFF, YOUNG_EXPERT = "peernet.Peer", "workforce.StaffProfile", "workforce.YoungExpert"


@dataclass(frozen=True)
class Watched:
    """One model the trail watches.

    ``mask``: its free-text fields. ``service``: the path to the Service it belongs to, so a service manager
    sees their own service's trail (None: only an Administrator sees it; young experts belong to youth
    organisations, not services). ``subject``: the path to the person the record is about ("" for the
    person's own record), and ``subject_kind`` that person's model, for searching by whose record it is.
    """

    mask: tuple[str, ...]
    service: str | None
    subject: str
    subject_kind: str


def _peer(*mask, via="peer"):
    return Watched(mask, f"{via}__service" if via else "service", via, PEER)


def _staff(*mask, via):
    return Watched(mask, f"{via}__service" if via else "service", via, STAFF)


def _young_expert(*mask, via):
    return Watched(mask, None, via, YOUNG_EXPERT)


MODELS: dict[str, Watched] = {
    # Peers, their journeys and stage history, checks, supervision, cases, outcomes, support alerts.
    "peernet.Peer": _peer(via=""),
    "peernet.StageChange": _peer("reason"),
    "peernet.Check": _peer(),
    "peernet.MilestoneRecord": _peer(),
    "peernet.Extension": _peer("reason"),
    "peernet.Supervision": _peer("notes", "actions"),
    "peernet.CheckIn": _peer(),
    "peernet.SupportAlert": _peer("action"),
    "peernet.CaseAllocation": _peer(),
    "peernet.CaseEvent": _peer("detail", via="allocation__peer"),
    "peernet.ActivityLog": _peer(),
    "peernet.TrainingRecord": _peer("title"),
    "peernet.FollowUp": _peer(),
    "peernet.Feedback": _peer("comment"),
    # Self-assessments, ratings (the person's and their manager's), plans and their actions.
    "competencies.Assessment": _staff(via="staff"),
    "competencies.AssessmentStatusChange": _staff("message", via="assessment__staff"),
    "competencies.Rating": _staff("evidence", "comment", "manager_comment", via="assessment__staff"),
    "competencies.PlanAction": _staff("action", via="assessment__staff"),
    "competencies.EvidenceItem": _staff("title", "link", via="rating__assessment__staff"),
    # Young experts, their involvement and feedback; staff attendance at training and what they said after.
    "workforce.YoungExpert": _young_expert("safeguarding_contact", via=""),
    "workforce.Involvement": _young_expert("note", via="young_expert"),
    "workforce.YoungExpertFeedback": _young_expert("comments", via="young_expert"),
    "workforce.TrainingAttendance": _staff(via="attendee"),
    "workforce.AttendeeFeedback": _staff("learned", "will_do_differently", via="attendance__attendee"),
    "workforce.FollowUp": _staff("what_changed", via="attendance__attendee"),
    # Staff profiles: job, service, line manager, dates.
    "workforce.StaffProfile": _staff(via=""),
}
EXCLUDED = ["revision", "review_revision"]

# Pages whose reads are recorded: URL name -> (the kind of record, the URL keyword holding its id).
READS: dict[str, tuple[str, str]] = {
    "peernet:peer_detail": ("peernet.Peer", "pk"),
    "peernet:peer_stage": ("peernet.Peer", "pk"),
    "peernet:peer_end": ("peernet.Peer", "pk"),
    "peernet:peer_check_edit": ("peernet.Check", "check_pk"),
    "peernet:peer_supervision_edit": ("peernet.Supervision", "supervision_pk"),
    "peernet:peer_allocation_edit": ("peernet.CaseAllocation", "allocation_pk"),
    "peernet:peer_support_alert_close": ("peernet.SupportAlert", "alert_pk"),
    "workforce:training-young-expert": ("workforce.YoungExpert", "pk"),
    "workforce:training-young-expert-edit": ("workforce.YoungExpert", "pk"),
    "competencies:assessment-detail": ("competencies.Assessment", "pk"),
    "competencies:assessment-results": ("competencies.Assessment", "pk"),
    "competencies:assessment-review": ("competencies.Assessment", "pk"),
    "competencies:assessment-pdf": ("competencies.Assessment", "pk"),
    "competencies:assessment-plan": ("competencies.Assessment", "pk"),
    "competencies:evidence": ("competencies.Assessment", "pk"),
    "competencies:evidence-download": ("competencies.Assessment", "pk"),
}


def mask(value: str) -> str:
    """auditlog's mask_callable: the trail says that free text was there, never what it said."""
    return HIDDEN if value and value != "None" else ""


def register_read(url_name: str, model_label: str, kwarg: str = "pk") -> None:
    """Lets another app add a sensitive page (for example a download of everything held about a person)."""
    READS[url_name] = (model_label, kwarg)


def audited_models() -> list:
    return [apps.get_model(label) for label in MODELS]


def register_models() -> None:
    from auditlog.registry import auditlog

    for label, watched in MODELS.items():
        model = apps.get_model(label)
        if not auditlog.contains(model):
            auditlog.register(
                model,
                mask_fields=list(watched.mask),
                mask_callable="workforce.audit.registry.mask",
                exclude_fields=[*EXCLUDED, *_reverse_relations(model)],
            )


def _reverse_relations(model) -> list[str]:
    """The other models' links to this one. auditlog reads every field of a new or deleted row, these
    included: each would cost a query, and a missing one-to-one would be remembered on the instance as
    "none", so a feedback saved later in the same request would look absent."""
    return [field.name for field in model._meta.get_fields() if field.auto_created and not field.concrete]
