from competencies.assessments import demo
from competencies.models import Assessment
from tests.factories.assessments import small_framework
from workforce.people import demo as workforce_demo


def test_demo_assessments_cover_every_stage_and_load_twice(db, capsys):
    small_framework()
    workforce_demo.load()
    demo.load()
    demo.load()
    statuses = {
        a.staff.user.email.split("@")[0]: a.status
        for a in Assessment.objects.select_related("staff__user").order_by("created_at")
    }
    assert statuses["tom.reid"] == Assessment.Status.DRAFT
    assert statuses["aisha.khan"] == Assessment.Status.SUBMITTED
    assert statuses["dan.evans"] == Assessment.Status.SIGNED_OFF
    assert statuses["ellis.ward"] == Assessment.Status.RETURNED
    tom = Assessment.objects.filter(staff__user__email="tom.reid@example.org")
    assert tom.count() == 3
    # Two of them shared, so the demo staff member's My progress draws lines.
    assert tom.shared().count() == 2
    assert tom.first().ratings.filter(carried_forward=True).exists()
    dan = Assessment.objects.get(staff__user__email="dan.evans@example.org")
    assert dan.role_profile.code == "specialist"


def test_demo_skips_quietly_without_a_published_framework(db, capsys):
    workforce_demo.load()
    demo.load()
    assert "No published framework version yet" in capsys.readouterr().out
    assert not Assessment.objects.exists()
