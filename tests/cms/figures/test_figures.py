"""The commissioner dashboard: small numbers hidden by the one rule, areas only as far as the user may see,
a page whose query count does not grow with the data, downloads equal to the page, and bounded periods."""

import csv
import datetime
import io
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cms.figures import selectors
from cms.figures.areas import ENGLAND, Area
from cms.figures.forms import FIRST_DAY
from cms.figures.periods import Period
from competencies.models import Assessment, Rating
from peernet.models import Peer, Stage
from tests.factories.assessments import small_framework
from tests.factories.training import AttendanceFactory, InvolvementFactory, YouthSessionFactory
from tests.factories.workforce import StaffProfileFactory
from workforce.models import AttendeeFeedback, ConfidenceRating, FollowUp, TrainingAttendance

pytestmark = pytest.mark.django_db
URL = "/figures/"
TODAY = datetime.date.today()


class _Tables(HTMLParser):
    """Every table on a page, by id, as rows of cell text."""

    def __init__(self):
        super().__init__()
        self.tables, self.current, self.row, self.cell = {}, None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.current = self.tables.setdefault(attrs.get("id", ""), [])
        elif tag == "tr" and self.current is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = ""

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.current.append(self.row)
            self.row = None
        elif tag == "table":
            self.current = None


def tables(response) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(response.content.decode())
    return parser.tables


def row(table, label):
    return next(cells for cells in table if cells[0] == label)


def _peers(service, *, started=0, ended=0, months=6):
    """``started`` peers who became active a month ago, ``ended`` who started ``months`` ago and ended last
    week."""
    coordinator = StaffProfileFactory(service=service, job_title="Lead peer support worker")
    rows = [
        Peer(
            display_name=f"New {n}",
            service=service,
            coordinator=coordinator,
            stage=Stage.ACTIVE,
            start_date=TODAY - datetime.timedelta(days=30),
        )
        for n in range(started)
    ]
    rows += [
        Peer(
            display_name=f"Ended {n}",
            service=service,
            coordinator=coordinator,
            stage=Stage.ENDED,
            start_date=TODAY - datetime.timedelta(days=int(months * 30.4375) + 7),
            ended_on=TODAY - datetime.timedelta(days=7),
            outcome=Peer.Outcome.PAID_LD if n % 2 else Peer.Outcome.EDUCATION,
        )
        for n in range(ended)
    ]
    Peer.objects.bulk_create(rows)


def _assessments(service, framework, *, people, below=()):
    """``people`` signed-off assessments, rated as expected (3) except competences in ``below`` (rated 2)."""
    for _ in range(people):
        staff = StaffProfileFactory(service=service)
        assessment = Assessment.objects.create(
            staff=staff,
            version=framework.version,
            role_profile=framework.profile,
            status=Assessment.Status.SIGNED_OFF,
            signed_off_at=timezone.now() - datetime.timedelta(days=10),
        )
        Rating.objects.bulk_create(
            Rating(
                assessment=assessment,
                competence=competence,
                self_value=framework.scale[3],
                manager_value=framework.scale[2 if competence.code in below else 3],
            )
            for competence in framework.competences
        )


def _training(world, framework, *, attendees):
    session = YouthSessionFactory(
        region=world.region, service=world.service, starts_at=timezone.now() - datetime.timedelta(days=100)
    )
    InvolvementFactory(young_expert=session.young_experts.first(), session=session, hours=3)
    competence = framework.competences[0]
    for n in range(attendees):
        attendance = AttendanceFactory(
            session=session,
            attendee=StaffProfileFactory(service=world.service),
            status=TrainingAttendance.Status.ATTENDED,
            follow_up_sent_at=timezone.now() - datetime.timedelta(days=5),
        )
        feedback = AttendeeFeedback.objects.create(attendance=attendance, learned="Listen", will_do_differently="Ask")
        ConfidenceRating.objects.create(feedback=feedback, competence=competence, before=2, after=4)
        if n % 2 == 0:
            FollowUp.objects.create(attendance=attendance, what_changed="I explain custody in plain words.")
    return session


