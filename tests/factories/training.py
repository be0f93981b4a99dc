import datetime

import factory
from django.utils import timezone

from tests.factories.workforce import RegionFactory, StaffProfileFactory, UserFactory
from workforce import models


class YouthOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.YouthOrganisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Youth voice project {n}")
    contact = factory.SubFactory(UserFactory)


class YoungExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.YoungExpert

    display_name = factory.Sequence(lambda n: f"Young expert {n}")
    age_band = models.YoungExpert.AgeBand.SIXTEEN_SEVENTEEN
    organisation = factory.SubFactory(YouthOrganisationFactory)
    consent = True
    safeguarding_contact = "Dee Owens, youth worker, 07700 900123"
    recognition = models.YoungExpert.Recognition.VOUCHER


class YouthSessionFactory(factory.django.DjangoModelFactory):
    """A youth-led session co-delivered by two young experts."""

    class Meta:
        model = models.TrainingSession
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Talking with young people {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    region = factory.SubFactory(RegionFactory)
    location = "Training room 1"
    youth_led = True
    capacity = 20

    @factory.post_generation
    def young_experts(self, create, extracted, **kwargs):
        if create:
            self.young_experts.set(extracted if extracted is not None else YoungExpertFactory.create_batch(2))

    @factory.post_generation
    def competences(self, create, extracted, **kwargs):
        if create and extracted:
            self.competences.set(extracted)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.TrainingAttendance

    session = factory.SubFactory(YouthSessionFactory)
    attendee = factory.SubFactory(StaffProfileFactory)
    status = models.TrainingAttendance.Status.SIGNED_UP


class InvolvementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Involvement

    young_expert = factory.SubFactory(YoungExpertFactory)
    kind = models.Involvement.Kind.SESSION
    date = factory.LazyFunction(timezone.localdate)
    hours = 2
