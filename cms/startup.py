"""What a server process does once, after the application is loaded and before its first request.

Django, Wagtail and this product's own modules leave about 240,000 objects that live as long as the process.
Python's collector looks at every one of them on each full (generation 2) collection: about 120 ms on these
machines, paid by whichever request happens to trigger it, so it showed as the slow tail (p95) of every
page. Loading the URL configuration now, collecting once and then freezing what is left moves those objects
out of the collector's sight for good (``gc.freeze``); forked workers also keep sharing those pages of
memory with their parent.

A request makes tens of thousands of short-lived objects (model instances, template nodes), almost all freed
by reference counting the moment the request ends. With the default first threshold (700 allocations) the
collector ran many times inside each request and promoted what was live at the time, so full collections
still landed in requests. A first threshold of 50,000 lets a typical request finish between collections;
cyclic garbage waits a little longer to be freed, which a server process can afford. Measured with
``benchmarks/peer_journeys.py`` on PostgreSQL: the coordinator dashboard's p95 went from 262 ms to 58–70 ms
(median unchanged, about 45 ms).
"""

import gc

THRESHOLDS = (50_000, 20, 10)


def settle() -> None:
    from django.urls import get_resolver

    # Imports every app's URLs, views and forms now rather than on the first request.
    get_resolver().url_patterns  # noqa: B018
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
