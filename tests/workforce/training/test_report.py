import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories.competencies import CompetenceFactory
from tests.factories.training import AttendanceFactory, InvolvementFactory, YoungExpertFactory, YouthSessionFactory
from tests.factories.workforce import StaffProfileFactory
from workforce.training import services
from workforce.training.selectors import attended_sessions_for, report_figures

pytestmark = pytest.mark.django_db
NOW = timezone.now()


@pytest.fixture
def data():
    """Two sessions held and one to come; three professionals, one of whom went to both sessions."""
    listening, bias = CompetenceFactory(code="YP1", title="Listening"), CompetenceFactory(code="YP2", title="Bias")
    jay, mo = YoungExpertFactory(display_name="Jay"), YoungExpertFactory(display_name="Mo")
    first = YouthSessionFactory(
        title="First",
        starts_at=NOW - datetime.timedelta(days=100),
        young_experts=[jay, mo],
        competences=[listening, bias],
    )
    second = YouthSessionFactory(
        title="Second", starts_at=NOW - datetime.timedelta(days=10), young_experts=[jay, mo], competences=[listening]
    )
    YouthSessionFactory(title="Coming up", young_experts=[jay, mo])
    ann, bob, cat = StaffProfileFactory.create_batch(3)
    a1 = AttendanceFactory(session=first, attendee=ann, status="attended")
    AttendanceFactory(session=first, attendee=bob, status="attended")
    AttendanceFactory(session=first, attendee=cat, status="absent")
    a2 = AttendanceFactory(session=second, attendee=ann, status="attended")
    AttendanceFactory(session=second, attendee=cat, status="attended")
    services.attendee_feedback_give(
        attendance=a1, learned="x", will_do_differently="y", confidence={listening: (1, 4), bias: (2, 3)}
    )
    services.attendee_feedback_give(attendance=a2, learned="x", will_do_differently="y", confidence={listening: (3, 4)})
    InvolvementFactory(young_expert=jay, session=first, hours=Decimal("2"))
    InvolvementFactory(young_expert=jay, kind="preparation", hours=Decimal("1.5"))
    InvolvementFactory(young_expert=mo, session=first, hours=Decimal("2"))
    InvolvementFactory(young_expert=mo, kind="travel", hours=Decimal("0.75"))
    services.young_expert_feedback_give(session=first, young_expert=jay, voice="yes", audience="partly", influence="no")
    services.young_expert_feedback_give(session=first, young_expert=mo, voice="yes", audience="yes", influence="partly")
    a1.follow_up_sent_at = NOW
    a1.save()
    services.follow_up_answer(attendance=a1, what_changed='=HYPERLINK("http://example.org") I slow down')
    return {"ann": ann, "first": first, "second": second, "listening": listening, "bias": bias}


def test_report_figures_match_the_data(data):
    figures = report_figures()
    assert figures["session_count"] == 2
    assert [row["title"] for row in figures["sessions"]] == ["First", "Second"]
    assert [row["attended"] for row in figures["sessions"]] == [2, 2]
    assert figures["professionals_reached"] == 3
    assert figures["feedback_count"] == 2
    assert figures["total_hours"] == Decimal("6.25")
    assert [(row["name"], row["delivering"], row["total"]) for row in figures["hours"]] == [
        ("Jay", Decimal("2"), Decimal("3.5")),
        ("Mo", Decimal("2"), Decimal("2.75")),
    ]
    assert [
        (row["code"], row["responses"], row["before"], row["after"], row["change"]) for row in figures["confidence"]
    ] == [("YP1", 2, 2.0, 4.0, 2.0), ("YP2", 1, 2.0, 3.0, 1.0)]
    assert [row["answer"] for row in figures["follow_ups"]] == ['=HYPERLINK("http://example.org") I slow down']
    assert figures["young_expert_feedback_count"] == 2
    assert [(row["yes"], row["partly"], row["no"]) for row in figures["young_expert_views"]] == [
        (2, 0, 0),
        (1, 1, 0),
        (0, 1, 1),
    ]


def test_report_page_shows_the_figures_with_a_chart_and_a_table(world, client, data):
    client.force_login(world.user("participation_lead"))
    page = client.get(reverse("workforce:training-report")).content.decode()
    assert 'data-figure="professionals">3<' in page and 'data-figure="hours">6.25 hours<' in page
    assert 'id="confidence-chart"' in page and 'id="confidence-table"' in page
    assert "plotly-cartesian" in page


