"""Meetings gain times, a place and an online link, a calendar UID and sequence; members a calendar feed
token; coordinators interview packs.

Meetings recorded before keep their date and host, with no times: they show, and go to calendars, as
all-day events until a coordinator adds the times. Each gets its own UID, so calendars keep them apart.
"""

import django.core.validators
import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


def give_meetings_calendar_identities(apps, schema_editor):
    NetworkMeeting = apps.get_model("peernet", "NetworkMeeting")
    meetings = list(NetworkMeeting.objects.only("pk", "created_at"))
    for meeting in meetings:
        meeting.uid = uuid.uuid4()
        meeting.updated_at = meeting.created_at
    NetworkMeeting.objects.bulk_update(meetings, ["uid", "updated_at"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("competencies", "0002_assessments"),
        ("peernet", "0002_networks"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="InterviewPack",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=200)),
                (
                    "candidate_name",
                    models.CharField(
                        blank=True,
                        help_text="Leave blank to write it in by hand.",
                        max_length=200,
                        verbose_name="Candidate's name",
                    ),
                ),
                ("interview_date", models.DateField(blank=True, null=True)),
                (
                    "panel",
                    models.TextField(
                        blank=True,
                        help_text="One person per line, with their role. For example: Kim Walsh, chair",
                        verbose_name="Panel members",
                    ),
                ),
                (
                    "lowest_score",
                    models.PositiveSmallIntegerField(
                        choices=[(0, "0"), (1, "1")], default=0, help_text="The score for the first line of the scale."
                    ),
                ),
                (
                    "scale",
                    models.TextField(
                        default="No evidence\nLittle evidence\nSome evidence, with gaps\nGood evidence, with an example\nStrong evidence, with clear examples",
                        help_text="What each score means, one per line, from lowest to highest. Between 2 and 10 lines.",
                        verbose_name="Scoring scale",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "ordering": ["-interview_date", "-created_at"],
            },
        ),
        migrations.CreateModel(
            name="InterviewPackQuestion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField()),
            ],
            options={
                "ordering": ["position"],
            },
        ),
        migrations.AlterModelOptions(
            name="networkmeeting",
            options={"ordering": ["-date", "-start_time"]},
        ),
        migrations.AddField(
            model_name="networkmeeting",
            name="end_time",
            field=models.TimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="networkmeeting",
            name="location",
            field=models.CharField(
                blank=True,
                help_text="The address and room, for people who come in person.",
                max_length=300,
                verbose_name="Place",
            ),
        ),
        migrations.AddField(
            model_name="networkmeeting",
            name="online_url",
            field=models.URLField(
                blank=True,
                help_text="The link to join online.",
                max_length=500,
                validators=[
                    django.core.validators.URLValidator(
                        message="Enter a web link that starts with https://", schemes=["https"]
                    )
                ],
                verbose_name="Online link",
            ),
        ),
        migrations.AddField(
            model_name="networkmeeting",
            name="sequence",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="networkmeeting",
            name="start_time",
            field=models.TimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="networkmeeting",
            name="uid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="networkmeeting",
            name="updated_at",
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.RunPython(give_meetings_calendar_identities, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="networkmeeting",
            name="uid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AddField(
            model_name="networkmembership",
            name="calendar_token",
            field=models.CharField(blank=True, editable=False, max_length=64, null=True, unique=True),
        ),
        migrations.AddConstraint(
            model_name="networkmeeting",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("end_time__isnull", True), ("start_time__isnull", True)),
                    models.Q(
                        ("end_time__gt", models.F("start_time")),
                        ("end_time__isnull", False),
                        ("start_time__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="meeting_ends_after_it_starts",
                violation_error_message="The meeting must end after it starts.",
            ),
        ),
        migrations.AddField(
            model_name="interviewpack",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="interviewpack",
            name="network",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="interview_packs", to="peernet.network"
            ),
        ),
        migrations.AddField(
            model_name="interviewpack",
            name="role_profile",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="interview_packs",
                to="competencies.roleprofile",
            ),
        ),
        migrations.AddField(
            model_name="interviewpackquestion",
            name="pack",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="items", to="peernet.interviewpack"
            ),
        ),
        migrations.AddField(
            model_name="interviewpackquestion",
            name="question",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="pack_items", to="peernet.interviewquestion"
            ),
        ),
        migrations.AddField(
            model_name="interviewpack",
            name="questions",
            field=models.ManyToManyField(
                related_name="packs", through="peernet.InterviewPackQuestion", to="peernet.interviewquestion"
            ),
        ),
        migrations.AddConstraint(
            model_name="interviewpackquestion",
            constraint=models.UniqueConstraint(fields=("pack", "question"), name="question_once_per_pack"),
        ),
        migrations.AddConstraint(
            model_name="interviewpackquestion",
            constraint=models.UniqueConstraint(fields=("pack", "position"), name="one_question_per_place_in_pack"),
        ),
    ]
