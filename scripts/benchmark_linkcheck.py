"""Prints what checking the real catalogue's arXiv IDs costs arXiv, against a local stand-in.

Measured here, in one run, against an HTTP server on 127.0.0.1 that answers like arXiv:
- the metadata stage (one API request for every ID) at the default 3 s pacing, real clock;
- the same stage again with the cache from the first run;
- a URL-by-URL check of every paper's abstract page at the same pacing. Its wall time is read
  from the injected clock, which advances by exactly the pauses the pacing asks for.

    .venv/bin/python scripts/benchmark_linkcheck.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from devtools.fake_servers import FakeClock, fake_server, misbehaving_routes  # noqa: E402
from vlmguide.arxiv.http import Fetcher, HttpSettings, check_url  # noqa: E402
from vlmguide.arxiv.politeness import Politeness  # noqa: E402
from vlmguide.catalogue.loader import load_catalogue  # noqa: E402
from vlmguide.links.cache import Cache  # noqa: E402
from vlmguide.links.run import LinkCheck, Options  # noqa: E402


def main() -> None:
    catalogue = load_catalogue(ROOT / "data")
    papers = {p.arxiv: {"id": p.arxiv, "title": p.title, "authors": p.authors} for p in catalogue.papers}
    rows = []
    with fake_server(misbehaving_routes(papers)) as (base, recorder), tempfile.TemporaryDirectory() as tmp:
        options = Options(arxiv_url=base, arxiv_api_url=base + "/api/query")  # default 3 s pacing
        cache_path = Path(tmp) / "cache.json"
        count = len(catalogue.papers)
        for label in (f"metadata stage, {count} IDs", "same, cached re-run"):
            cache = Cache.load(cache_path)
            before, recorder.max_active = len(recorder.requests), 0
            start = time.perf_counter()
            results = LinkCheck(catalogue, options, cache).run()
            wall = time.perf_counter() - start
            cache.save()
            ok = sum(r.state.good for r in results)
            rows.append(
                (label, len(recorder.requests) - before, recorder.max_active, f"{wall:.2f} s", f"{ok}/{count} good")
            )

        clock = FakeClock()
        politeness = Politeness(clock.clock(), clock.monotonic() + 10**6, 3.0, 0.0, {"127.0.0.1"})
        before, recorder.max_active = len(recorder.requests), 0
        with httpx.Client() as client:
            fetcher = Fetcher(client, politeness, HttpSettings())
            for paper in catalogue.papers:
                check_url(fetcher, f"{base}/abs/{paper.arxiv}")
        simulated = clock.monotonic() - 1000.0
        rows.append(
            (
                f"URL-by-URL, {count} abstract pages",
                len(recorder.requests) - before,
                recorder.max_active,
                f"{simulated:.0f} s (pacing)",
                "",
            )
        )

    print(f"{'what':32s} {'requests to arXiv':>17s} {'max concurrent':>14s} {'wall time':>18s}")
    for label, requests, concurrent, wall, note in rows:
        print(f"{label:32s} {requests:17d} {concurrent:14d} {wall:>18s}  {note}")


if __name__ == "__main__":
    main()