@pytest.fixture
def commissioner(world, client):
    client.force_login(world.user("commissioner"))
    return client


def _region(world, **more):
    return {"area": f"region-{world.region.pk}", "period": "12", **more}


# --- Suppression -------------------------------------------------------------------------------------------


def test_counts_from_1_to_7_show_as_a_star_and_the_rest_round_to_5(world, commissioner):
    _peers(world.service, started=3)
    _peers(world.other_service, started=13)
    peers = tables(commissioner.get(URL, _region(world)))["table-peers"]
    assert row(peers, "Peers who started")[1] == "*"
    other = {"area": f"region-{world.other_region.pk}", "period": "12"}
    peers = tables(commissioner.get(URL, other))["table-peers"]
    assert row(peers, "Peers who started")[1] == "15"
    assert row(peers, "Peers who ended")[1] == "0"
    # 16 across England rounds to 15, so neither region's small number can be worked out from it.
    england = tables(commissioner.get(URL, {"area": "england", "period": "12"}))["table-peers"]
    assert row(england, "Peers who started")[1] == "15"


def test_the_median_is_hidden_when_few_ended_and_shown_when_enough_did(world, commissioner):
    _peers(world.service, ended=5, months=6)
    peers = tables(commissioner.get(URL, _region(world)))["table-peers"]
    assert row(peers, "Median months from start to end")[1] == "*"
    assert row(peers, "Moved into paid work or education (share of those who ended)")[1] == "*"
    _peers(world.service, ended=5, months=6)
    peers = tables(commissioner.get(URL, _region(world)))["table-peers"]
    assert row(peers, "Peers who ended")[1] == "10"
    assert row(peers, "Median months from start to end")[1] == "6"
    assert row(peers, "Moved into paid work or education (share of those who ended)")[1] == "100%"


def test_the_median_is_the_middle_length_of_stay_or_the_mean_of_the_middle_two(world, commissioner):
    for months in (1, 2, 3, 4, 10, 11, 12, 13, 14):
        _peers(world.service, ended=1, months=months)
    peers = tables(commissioner.get(URL, _region(world)))["table-peers"]
    assert row(peers, "Median months from start to end")[1] == "10"
    _peers(world.service, ended=1, months=1)
    peers = tables(commissioner.get(URL, _region(world)))["table-peers"]
    assert row(peers, "Median months from start to end")[1] == "7"  # 4 and 10


def test_nothing_to_count_shows_a_dash_and_the_key_explains_every_symbol(world, commissioner):
    response = commissioner.get(URL, _region(world))
    peers = tables(response)["table-peers"]
    assert row(peers, "Median months from start to end")[1] == "–"
    text = response.content.decode()
    for words in ("* means 1 to 7", "rounded to the nearest 5", "'–' means there is nothing to count", "0 means none"):
        assert words in text.replace("&#x27;", "'")


def test_workforce_shares_and_gaps_show_only_on_bases_of_8_or_more(world, commissioner):
    framework = small_framework()
    _assessments(world.service, framework, people=5, below={"C01"})
    page = tables(commissioner.get(URL, _region(world)))
    assert row(page["table-assessed"], "People assessed")[1] == "*"
    assert row(page["table-domains"], "Domain 1")[2] == "*"
    assert "table-gaps" not in page
    _assessments(world.service, framework, people=5)
    page = tables(commissioner.get(URL, _region(world)))
    assert row(page["table-assessed"], "People assessed")[1] == "10"
    # Five of ten fall short on C01 (domain 1); everyone meets domain 2.
    assert row(page["table-domains"], "Domain 1")[1:] == ["10", "*"]
    assert row(page["table-domains"], "Domain 2")[1:] == ["10", "100%"]
    assert "table-gaps" not in page  # 5 below is too few to show
    _assessments(world.service, framework, people=10, below={"C04"})
    page = tables(commissioner.get(URL, _region(world)))
    assert row(page["table-domains"], "Domain 1")[1:] == ["20", "75%"]
    assert row(page["table-domains"], "Domain 2")[1:] == ["20", "50%"]
    # C04 is below for 10 of 20; C01 for only 5, too few to list.
    assert page["table-gaps"][1:] == [["C04 Competence 4", "20", "50%"]]


