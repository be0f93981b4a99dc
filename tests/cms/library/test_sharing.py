"""Members share resources from the app and change what their service holds; a coordinator of the network
approves each version before anyone else sees it, or sends it back with a note."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.documents.models import Document

from cms.library.resource import ResourcePage
from cms.library.sharing import ResourceReview
from tests.factories.networks import MP3, NetworkFactory, add_member, hub_for, publish_resource
from tests.factories.workforce import ServiceFactory, StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% a small guide\n"


@pytest.fixture
def people():
    network = NetworkFactory(name="Coast peer network")
    hub_for(network)
    service = ServiceFactory(name="Harbour L&D")
    sharer = StaffProfileFactory(user=UserFactory(first_name="Ellis", last_name="Ward"), service=service).user
    coordinator = StaffProfileFactory(user=UserFactory(email="kim@example.org")).user
    reader = StaffProfileFactory(user=UserFactory()).user
    add_member(network, sharer)
    add_member(network, coordinator, coordinator=True)
    add_member(network, reader)
    return {"network": network, "sharer": sharer, "coordinator": coordinator, "reader": reader, "service": service}


def _share(client, network, **fields):
    data = {
        "network": network.pk,
        "resource_type": "guide",
        "title": "Running an induction day",
        "summary": "How we welcome six new volunteers at once.",
        "body_text": "We start at ten.\n\nLunch is on us.",
        "visibility": "networks",
        "role_profile": "",
        "transcript": "",
    }
    data.update(fields)
    return client.post(reverse("library:resource-share"), data)


def _titles(client):
    return [resource.title for resource in client.get(reverse("library:resource-list")).context["page"]]


def test_a_shared_resource_waits_for_a_coordinator_and_nobody_else_sees_it(
    client, people, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(people["sharer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = _share(client, people["network"], files=[SimpleUploadedFile("induction.pdf", PDF)])
    assert response.status_code == 302 and response.url == reverse("library:service-library")

    resource = ResourcePage.objects.get()
    assert not resource.live and resource.service == people["service"] and resource.network == people["network"]
    review = ResourceReview.objects.get()
    assert review.waiting and review.is_new and review.submitted_by == people["sharer"]
    assert [message.to for message in mailoutbox] == [["kim@example.org"]]
    assert reverse("library:resource-review", args=[review.pk]) in mailoutbox[0].body
    # The file went into the network's private collection, under a name the server chose.
    document = Document.objects.get()
    assert document.collection == people["network"].collection and document.file_size == len(PDF)

    page = client.get(reverse("library:service-library")).content.decode()
    assert "Running an induction day" in page and "Waiting for a coordinator" in page
    client.force_login(people["reader"])
    assert "Running an induction day" not in _titles(client)
    assert client.get(resource.url).status_code == 404


def test_the_coordinator_approves_and_everyone_it_is_for_sees_it(
    client, people, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(people["sharer"])
    _share(client, people["network"])
    review = ResourceReview.objects.get()

    client.force_login(people["coordinator"])
    waiting = client.get(reverse("library:resource-reviews")).content.decode()
    assert "Running an induction day" in waiting and "Sent by Ellis Ward" in waiting
    page = client.get(reverse("library:resource-review", args=[review.pk])).content.decode()
    assert "<p>We start at ten.</p><p>Lunch is on us.</p>" in page and "Members of every network" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("library:resource-review", args=[review.pk]), {"decision": "approve"})
    assert response.status_code == 302

    review.refresh_from_db()
    assert review.decision == ResourceReview.Decision.APPROVED and review.decided_by == people["coordinator"]
    assert ResourcePage.objects.get().live
    assert mailoutbox[-1].to == [people["sharer"].email] and "approved" in mailoutbox[-1].body
    client.force_login(people["reader"])
    assert "Running an induction day" in _titles(client)
    client.force_login(people["coordinator"])
    assert "Nothing is waiting for you." in client.get(reverse("library:resource-reviews")).content.decode()


def test_sent_back_with_a_note_then_changed_and_sent_again(
    client, people, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(people["sharer"])
    _share(client, people["network"])
    review = ResourceReview.objects.get()
    url = reverse("library:resource-review", args=[review.pk])

    client.force_login(people["coordinator"])
    refused = client.post(url, {"decision": "return", "note": "  "})
    assert refused.status_code == 400 and "Say what needs to change" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": "return", "note": "Please take out the volunteers' names."})
    review.refresh_from_db()
    assert review.decision == ResourceReview.Decision.RETURNED
    assert "Please take out the volunteers' names." in mailoutbox[-1].body
    assert not ResourcePage.objects.get().live
    # A decided version cannot be decided again.
    client.post(url, {"decision": "approve"})
    assert not ResourcePage.objects.get().live

    client.force_login(people["sharer"])
    resource = ResourcePage.objects.get()
    assert "Sent back" in client.get(reverse("library:service-library")).content.decode()
    edit = client.get(reverse("library:resource-edit", args=[resource.pk])).content.decode()
    assert "A coordinator asked for changes" in edit and "take out the volunteers" in edit
    response = client.post(
        reverse("library:resource-edit", args=[resource.pk]),
        {
            "title": "Running an induction day",
            "summary": "How we welcome six new volunteers at once, without names.",
            "body_text": "We start at ten.",
            "visibility": "networks",
            "role_profile": "",
        },
    )
    assert response.status_code == 302
    again = ResourceReview.objects.waiting().get()
    assert again.pk != review.pk and again.is_new
    assert again.revision.as_object().summary.endswith("without names.")


def test_a_change_to_a_shared_resource_leaves_the_published_version_until_approved(client, people):
    resource = publish_resource(people["network"], title="Volunteer advert", service=people["service"])
    client.force_login(people["sharer"])
    response = client.post(
        reverse("library:resource-edit", args=[resource.pk]),
        {
            "title": "Volunteer advert for spring",
            "summary": "Our spring advert.",
            "body_text": "",
            "visibility": "network",
            "role_profile": "",
        },
    )
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.title == "Volunteer advert" and resource.live
    review = ResourceReview.objects.get()
    assert not review.is_new

    client.force_login(people["coordinator"])
    page = client.get(reverse("library:resource-review", args=[review.pk])).content.decode()
    assert "Changes to a job description" in page and "The version people see now" in page
    client.post(reverse("library:resource-review", args=[review.pk]), {"decision": "approve"})
    resource.refresh_from_db()
    assert resource.title == "Volunteer advert for spring"


def test_a_body_made_in_the_editor_is_kept_when_a_member_changes_the_rest(client, people):
    body = [("rich_text", "<ul><li>Step one</li><li>Step two</li></ul>")]
    resource = publish_resource(people["network"], title="Steps", service=people["service"], body=body)
    client.force_login(people["sharer"])
    form = client.get(reverse("library:resource-edit", args=[resource.pk]))
    assert "body_text" not in form.context["form"].fields
    assert "stays as it is" in form.content.decode()
    client.post(
        reverse("library:resource-edit", args=[resource.pk]),
        {"title": "Steps", "summary": "New summary.", "visibility": "network", "role_profile": ""},
    )
    draft = ResourceReview.objects.get().revision.as_object()
    assert draft.summary == "New summary." and draft.body[0].value.source == body[0][1]


def test_an_upload_that_is_not_what_its_name_says_is_refused_and_nothing_is_kept(client, people):
    client.force_login(people["sharer"])
    disguised = SimpleUploadedFile("guide.pdf", b"<html><script>alert(1)</script></html>")
    response = _share(client, people["network"], files=[disguised])
    assert response.status_code == 200
    assert "guide.pdf:" in " ".join(response.context["form"].errors["files"])
    assert not ResourcePage.objects.exists() and not Document.objects.exists()


def test_a_podcast_needs_its_audio_and_a_transcript(client, people):
    client.force_login(people["sharer"])
    response = _share(client, people["network"], resource_type="podcast")
    errors = response.context["form"].errors
    assert "Attach the episode's audio file (MP3, M4A, OGG or WAV) under Files" in " ".join(errors["files"])
    assert "Add the transcript" in " ".join(errors["transcript"])
    response = _share(
        client,
        people["network"],
        resource_type="podcast",
        transcript="Sam: Hello.",
        files=[SimpleUploadedFile("episode.mp3", MP3)],
    )
    assert response.status_code == 302
    assert ResourceReview.objects.get().revision.as_object().transcript == "Sam: Hello."


def test_nobody_shares_into_a_network_they_are_not_in(client, people):
    elsewhere = NetworkFactory(name="Inland peer network")
    hub_for(elsewhere)
    client.force_login(people["sharer"])
    response = _share(client, elsewhere)
    assert response.status_code == 200 and "network" in response.context["form"].errors
    assert not ResourcePage.objects.exists()


def test_another_networks_coordinator_cannot_see_or_decide(client, people):
    client.force_login(people["sharer"])
    _share(client, people["network"])
    review = ResourceReview.objects.get()
    other = StaffProfileFactory().user
    add_member(NetworkFactory(), other, coordinator=True)
    client.force_login(other)
    assert client.get(reverse("library:resource-reviews")).context["reviews"].count() == 0
    assert client.get(reverse("library:resource-review", args=[review.pk])).status_code == 404
    assert client.post(reverse("library:resource-review", args=[review.pk]), {"decision": "approve"}).status_code == 404
    assert not ResourcePage.objects.get().live


def test_the_waiting_list_costs_the_same_however_long_it_is(client, people, django_assert_num_queries):
    client.force_login(people["sharer"])
    _share(client, people["network"], title="First")
    client.force_login(people["coordinator"])
    url = reverse("library:resource-reviews")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    one_waiting = len(few)
    assert one_waiting > 0
    client.force_login(people["sharer"])
    for number in range(4):
        _share(client, people["network"], title=f"More {number}")
    client.force_login(people["coordinator"])
    client.get(url)
    with django_assert_num_queries(one_waiting):
        page = client.get(url)
    assert page.context["reviews"].count() == 5


def test_home_shows_the_coordinator_what_waits_and_the_sharer_what_came_back(client, people):
    client.force_login(people["sharer"])
    _share(client, people["network"], title="Induction checklist")
    client.force_login(people["coordinator"])
    home = client.get(reverse("my-home")).content.decode()
    assert "Resources waiting for your approval" in home and "Induction checklist, from Harbour L&amp;D." in home
    review = ResourceReview.objects.get()
    client.post(reverse("library:resource-review", args=[review.pk]), {"decision": "return", "note": "Add a date."})
    assert "Resources waiting for your approval" not in client.get(reverse("my-home")).content.decode()

    client.force_login(people["sharer"])
    home = client.get(reverse("my-home")).content.decode()
    assert "A coordinator sent back Induction checklist: Add a date." in home
    assert reverse("library:resource-edit", args=[review.resource_id]) in home


def test_home_costs_the_coordinator_the_same_for_one_or_many_waiting(client, people):
    counts = []
    for total in (1, 7):
        client.force_login(people["sharer"])
        while ResourceReview.objects.count() < total:
            _share(client, people["network"], title=f"Guide {ResourceReview.objects.count()}")
        client.force_login(people["coordinator"])
        client.get(reverse("my-home"))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("my-home")).status_code == 200
        counts.append(len(queries))
    # Past the few it lists, the home page counts the rest: one query more, whatever the number.
    assert counts[1] == counts[0] + 1, counts
