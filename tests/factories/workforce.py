import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from workforce import models


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    username = factory.Sequence(lambda n: f"person{n}@example.org")
    email = factory.SelfAttribute("username")
    password = factory.django.Password("pathways-test-password")

    @factory.post_generation
    def kinds(self, create, extracted, **kwargs):
        """``UserFactory(kinds=[roles.LINE_MANAGER])`` puts the user in those kinds' groups."""
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=[kind.name for kind in extracted]))


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T{n:02d}")
    name = factory.Sequence(lambda n: f"Test region {n}")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Service
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Test Liaison and Diversion {n}")
    slug = factory.Sequence(lambda n: f"test-liaison-and-diversion-{n}")
    provider = "Test NHS Foundation Trust"
    region = factory.SubFactory(RegionFactory)


class StaffProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StaffProfile

    user = factory.SubFactory(UserFactory)
    service = factory.SubFactory(ServiceFactory)
    job_title = "Practitioner"


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.TrainingSession

    title = factory.Sequence(lambda n: f"Training session {n}")
    starts_at = factory.Faker("future_datetime", tzinfo=__import__("datetime").UTC)
    region = factory.SubFactory(RegionFactory)
    location = "Training room 1"
