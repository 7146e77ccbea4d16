"""Cross-municipal matching: which submitted needs and reported initiatives of one region
could become one joint procurement (issue 3, routine step 2 of seed 002).

A pure library: no database, no Flask. ``engine.match_region``/``engine.match_all`` take
``NeedFeatures`` and return ``Proposal`` groups with a score and structured reasons.
"""