def test_confidence_averages_show_only_when_8_or_more_rated(world, commissioner):
    framework = small_framework()
    session = _training(world, framework, attendees=4)
    page = tables(commissioner.get(URL, _region(world)))
    assert row(page["table-confidence"], "All competences")[1:] == ["*", "*", "*", "*"]
    assert row(page["table-training"], "Sessions held")[1] == "*"
    assert row(page["table-training"], "Young experts' hours on these sessions")[1] == "*"
    for _ in range(6):
        attendance = AttendanceFactory(
            session=session, attendee=StaffProfileFactory(service=world.service), status="attended"
        )
        feedback = AttendeeFeedback.objects.create(attendance=attendance, learned="L", will_do_differently="W")
        ConfidenceRating.objects.create(feedback=feedback, competence=framework.competences[0], before=3, after=3)
    page = tables(commissioner.get(URL, _region(world)))
    # Ten rated: four from 2 to 4, six stayed at 3.
    assert row(page["table-confidence"], "All competences")[1:] == ["10", "2.6", "3.4", "*"]
    assert row(page["table-training"], "Professionals who attended")[1] == "10"
    assert row(page["table-training"], "Three-month follow-ups asked for")[1] == "*"


# --- Areas -------------------------------------------------------------------------------------------------


def test_a_service_manager_sees_only_their_own_service(world, client):
    client.force_login(world.user("service_manager"))
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["area"].name == world.service.name
    assert client.get(URL, {"area": f"service-{world.service.pk}"}).status_code == 200
    assert client.get(URL, {"area": f"service-{world.other_service.pk}"}).status_code == 404
    assert client.get(URL, {"area": f"region-{world.region.pk}"}).status_code == 404
    assert client.get(URL, {"area": "england"}).status_code == 404
    assert client.get(reverse("figures:download-csv"), {"area": "england"}).status_code == 404


def test_an_area_that_does_not_exist_answers_404(world, commissioner):
    assert commissioner.get(URL, {"area": "region-999999"}).status_code == 404
    assert commissioner.get(URL, {"area": "service-999999"}).status_code == 404
    assert commissioner.get(URL, {"area": "nowhere"}).status_code == 404
    assert commissioner.get(reverse("figures:download-xlsx"), {"area": "service-999999"}).status_code == 404


def test_others_are_refused(world, client):
    client.force_login(world.user("peer_coordinator"))
    assert client.get(URL).status_code == 403


def test_a_service_shows_only_its_own_peers(world, commissioner):
    _peers(world.service, started=9)
    _peers(world.other_service, started=20)
    page = tables(commissioner.get(URL, {"area": f"service-{world.service.pk}", "period": "12"}))
    assert row(page["table-peers"], "Peers who started")[1] == "10"


# --- Queries -----------------------------------------------------------------------------------------------

MAX_QUERIES = 25


def _load(world, framework, size):
    _peers(world.service, started=size, ended=size)
    _assessments(world.service, framework, people=size, below={"C02"})
    _training(world, framework, attendees=size)


def test_the_query_count_does_not_grow_with_the_data(world, commissioner, django_assert_max_num_queries):
    framework = small_framework()
    counts = []
    for size in (2, 25):
        _load(world, framework, size)
        for params in (_region(world), {"area": "england", "period": "fy2024"}):
            with django_assert_max_num_queries(MAX_QUERIES), CaptureQueriesContext(connection) as queries:
                assert commissioner.get(URL, params).status_code == 200
            counts.append(len(queries))
    assert counts[0] == counts[2] and counts[1] == counts[3], counts


# Peers 4 (the counts, the middle lengths of stay, the started and ended trends), workforce 4 (people, the
# trend, domains, competences), training 5 (sessions, their trend, attendance, young experts' time,
# confidence). Each trend is one query grouped by month or quarter, however long the period.
SECTION_QUERIES = 13


