"""Recall of the CPV search on Norwegian and Swedish words as municipalities write them (seeds 002, 003).

Each query names the codes a procurement officer would accept for it; a query is found when one of
them is among the 20 codes shown. The labels are the official ones; Norwegian words go through the
Danish labels and the small vocabulary (platform/cpv/vocabulary.py).
"""

from __future__ import annotations

import time

from samverka.platform.cpv import search, services

QUERIES = {
    # Norwegian bokmål
    "arkiv": {"48311000", "48311100", "92512000", "79995100"},
    "sak- og arkivsystem": {"48311000", "48311100"},
    "skole": {"48190000", "39162000", "80100000"},
    "læringsplattform": {"48190000", "80420000"},
    "økonomisystem": {"48440000", "48443000", "48444000"},
    "lønnssystem": {"48450000", "79211110"},
    "datamaskiner": {"30213000", "30200000"},
    "nettbrett": {"30213200"},
    "skrivere": {"30232100"},
    "mobiltelefoner": {"32250000"},
    "it-konsulenter": {"72000000", "72220000", "72221000", "72224000"},
    "lisenser": {"48218000", "48000000"},
    # Swedish
    "ärendehantering": {"48311000", "48311100", "79996100"},
    "e-arkiv": {"48311000", "48311100", "72252000"},
    "ekonomisystem": {"48440000", "48443000", "48444000"},
    "datorer": {"30213000", "30200000"},
    "licenser": {"48218000"},
    "nätverk": {"32400000", "32410000", "32412000"},
    "e-post": {"48811000"},
    "informationssäkerhet": {"48730000", "48732000", "72212730"},
}


def _recall() -> tuple[float, list[str]]:
    missed = [q for q, wanted in QUERIES.items() if not wanted & {c.code for c in services.search(q)}]
    return 1 - len(missed) / len(QUERIES), missed


def test_norwegian_and_swedish_words_find_their_codes():
    recall, missed = _recall()
    print(f"CPV recall at 20: {recall:.2f} on {len(QUERIES)} queries; missed: {missed}")
    assert recall >= 0.9, missed


def test_a_search_over_every_code_is_fast():
    services.search("warm up the index")
    started = time.perf_counter()
    for query in QUERIES:
        search._hits.cache_clear()  # each query pays its full pass over the labels
        services.search(query)
    per_query_ms = (time.perf_counter() - started) * 1000 / len(QUERIES)
    print(f"CPV search: {per_query_ms:.1f} ms per query, uncached, over {len(search._index()[0])} codes")
    assert per_query_ms < 50
