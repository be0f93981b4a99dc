import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories.competencies import CompetenceFactory
from workforce.models import Involvement, TrainingAttendance, TrainingSession, YoungExpert
from workforce.people import demo
from workforce.training import demo as demo_training


@pytest.mark.django_db
def test_demo_training_loads_twice_without_duplicates_and_links_competences():
    competence = CompetenceFactory(title="Communicating with young people")
    demo.load()
    demo_training.load()
    counts = (TrainingSession.objects.count(), TrainingAttendance.objects.count(), Involvement.objects.count())
    demo_training.load()
    assert (
        (TrainingSession.objects.count(), TrainingAttendance.objects.count(), Involvement.objects.count())
        == counts
        == (4, 12, 8)
    )
    assert YoungExpert.objects.get(display_name="Jay").user.email == demo_training.YOUNG_EXPERT_EMAIL
    custody = TrainingSession.objects.get(title="Talking with young people in custody")
    assert list(custody.competences.all()) == [competence]
    assert custody.attendances.filter(status="attended").count() == 4
    assert custody.attendances.get(walk_in=True).attendee.user.email == "kim.walsh@example.org"
    mo = YoungExpert.objects.get(display_name="Mo")
    assert mo.user.email == demo_training.SECOND_YOUNG_EXPERT_EMAIL
    assert mo.sessions.filter(starts_at__gt=timezone.now()).exists()
    full = TrainingSession.objects.get(title="What young people want from L&D")
    assert list(full.attendances.filter(status="waiting").values_list("attendee__user__email", flat=True)) == [
        "nia.jones@example.org"
    ]


@pytest.mark.django_db
def test_demo_young_expert_has_feedback_to_read_that_names_nobody(client):
    demo.load()
    demo_training.load()
    jay = YoungExpert.objects.get(display_name="Jay")
    bias = TrainingSession.objects.get(title="Unconscious bias and young people")
    client.force_login(jay.user)
    page = client.get(reverse("workforce:training-my-session", args=[bias.pk])).content.decode()
    assert demo_training.LEARNED[0] in page and "sit down at the young person" in page
    assert "Tom" not in page and "Aisha" not in page and "Leah" not in page
