import pytest

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
        == (3, 7, 8)
    )
    assert YoungExpert.objects.get(display_name="Jay").user.email == demo_training.YOUNG_EXPERT_EMAIL
    custody = TrainingSession.objects.get(title="Talking with young people in custody")
    assert list(custody.competences.all()) == [competence]
    assert custody.attendances.filter(status="attended").count() == 3