def test_report_queries_do_not_grow(world, client, data, django_assert_max_num_queries):
    client.force_login(world.user("participation_lead"))
    with django_assert_max_num_queries(14):
        client.get(reverse("workforce:training-report"))
    for _ in range(5):
        session = YouthSessionFactory(starts_at=NOW - datetime.timedelta(days=3))
        AttendanceFactory(session=session, status="attended")
    with django_assert_max_num_queries(14):
        client.get(reverse("workforce:training-report"))


def _made_spreadsheet(client, data=None):
    """Ask for the spreadsheet with the report's form; it is made (at once, in tests) for its download page."""
    progress = client.post(reverse("workforce:training-report-xlsx"), data or {})
    assert progress.status_code == 302
    download = client.get(progress.url).context["download"]
    return client.get(reverse("workforce:download-file", args=[download.pk]))


def test_spreadsheet_has_the_figures_and_is_formula_safe(world, client, data):
    client.force_login(world.user("participation_lead"))
    response = _made_spreadsheet(client)
    workbook = load_workbook(io.BytesIO(response.content))
    summary = {row[0]: row[1] for row in workbook["Summary"].iter_rows(values_only=True)}
    assert summary["Professionals reached"] == 3 and summary["Young experts' hours"] == 6.25
    confidence = list(workbook["Confidence"].iter_rows(values_only=True))
    assert confidence[1] == ("YP1", "Listening", 2, 2.0, 4.0, 2.0)
    assert list(workbook["Young experts' views"].iter_rows(min_row=2, values_only=True))[2] == (
        "Do you think it will make a difference?",
        0,
        1,
        1,
    )
    answer = workbook["Follow-up answers"].cell(row=2, column=3)
    assert answer.data_type == "s" and answer.value.startswith("'=HYPERLINK")


def test_attended_sessions_are_evidence_by_competence_code(data):
    evidence = attended_sessions_for(staff_profile=data["ann"], competence_codes=["YP1", "YP2", "YP9"])
    assert set(evidence) == {"YP1", "YP2"}
    assert [a.session.title for a in evidence["YP1"]] == ["Second", "First"]
    assert [a.session.title for a in evidence["YP2"]] == ["First"]
    assert all(a.status == "attended" for attendances in evidence.values() for a in attendances)


def test_absence_and_sign_up_are_not_evidence():
    competence = CompetenceFactory(code="YP1")
    person = StaffProfileFactory()
    AttendanceFactory(attendee=person, status="absent", session=YouthSessionFactory(competences=[competence]))
    AttendanceFactory(attendee=person, status="signed_up", session=YouthSessionFactory(competences=[competence]))
    assert attended_sessions_for(staff_profile=person, competence_codes=["YP1"]) == {}


def test_report_for_a_period_counts_only_what_happened_in_it(data):
    since = (NOW - datetime.timedelta(days=20)).date()
    figures = report_figures(start=since)
    assert [row["title"] for row in figures["sessions"]] == ["Second"]
    assert figures["professionals_reached"] == 2
    assert figures["feedback_count"] == 1
    assert [(row["code"], row["responses"], row["before"], row["after"]) for row in figures["confidence"]] == [
        ("YP1", 1, 3.0, 4.0)
    ]
    assert figures["follow_ups"] == []
    assert figures["young_expert_feedback_count"] == 0
    assert report_figures(end=since - datetime.timedelta(days=1))["session_count"] == 1


def test_report_page_and_spreadsheet_use_the_period_asked_for(world, client, data):
    client.force_login(world.user("participation_lead"))
    since = (NOW - datetime.timedelta(days=20)).date().isoformat()
    page = client.get(reverse("workforce:training-report"), {"start": since}).content.decode()
    assert 'data-figure="professionals">2<' in page
    assert f'<input type="hidden" name="start" value="{since}">' in page
    response = _made_spreadsheet(client, {"start": since})
    summary = {
        row[0]: row[1] for row in load_workbook(io.BytesIO(response.content))["Summary"].iter_rows(values_only=True)
    }
    assert summary["Professionals reached"] == 2
    page = client.get(reverse("workforce:training-report"), {"start": "2026-05-01", "end": "2026-04-01"})
    assert "The end of the period must be on or after its start." in page.content.decode()