def test_the_figures_take_the_same_few_queries_for_a_service_a_region_and_england(world, django_assert_num_queries):
    framework = small_framework()
    _load(world, framework, 9)
    period = Period(TODAY - datetime.timedelta(days=364), TODAY)
    for area in (
        Area("service", world.service.pk, world.service.name),
        Area("region", world.region.pk, world.region.name),
        ENGLAND,
    ):
        with django_assert_num_queries(SECTION_QUERIES):
            selectors.figures(area=area, period=period)


# --- Downloads ---------------------------------------------------------------------------------------------


def _page_rows(page):
    return [cells for key, table in page.items() if key.startswith("table-") for cells in table]


def test_the_downloads_hold_exactly_what_the_page_shows(world, commissioner):
    framework = small_framework()
    _load(world, framework, 9)
    params = _region(world)
    page = _page_rows(tables(commissioner.get(URL, params)))
    response = commissioner.get(reverse("figures:download-csv"), params)
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Figures for", "World region"]
    table_rows = [cells for cells in rows if len(cells) > 1][2:]
    assert table_rows == page
    workbook = load_workbook(io.BytesIO(commissioner.get(reverse("figures:download-xlsx"), params).content))
    assert workbook.sheetnames == ["About", "Peer journeys and outcomes", "Workforce", "Youth-led training"]
    sheet_rows = [
        [str(cell) for cell in cells if cell is not None]
        for sheet in workbook.worksheets[1:]
        for cells in sheet.iter_rows(values_only=True)
        if sum(cell is not None for cell in cells) > 1
    ]
    assert sheet_rows == page


# --- Periods -----------------------------------------------------------------------------------------------


def test_a_chosen_period_is_bounded(world, commissioner):
    def errors(**dates):
        response = commissioner.get(URL, {"period": "custom", **dates})
        assert response.status_code == 200
        return response.context["form"].errors

    assert errors(start="2017-01-01", end="2018-12-31")["start"]
    assert errors(start="2024-01-01", end=(TODAY + datetime.timedelta(days=1)).isoformat())["end"]
    assert errors(start="2024-06-01", end="2024-05-01")["end"]
    assert errors(start=FIRST_DAY.isoformat(), end=TODAY.isoformat())["end"] == ["Choose a period of 5 years or less."]
    assert errors(start="2024-01-01")["end"]
    assert not errors(start="2024-01-01", end="2024-03-31")
    response = commissioner.get(URL, {"period": "custom", "start": "2024-01-01", "end": "2024-03-31"})
    assert response.context["period"].label == "1 January 2024 to 31 March 2024"


def test_a_period_with_errors_still_shows_the_last_12_months(world, commissioner):
    response = commissioner.get(URL, {"period": "custom", "start": "2024-06-01", "end": "2024-05-01"})
    assert response.context["period"].end == TODAY
    assert "There is a problem" in response.content.decode()


def test_trends_are_monthly_for_a_year_and_quarterly_for_longer(world, commissioner):
    page = tables(commissioner.get(URL, {"period": "fy2024"}))
    assert [cells[0] for cells in page["table-peer-trend"][1:]][:2] == ["Apr 2024", "May 2024"]
    assert len(page["table-peer-trend"]) == 13
    page = tables(commissioner.get(URL, {"period": "custom", "start": "2022-04-01", "end": "2024-03-31"}))
    assert [cells[0] for cells in page["table-peer-trend"][1:]][:2] == ["Apr–Jun 2022", "Jul–Sep 2022"]
    assert len(page["table-peer-trend"]) == 9


def test_the_peer_outcomes_page_and_home_link_to_the_dashboard(world, commissioner):
    assert 'href="/figures/"' in commissioner.get(reverse("peernet:peer_outcomes")).content.decode()
    assert 'href="/figures/"' in commissioner.get(reverse("my-home")).content.decode()


