"""Time the shared-resource search and list with many resources, on a throwaway in-memory SQLite database.

Run: .venv/bin/python benchmarks/network_resources.py [number of resources, default 500]
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
os.environ["DATABASE_URL"] = "sqlite://:memory:"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from tests.two_step import force_login_with_second_step  # noqa: E402


def main(count: int) -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    from django.test import Client

    from tests.factories.networks import NetworkFactory, add_member, hub_for, publish_resource
    from tests.factories.workforce import StaffProfileFactory

    network = NetworkFactory(name="Benchmark network")
    hub_for(network)
    member = StaffProfileFactory().user
    add_member(network, member)
    started = time.perf_counter()
    words = ["induction", "advert", "interview", "volunteer", "court", "custody", "supervision", "wellbeing"]
    for number in range(count):
        publish_resource(
            network,
            title=f"{words[number % len(words)].title()} resource {number}",
            summary=f"About {words[(number * 3) % len(words)]} for peer workers.",
            tags=["peer"],
        )
    print(f"Published {count} resources in {time.perf_counter() - started:.1f} s")

    client = Client()
    force_login_with_second_step(client, member)
    for query in ("", "induction", "custody volunteer"):
        client.get("/resources/", {"q": query})
        timings = []
        for _ in range(5):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                client.get("/resources/", {"q": query})
                timings.append(time.perf_counter() - started)
        print(f"/resources/?q={query!r}: best {min(timings) * 1000:.0f} ms, {len(queries.captured_queries)} queries")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
