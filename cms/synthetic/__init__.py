"""Synthetic data at national scale and beyond, for load tests: ``manage.py generate_synthetic``.

Every part of the product gets realistic, seeded data: the same seed on the same day gives the same rows.
Rows go in by bulk (PostgreSQL's COPY for the big tables, multi-row inserts elsewhere) with ids chosen here,
so rows can point at each other without reading anything back. Each module fills one area, in this order:
``workforce`` (regions, services, people), ``training`` (youth-led sessions), ``assessments`` (assessments,
ratings, plans), ``peers`` (peer journeys) and ``networks`` (networks, hubs and resource pages).

Synthetic people have addresses at ``@synthetic.example``, which is how the command knows its own data and
refuses a database that holds anyone else (see ``core.refusal``).
"""
