"""The appraisal PDF: both ratings, what each side wrote, the plan and the sign-off, as a tagged PDF.

What a reader gets is read back from the PDF itself (its structure tree and the text under each table
cell), the way a screen reader would meet it, with ``tests.pdf_structure``.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from competencies.assessments import services
from competencies.assessments.views import assessment_pdf_file
from competencies.models import Assessment, EvidenceItem, PlanAction, Rating
from tests.factories.assessments import PlanActionFactory, appraisal_pdf, rate_all, sign_off, small_framework, start
from tests.factories.workforce import StaffProfileFactory, UserFactory
from tests.pdf_structure import PdfFile, assert_tagged_pdf

RATINGS_HEADER = ["Competence", "Role expects", "Own rating", "Manager's rating", "Meets it?"]
NOTES_HEADER = ["Competence", "What they wrote"]
PLAN_HEADER = ["Competence", "What they will do", "By when", "Status"]
SIGNED = ["Who", "Name", "What they did", "Date"]
TO_SIGN = [*SIGNED, "Signature"]
SUBMITTED_ON = datetime.datetime(2026, 3, 4, 10, tzinfo=datetime.UTC)
SIGNED_OFF_ON = datetime.datetime(2026, 3, 18, 10, tzinfo=datetime.UTC)


@pytest.fixture
def framework(db):
    return small_framework()


@pytest.fixture
def staff(world):
    profile = world.profile("staff_member")
    _rename(profile.user, "Sam", "Okafor")
    _rename(world.user("line_manager"), "Priya", "Shah")
    return profile


def _rename(user, first, last):
    user.first_name, user.last_name = first, last
    user.save(update_fields=["first_name", "last_name"])


def _submitted(staff, framework, **overrides) -> Assessment:
    assessment = rate_all(start(staff, framework, target=True), framework, value=3, **overrides)
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=SUBMITTED_ON)
    assessment.refresh_from_db()
    return assessment


def _signed_off(staff, framework, manager) -> Assessment:
    """The person rates C01 proficient, their manager developing; everything else competent on both sides."""
    assessment = sign_off(_submitted(staff, framework, C01=4), framework, manager, value=3, C01=2)
    Assessment.objects.filter(pk=assessment.pk).update(signed_off_at=SIGNED_OFF_ON)
    return assessment


def _pdf(client, user, assessment) -> PdfFile:
    client.force_login(user)
    return assert_tagged_pdf(
        appraisal_pdf(client, assessment),
        title=f"Appraisal: {assessment.staff.display_name}, Practitioner",
        tags=("H1", "H2", "H3", "Table", "TH", "TD"),
    )


def _rows(pdf: PdfFile, header: list[str]) -> list[list[str]]:
    """The rows, below the header, of every table with this header row (one table per domain, or per page)."""
    return [row for table in pdf.tables() if table and table[0] == header for row in table[1:]]


def test_appraisal_pdf_is_tagged_with_headings_tables_language_and_title(client, world, framework, staff):
    assessment = _signed_off(staff, framework, world.user("line_manager"))
    pdf = _pdf(client, staff.user, assessment)
    headings = [tag for tag in pdf.tags() if tag.startswith("H")]
    assert headings[0] == "H1" and headings.count("H1") == 1
    # One heading for each domain, under "Ratings, evidence and comments".
    assert headings.count("H3") == len(framework.domains)
    assert pdf.lang == "en-GB" and pdf.xmp_values() == {
        "pdfuaid:part": "1",
        "dc:title": "Appraisal: Sam Okafor, Practitioner",
    }


def test_appraisal_pdf_names_the_service_the_person_and_what_they_were_assessed_against(
    client, world, framework, staff
):
    assessment = _signed_off(staff, framework, world.user("line_manager"))
    pdf = _pdf(client, staff.user, assessment)
    assert pdf.text.startswith("L&D Pathways\nNHS Liaison and Diversion workforce\nWorld L&D\n")
    details = dict(pdf.tables()[0])
    assert details["Person"] == f"Sam Okafor, {staff.job_title}"
    assert details["Service"].startswith("World L&D, run by ")
    assert details["Role profile"] == "Practitioner (level 5)"
    assert details["Working towards"] == "Specialist practitioner (level 6)"
    assert details["Framework"] == str(framework.version)
    assert details["Started"] == f"{timezone.localdate(assessment.created_at):%-d %B %Y}"
    assert details["Submitted"] == "4 March 2026"
    assert details["Signed off"] == "18 March 2026 by Priya Shah"
    assert details["Status"] == "Signed off"


def test_signed_off_appraisal_names_who_submitted_and_who_signed_off_and_when(client, world, framework, staff):
    assessment = _signed_off(staff, framework, world.user("line_manager"))
    pdf = _pdf(client, world.user("line_manager"), assessment)
    assert "Signed off by Priya Shah on 18 March 2026." in pdf.text
    assert _rows(pdf, SIGNED) == [
        ["Person assessed", "Sam Okafor", "Submitted for review", "4 March 2026"],
        ["Manager", "Priya Shah", "Signed off", "18 March 2026"],
    ]
    assert not _rows(pdf, TO_SIGN)


@pytest.mark.parametrize(
    ("stage", "status", "person_row"),
    [
        (
            "submitted",
            "Not signed off yet: waiting for the manager's review since 4 March 2026.",
            ["Person assessed", "Sam Okafor", "Submitted for review", "4 March 2026", ""],
        ),
        (
            "returned",
            "Not signed off yet: returned to Sam Okafor to look at again.",
            ["Person assessed", "Sam Okafor", "Submitted for review", "4 March 2026", ""],
        ),
        (
            "draft",
            "Not signed off yet: still a draft, not submitted for review.",
            ["Person assessed", "Sam Okafor", "Not submitted yet", "", ""],
        ),
    ],
)
def test_appraisal_not_signed_off_says_so_and_leaves_lines_to_sign(
    client, world, framework, staff, stage, status, person_row
):
    assessment = start(staff, framework, target=True) if stage == "draft" else _submitted(staff, framework)
    if stage == "returned":
        services.assessment_return(assessment=assessment, by=world.user("line_manager"), message="Add court work.")
    pdf = _pdf(client, staff.user, assessment)
    assert status in pdf.text
    assert "Signed off by" not in pdf.text
    # Blank name, date and signature lines for the manager; the person's name is known already.
    assert _rows(pdf, TO_SIGN) == [person_row, ["Manager", "", "To sign off", "", ""]]
    assert dict(pdf.tables()[0])["Signed off"] == "Not signed off yet"


def test_both_ratings_show_as_scale_words_beside_the_level_the_role_expects(client, world, framework, staff):
    assessment = _signed_off(staff, framework, world.user("line_manager"))
    rows = _rows(_pdf(client, staff.user, assessment), RATINGS_HEADER)
    assert len(rows) == len(framework.competences)
    assert rows[0] == ["C01 Competence 1", "Competent", "Proficient", "Developing", "Not yet"]
    assert rows[1] == ["C02 Competence 2", "Competent", "Competent", "Competent", "Yes"]


def test_evidence_files_links_and_both_sides_comments_are_shown(client, world, framework, staff):
    assessment = _signed_off(staff, framework, world.user("line_manager"))
    rating = Rating.objects.get(assessment=assessment, competence__code="C01")
    rating.comment = "I find this harder when the person is very distressed."
    rating.manager_comment = "Agreed: shadow a specialist at court next month."
    rating.save(update_fields=["comment", "manager_comment"])
    EvidenceItem.objects.create(rating=rating, title="Court notes", link="https://example.org/court-notes")
    Rating.objects.filter(assessment=assessment, competence__code="C02").update(evidence="")
    notes = dict(_rows(_pdf(client, staff.user, assessment), NOTES_HEADER))
    assert notes["C01 Competence 1"] == (
        "Evidence: Evidence for C01 • Court notes (https://example.org/court-notes) "
        "Own comment: I find this harder when the person is very distressed. "
        "Manager's comment: Agreed: shadow a specialist at court next month."
    )
    assert notes["C03 Competence 3"] == "Evidence: Evidence for C03"
    # A competence nobody wrote about takes no row.
    assert "C02 Competence 2" not in notes


def test_plan_actions_show_with_their_status_and_due_date(client, world, framework, staff):
    assessment = _signed_off(staff, framework, world.user("line_manager"))
    today = timezone.localdate()
    later, late, done = (today + datetime.timedelta(days=days) for days in (40, -3, -9))
    first, second = framework.competences[:2]
    PlanActionFactory(assessment=assessment, competence=first, action="Shadow at youth court", due_date=later)
    PlanActionFactory(assessment=assessment, competence=second, action="Read the guidance", due_date=late)
    PlanActionFactory(assessment=assessment, action="Book supervision", due_date=done, status=PlanAction.Status.DONE)
    rows = _rows(_pdf(client, staff.user, assessment), PLAN_HEADER)
    assert rows == [
        ["General", "Book supervision", f"{done:%-d %b %Y}", "Done"],
        ["C02 Competence 2", "Read the guidance", f"{late:%-d %b %Y}", "Planned, overdue"],
        ["C01 Competence 1", "Shadow at youth court", f"{later:%-d %b %Y}", "Planned"],
    ]


def test_appraisal_pdf_holds_no_one_elses_assessment(client, world, framework, staff):
    manager = world.user("line_manager")
    colleague = StaffProfileFactory(
        user=UserFactory(first_name="Robin", last_name="Vance"),
        service=world.service,
        line_manager=world.profile("line_manager"),
        job_title="Practitioner",
    )
    theirs = _signed_off(colleague, framework, manager)
    Rating.objects.filter(assessment=theirs).update(comment="Robin's own private note")
    PlanActionFactory(assessment=theirs, action="Robin's plan to move teams")
    assessment = _signed_off(staff, framework, manager)
    for reader in (staff.user, manager):
        pdf = _pdf(client, reader, assessment)
        for text in ("Robin", "Vance", "private note", "move teams"):
            assert text not in pdf.text
    client.force_login(staff.user)
    assert client.post(reverse("competencies:assessment-pdf", args=[theirs.pk])).status_code == 404


def test_appraisal_pdf_queries_do_not_grow_with_evidence_comments_and_plan(client, world, framework, staff):
    counts = []
    for extra in (1, 4):
        person = StaffProfileFactory(service=world.service, line_manager=world.profile("line_manager"))
        assessment = _signed_off(person, framework, world.user("line_manager"))
        for rating in Rating.objects.filter(assessment=assessment)[:extra]:
            EvidenceItem.objects.create(rating=rating, title="Notes", link="https://example.org/notes")
            PlanActionFactory(assessment=assessment, competence=rating.competence)
        client.force_login(person.user)
        with CaptureQueriesContext(connection) as queries:
            assessment_pdf_file(user=person.user, parameters={"pk": assessment.pk}, progress=lambda text: None)
        counts.append(len(queries))
    assert counts[0] == counts[1]
