import factory

from competencies import models


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Framework
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Test framework {n}")
    slug = factory.Sequence(lambda n: f"test-framework-{n}")


class FrameworkVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FrameworkVersion

    framework = factory.SubFactory(FrameworkFactory)
    number = factory.Sequence(lambda n: n + 1)
    status = models.FrameworkVersion.Status.PUBLISHED


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ServiceArea

    version = factory.SubFactory(FrameworkVersionFactory)
    code = factory.Sequence(lambda n: f"area-{n}")
    name = "Liaison and Diversion"


class CareerLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CareerLevel

    version = factory.SubFactory(FrameworkVersionFactory)
    number = 5
    title = "Practitioner"


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Role

    version = factory.SubFactory(FrameworkVersionFactory)
    code = factory.Sequence(lambda n: f"role-{n}")
    name = factory.Sequence(lambda n: f"Role {n}")


class RoleProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RoleProfile

    version = factory.SubFactory(FrameworkVersionFactory)
    code = factory.Sequence(lambda n: f"profile-{n}")
    title = factory.Sequence(lambda n: f"Role profile {n}")
    role = factory.SubFactory(RoleFactory, version=factory.SelfAttribute("..version"))
    level = factory.SubFactory(CareerLevelFactory, version=factory.SelfAttribute("..version"))
    service_area = factory.SubFactory(ServiceAreaFactory, version=factory.SelfAttribute("..version"))


class CompetenceDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CompetenceDomain

    version = factory.SubFactory(FrameworkVersionFactory)
    code = factory.Sequence(lambda n: f"D{n}")
    name = factory.Sequence(lambda n: f"Domain {n}")


class CompetenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Competence

    version = factory.SubFactory(FrameworkVersionFactory)
    domain = factory.SubFactory(CompetenceDomainFactory, version=factory.SelfAttribute("..version"))
    code = factory.Sequence(lambda n: f"C{n:03d}")
    title = factory.Sequence(lambda n: f"Competence {n}")


class ScaleValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ScaleValue

    version = factory.SubFactory(FrameworkVersionFactory)
    value = factory.Sequence(lambda n: n)
    label = factory.Sequence(lambda n: f"Level {n}")


class ExpectationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Expectation

    role_profile = factory.SubFactory(RoleProfileFactory)
    competence = factory.SubFactory(CompetenceFactory, version=factory.SelfAttribute("..role_profile.version"))
    proficiency = factory.SubFactory(ScaleValueFactory, version=factory.SelfAttribute("..role_profile.version"))
