"""The kinds of file made in the background, and the function that builds each.

A builder is named by its dotted path, so this part never imports the apps that use it (competencies
builds on workforce, not the other way round). It is called as ``builder(user=..., parameters=...,
progress=...)`` and returns a ``BuiltFile``; it reads only what ``user`` may see, through the same
selectors as the page the person asked from, and raises PermissionDenied if they may no longer see it.
``progress(text)`` tells the person how far it has got.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class BuiltFile:
    content: bytes
    filename: str
    content_type: str


@dataclass(frozen=True)
class Kind:
    title: str
    builder: str
    # Where the person asked from, for the progress page's way back: a label, a URL name, and the names of the
    # parameters that URL takes.
    asked_from: tuple[str, str, tuple[str, ...]] | None = None


KINDS = {
    "team_heatmap_xlsx": Kind(
        title="Team competences spreadsheet",
        builder="competencies.assessments.views.team_xlsx_file",
        asked_from=("Team competences", "competencies:team", ()),
    ),
    "audit_trail_xlsx": Kind(
        title="Audit trail spreadsheet",
        builder="workforce.audit.views.trail_xlsx_file",
        asked_from=("Audit trail", "workforce:audit-trail", ()),
    ),
    "assessment_pdf": Kind(
        title="Assessment summary (PDF)",
        builder="competencies.assessments.views.assessment_pdf_file",
        asked_from=("The assessment", "competencies:assessment-detail", ("pk",)),
    ),
    "training_report_xlsx": Kind(
        title="Youth-led training report spreadsheet",
        builder="workforce.training.views.report_xlsx_file",
        asked_from=("Youth-led training report", "workforce:training-report", ()),
    ),
}
