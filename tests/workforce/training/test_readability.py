"""Every page a young expert sees in youth-led training reads at Flesch–Kincaid grade 6 or below.

Pages are rendered with the kind of content they carry in use (the demo's session titles, what professionals
wrote), because a page's grade is the grade of everything on it.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories.competencies import CompetenceFactory
from tests.factories.training import AttendanceFactory, InvolvementFactory, YoungExpertFactory, YouthSessionFactory
from tests.factories.workforce import StaffProfileFactory, UserFactory
from tests.readability import hardest_blocks, page_grade
from workforce.training import services

pytestmark = pytest.mark.django_db
NOW = timezone.now()
GRADE = 6

LEARNED = [
    "How custody feels to a young person, and why they may not say much at first.",
    "Young people want us to be on time and to do what we say.",
    "That a missed meeting may mean something is wrong at home.",
    "To listen first and ask what they need.",
]
WILL_DO = [
    "Explain each step in plain words and check they understood.",
    "Call before I close a case.",
    "Sit down with them, not stand over them.",
    "Ask them where they want to meet.",
]
CHANGED = [
    "I sit down at the young person's level in custody and ask what they need.",
    "I call or visit before I close a case.",
    "I use fewer long words.",
]


@pytest.fixture
def jay():
    expert = YoungExpertFactory(display_name="Jay", user=UserFactory())
    mo = YoungExpertFactory(display_name="Mo")
    listening = CompetenceFactory(title="Talking with children and young people")
    held = YouthSessionFactory(
        title="Talking with young people in custody",
        starts_at=NOW - datetime.timedelta(days=100),
        young_experts=[expert, mo],
        competences=[listening],
    )
    for index in range(9):
        # Fixed names: the page takes attendees' names out of what they wrote, so a generated name that is
        # also a word in the feedback ("May", "Young") would change the text the test looks for.
        attendee = StaffProfileFactory(user=UserFactory(first_name="Zeb", last_name=f"Quillon{index}"))
        attendance = AttendanceFactory(session=held, attendee=attendee, status="attended")
        services.attendee_feedback_give(
            attendance=attendance,
            learned=LEARNED[index % len(LEARNED)],
            will_do_differently=WILL_DO[index % len(WILL_DO)],
            confidence={listening: (2, 4)},
        )
        if index < len(CHANGED):
            attendance.follow_up_sent_at = NOW
            attendance.save()
            services.follow_up_answer(attendance=attendance, what_changed=CHANGED[index])
    InvolvementFactory(young_expert=expert, session=held, hours=Decimal("2"), date=timezone.localdate(held.starts_at))
    InvolvementFactory(young_expert=expert, session=held, kind="preparation", hours=Decimal("1.5"))
    coming = YouthSessionFactory(title="What young people want from training", young_experts=[expert, mo], online=True)
    services.you_said_we_did_save(
        recorded_by=UserFactory(),
        you_said="Do not close our case when we miss one appointment. Find out why first.",
        we_did="Staff now call or visit before they close a case after a missed appointment.",
    )
    return {"expert": expert, "held": held, "coming": coming}


def _pages(jay):
    held, coming = jay["held"], jay["coming"]
    return {
        "my involvement": reverse("workforce:training-my-involvement"),
        "a session they ran": reverse("workforce:training-my-session", args=[held.pk]),
        "a session to come": reverse("workforce:training-my-session", args=[coming.pk]),
        "their feedback form": reverse("workforce:training-my-feedback", args=[held.pk]),
    }


@pytest.mark.parametrize("name", ["my involvement", "a session they ran", "a session to come", "their feedback form"])
def test_young_expert_pages_read_at_grade_6_or_below(client, jay, name):
    client.force_login(jay["expert"].user)
    response = client.get(_pages(jay)[name])
    assert response.status_code == 200
    html = response.content.decode()
    grade = page_grade(html)
    assert grade <= GRADE, f"{name} reads at grade {grade:.1f}. Hardest parts: {hardest_blocks(html)}"


def test_the_feedback_page_shows_what_people_said(client, jay):
    client.force_login(jay["expert"].user)
    page = client.get(reverse("workforce:training-my-session", args=[jay["held"].pk])).content.decode()
    assert LEARNED[0] in page and CHANGED[0].replace("'", "&#x27;") in page
