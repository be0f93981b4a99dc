"""Bringing frameworks in and taking them out.

Every format is parsed into the same in-memory ``FrameworkData`` (``structure.py``), checked by one
``validate`` function, and written by one service (``competencies.services.framework``). So a rule about
what a good framework looks like lives in one place, whichever file it came from.
"""
