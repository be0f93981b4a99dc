import datetime

import factory

from peernet import models
from peernet.services import networks as services
from tests.factories.competencies import CompetenceFactory
from tests.factories.workforce import RegionFactory, UserFactory


class NetworkFactory(factory.django.DjangoModelFactory):
    """Networks are made through the service, so each has its editors group and private collection."""

    class Meta:
        model = models.Network

    name = factory.Sequence(lambda n: f"Test peer network {n}")
    region = factory.SubFactory(RegionFactory)

    @classmethod
    def _create(cls, model_class, *args, services_=None, **kwargs):
        return services.network_upsert(
            name=kwargs["name"], region=kwargs["region"], summary=kwargs.get("summary", ""), services=services_
        )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.NetworkMembership

    network = factory.SubFactory(NetworkFactory)
    user = factory.SubFactory(UserFactory)
    status = models.NetworkMembership.Status.APPROVED
    role = models.NetworkMembership.Role.MEMBER


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.NetworkMeeting

    network = factory.SubFactory(NetworkFactory)
    title = factory.Sequence(lambda n: f"Network meeting {n}")
    date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=14))
    agenda = "Welcome\nRecruiting volunteers"


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.NetworkSubscription

    network = factory.SubFactory(NetworkFactory)
    email = factory.Sequence(lambda n: f"reader{n}@example.net")
    confirmed_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))


class InterviewQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.InterviewQuestion

    competence = factory.SubFactory(CompetenceFactory)
    question = factory.Sequence(lambda n: f"Tell us about a time you supported someone at court ({n}).")
    good_answer = "Keeps the person's own goals in the centre."


def add_member(network, user, coordinator=False):
    return services.membership_add(network=network, user=user, coordinator=coordinator)
