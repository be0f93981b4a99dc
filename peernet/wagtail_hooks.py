"""Peer records in the Wagtail admin, for administrators who reassign coordinators or correct a case.

Journeys move only through the coordinator's pages (so stage history is kept), so the admin edits who
looks after a peer and case allocations. The allocation form runs the model's own clean, so a volunteer
is refused anything but a low-risk case here too.
"""

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from peernet.models import CaseAllocation, Peer

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
