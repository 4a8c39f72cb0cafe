"""Prints the full build time of the site and the share spent in our own code.

Our code is what the hook runs: load + validate + render (vlmguide.pages.generated_site),
the downloads and the search-worker fix. Both are timed in the same process, interleaved with
full builds, so the ratio is measured in one run on the same machine state.

    .venv/bin/python scripts/benchmark_build.py [--runs N]
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from mkdocs.commands.build import build
from mkdocs.config import load_config

from vlmguide.mkdocs.search_fix import fix_search_worker
from vlmguide.mkdocs.theme_icons import material_icon
from vlmguide.pages.generated_site import generate_site, write_site_files

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    os.chdir(ROOT)  # the search plugin reads data/search-terms.txt relative to the working directory
    builds, ours = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs + 1):
            config = load_config(str(ROOT / "mkdocs.yml"), site_dir=tmp)
            start = time.perf_counter()
            build(config)
            elapsed = time.perf_counter() - start
            start = time.perf_counter()
            built = generate_site(ROOT, icons=material_icon)
            write_site_files(built.catalogue, Path(tmp), config.site_url or "/", config.site_author or "")
            fix_search_worker(Path(tmp))
            own = time.perf_counter() - start
            if run:  # the first run warms caches (jieba's dictionary, imports)
                builds.append(elapsed)
                ours.append(own)
    build_s, own_s = statistics.median(builds), statistics.median(ours)
    print(f"runs: {args.runs} (median; first run discarded as warm-up)")
    print(f"full mkdocs build:                         {build_s:7.3f} s")
    print(f"our code (load+validate+render+downloads): {own_s:7.3f} s")
    print(f"our share of the build:                    {100 * own_s / build_s:6.1f} %  (target < 10 %)")


if __name__ == "__main__":
    main()
