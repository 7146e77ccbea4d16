"""The HTTP benchmark still runs end to end: at a tiny scale, on the test database, 2 s a run.

It starts the real stack (gunicorn with deploy/'s settings in production mode, the development e-ID
provider, the bare app twice), signs the three people in through the provider, and runs wrk (Debian's
``wrk``, which .ci/run installs) on every endpoint; it checks that wrk's output is parsed and that every
answer was 2xx (a lost cookie would give 302s). The figures are not judged here: they are the benchmark's.
"""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import create_engine, text

from bench import national
from bench.http_bench import bench_database, parse_args, run
from bench.http_load import parse_wrk
from bench.http_report import table
from bench.http_stack import admin_url
from samverka.platform.core.extensions import db
from samverka.platform.core.identity import identity_hash

pytestmark = pytest.mark.skipif(shutil.which("wrk") is None, reason="SKIPPED: wrk is missing (apt-get install wrk)")


def test_wrk_result_line_is_found_among_wrk_own_output():
    output = "Running 1s test @ http://x\n" + 'WRK_RESULT {"requests": 3, "non2xx": 0}\n' + "Requests/sec: 3\n"
    assert parse_wrk(output) == {"requests": 3, "non2xx": 0}
    with pytest.raises(RuntimeError, match="no result line"):
        parse_wrk("unable to connect to 127.0.0.1:1 Connection refused\n")


@pytest.mark.committed
def test_every_endpoint_answers_2xx_to_wrk_with_the_signed_in_session(app, databases):
    with app.app_context():
        people = national.load(db.session, scale="small", identity_key=national.IDENTITY_HASH_KEY)
    urls = (databases.owner_url, databases.app_url, databases.system_url)
    loaded = national.NationalDatabase("test", *urls, national.IDENTITY_HASH_KEY, people)
    bench = bench_database(loaded)
    assert {role: p.user_id for role, p in bench.people.items()} == {
        "coordinator": people["coordinator"].user_id,  # of the small set's Norwegian region: 17 members
        "it_coordinator": people["it_coordinator"].user_id,
        "chief_executive": people["chief_executive"].user_id,
    }

    # Two connections, one a worker, two seconds: on a busy machine a page can take a second, and wrk counts
    # only the answers that came within the run.
    runs = run(bench, parse_args(["--seconds", "2", "--connections", "2", "--threads", "1", "--port", "0"]))

    endpoints = {r.endpoint.name for r in runs}
    assert {"/healthz (signed in)", "municipality's needs: API", "benefits roll-up: page"} <= endpoints
    assert len(endpoints) == 2 + 2 * 10 + 2  # both health checks, ten page and API pairs, the two bare queries
    failed = {r.endpoint.name: (r.non2xx, r.first_bad_status, r.socket_errors) for r in runs if not r.ok}
    assert failed == {}
    assert all(r.requests > 0 and 0 < r.p50_ms <= r.p99_ms for r in runs)
    # The workers' CPU is read from /proc (a run during which gunicorn recycled a worker has none).
    assert sum(r.cpu_ms is not None and r.cpu_ms > 0 for r in runs) > len(runs) / 2
    # Every list endpoint's statements were counted on a 200, and the table shows each run.
    assert all(r.statements for r in runs if r.endpoint.kind == "list")
    assert table(runs).count("\n") == len(runs) - sum(r.endpoint.kind == "bare-rls" for r in runs) + 2
    # The people's hashes are the data set's again after the run, so that --reuse finds them.
    engine = create_engine(admin_url(bench))
    with engine.connect() as conn:
        for person in bench.people.values():
            stored = conn.scalar(text("SELECT eid_hash FROM users WHERE id = :u"), {"u": person.user_id})
            assert stored == identity_hash(person.pid, national.IDENTITY_HASH_KEY)
    engine.dispose()
