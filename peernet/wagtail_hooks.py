"""Peer networks and peer records in the Wagtail admin.

Administrators set networks up and record meetings here; a network's editors group and private collection
are made with it (``network_upsert``).

Peer records are for superusers alone (no group holds their model permissions; coordinators work in the
app, where its rules apply), to reassign coordinators or correct a case. Journeys move only through the
coordinator's pages (so stage history is kept), so the admin edits who looks after a peer and case
allocations. The allocation form runs the model's own clean, so a volunteer
is refused anything but a low-risk case here too.
"""

from wagtail import hooks
from wagtail.admin.views.generic import CreateView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from peernet.models import CaseAllocation, Network, NetworkMeeting, Peer
from peernet.networks.services import network_upsert

# --- Peer journeys ---


class PeerViewSet(ModelViewSet):
    model = Peer
    name = "peers"
    icon = "user"
    menu_label = "Peers"
    form_fields = ["display_name", "paid", "service", "coordinator", "cover_coordinator", "user"]
    list_display = ["display_name", "service", "coordinator", "stage"]
    list_filter = ["service", "paid", "stage"]
    search_fields = ["display_name"]
    inspect_view_enabled = False


class CaseAllocationViewSet(ModelViewSet):
    model = CaseAllocation
    name = "case-allocations"
    icon = "clipboard-list"
    menu_label = "Case allocations"
    form_fields = ["peer", "case_reference", "setting", "risk", "allocated_on", "closed_on"]
    list_display = ["case_reference", "peer", "setting", "risk", "allocated_on"]
    list_filter = ["setting", "risk"]
    search_fields = ["case_reference"]


class PeerJourneysGroup(ModelViewSetGroup):
    menu_label = "Peer journeys"
    menu_icon = "group"
    items = (PeerViewSet, CaseAllocationViewSet)


@hooks.register("register_admin_viewset")
def register_peer_journeys():
    return PeerJourneysGroup()


# --- Networks ---


class NetworkCreateView(CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return network_upsert(
            name=data["name"], region=data["region"], summary=data["summary"], services=list(data["services"])
        )


class NetworkViewSet(ModelViewSet):
    """Administrators set networks up here; a network's group and private collection are made with it."""

    model = Network
    form_fields = ["name", "region", "summary", "services", "active"]
    list_display = ["name", "region", "active"]
    list_filter = ["region", "active"]
    search_fields = ["name"]
    icon = "group"
    add_view_class = NetworkCreateView


class NetworkMeetingViewSet(ModelViewSet):
    model = NetworkMeeting
    form_fields = [
        "network",
        "title",
        "date",
        "start_time",
        "end_time",
        "host_service",
        "location",
        "online_url",
        "agenda",
        "notes",
        "actions",
        "attendees",
    ]
    list_display = ["title", "network", "date", "host_service"]
    list_filter = ["network"]
    search_fields = ["title"]
    icon = "date"


class NetworkViewSetGroup(ViewSetGroup):
    menu_label = "Peer networks"
    menu_icon = "group"
    items = (NetworkViewSet("networks"), NetworkMeetingViewSet("network_meetings"))


@hooks.register("register_admin_viewset")
def register_network_viewsets():
    return NetworkViewSetGroup()
