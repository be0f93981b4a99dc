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


KINDS = {
    "team_heatmap_xlsx": Kind(
        title="Team competences spreadsheet", builder="competencies.assessments.views.team_xlsx_file"
    ),
    "audit_trail_xlsx": Kind(title="Audit trail spreadsheet", builder="workforce.audit.views.trail_xlsx_file"),
    "assessment_pdf": Kind(
        title="Assessment summary (PDF)", builder="competencies.assessments.views.assessment_pdf_file"
    ),
    "training_report_xlsx": Kind(
        title="Youth-led training report spreadsheet", builder="workforce.training.views.report_xlsx_file"
    ),
}