def test_what_changed_counts_those_who_said_yes_and_hides_small_numbers(world, commissioner):
    framework = small_framework()
    session = _training(world, framework, attendees=0)
    for n in range(20):
        attendance = AttendanceFactory(
            session=session,
            attendee=StaffProfileFactory(service=world.service),
            status=TrainingAttendance.Status.ATTENDED,
            follow_up_sent_at=timezone.now() - datetime.timedelta(days=5),
        )
        # 12 yes, 6 no, 2 answered before the question was asked.
        changed = None if n >= 18 else n < 12
        FollowUp.objects.create(attendance=attendance, what_changed="Something", changed_practice=changed)
    training = tables(commissioner.get(URL, _region(world)))["table-training"]
    assert row(training, "Said the session changed how they work")[1] == "10"
    share = "Share who said it changed how they work (of those asked yes or no)"
    assert row(training, share)[1] == "65%"  # 12 of 18, rounded to 5%
    FollowUp.objects.filter(changed_practice=True).exclude(pk__in=FollowUp.objects.all()[:5]).update(
        changed_practice=False
    )
    training = tables(commissioner.get(URL, _region(world)))["table-training"]
    assert row(training, "Said the session changed how they work")[1] == "*"
    assert row(training, share)[1] == "*"


def test_figures_are_kept_for_a_while_once_worked_out(world, commissioner, settings):
    from django.core.cache import cache

    settings.FIGURES_CACHE_SECONDS = 600
    cache.clear()
    _peers(world.service, started=10)
    with CaptureQueriesContext(connection) as worked_out:
        first = commissioner.get(URL, _region(world))
    assert row(tables(first)["table-peers"], "Peers who started")[1] == "10"
    assert "worked out again at most every 10 minutes" in first.content.decode()
    _peers(world.service, started=10)
    # The second look is served from the cache: none of the figures' queries, and the same numbers.
    with CaptureQueriesContext(connection) as again:
        kept = commissioner.get(URL, _region(world))
    assert row(tables(kept)["table-peers"], "Peers who started")[1] == "10"
    # Peers, workforce and training take at least a query each; all of them are saved.
    assert len(again) <= len(worked_out) - 3
    # Once the cache lets them go, they are worked out afresh.
    cache.clear()
    assert row(tables(commissioner.get(URL, _region(world)))["table-peers"], "Peers who started")[1] == "20"
    cache.clear()


def test_warm_figures_works_out_the_usual_figures_before_anyone_asks(world, commissioner, settings):
    from django.core.cache import cache
    from django.core.management import call_command

    settings.FIGURES_CACHE_SECONDS = 600
    cache.clear()
    _peers(world.service, started=10)
    out = io.StringIO()
    call_command("warm_figures", stdout=out)
    # England, each active region and each active service, for the last 12 and the last 3 months.
    from workforce.models import Region, Service

    areas = 1 + Region.objects.filter(active=True).count() + Service.objects.filter(active=True).count()
    assert f"Worked out and kept {2 * areas} sets of figures." in out.getvalue()
    _peers(world.service, started=10)
    # The region's dashboard and a service's are then served from the cache: the numbers as they were
    # worked out, and none of the sections' queries.
    for query in (_region(world), {"area": f"service-{world.service.pk}", "period": "3"}):
        with CaptureQueriesContext(connection) as served:
            page = commissioner.get(URL, query)
        assert row(tables(page)["table-peers"], "Peers who started")[1] == "10"
        assert not [q for q in served.captured_queries if 'FROM "peernet_peer"' in q["sql"]]
    # A period of someone's own choosing is worked out when asked for.
    chosen = _region(world, period="custom", start=str(TODAY - datetime.timedelta(days=60)), end=str(TODAY))
    assert row(tables(commissioner.get(URL, chosen))["table-peers"], "Peers who started")[1] == "20"
    cache.clear()


def test_warm_figures_keeps_nothing_when_figures_are_not_kept(world, settings):
    from django.core.management import call_command

    settings.FIGURES_CACHE_SECONDS = 0
    out = io.StringIO()
    call_command("warm_figures", stdout=out)
    assert "Nothing kept: FIGURES_CACHE_SECONDS is 0" in out.getvalue()
