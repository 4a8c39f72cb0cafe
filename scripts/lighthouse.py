"""Prints Lighthouse's four category scores for every page type of the built site.

Builds the site (or takes --site), serves it on 127.0.0.1 as a static host would (gzip,
its own 404 page), and runs Lighthouse 12.2.3 (node_modules, installed by scripts/setup.sh)
against Debian's Chromium, with Lighthouse's default mobile emulation and simulated
throttling. Performance varies from run to run on a shared machine (the simulation scales
the measured main-thread time by four), so each page is run --runs times and the median
is shown, with the range. Audits that cost points in the median run are listed.

    .venv/bin/python scripts/lighthouse.py [--site DIR] [--runs 3] [--desktop] [--edition zh-Hans]

Targets (issue 5): 100 for accessibility, best practices and SEO; at least 95 for
performance. Exits with status 1 if a page misses one.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devtools.browser import CHROMIUM, CHROMIUM_ARGS, serve_directory  # noqa: E402
from devtools.project import LIVE_DATA, NOT_FOUND, copy_project, mkdocs_build, page_types  # noqa: E402
from vlmguide.pages.editions import edition_of  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
# One page of each kind the site has (devtools.project.page_types); the 404 page is audited at its own
# address: Lighthouse will not audit a response with status 404.
PAGES = [(path.removesuffix(NOT_FOUND) + "404.html" if path.endswith(NOT_FOUND) else path) for path in page_types(ROOT)]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}


def run_lighthouse(url: str, desktop: bool) -> dict:
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        "--output-path=stdout",
        f"--chrome-flags={flags}",
        f"--only-categories={','.join(CATEGORIES)}",
    ]
    if desktop:
        command.append("--preset=desktop")
    proc = subprocess.run(
        command, capture_output=True, text=True, timeout=300, env={**os.environ, "CHROME_PATH": CHROMIUM}
    )
    if proc.returncode != 0 or not proc.stdout.strip():
        raise SystemExit(f"lighthouse failed on {url}:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout)


def lost_points(report: dict) -> list[str]:
    """Audits below full score that count towards a category's score."""
    lost = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                value = audit.get("displayValue") or ""
                lost.append(f"{category}: {ref['id']} ({audit['score']:.2f}) {value}".rstrip())
    return lost


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one now)")
    parser.add_argument("--desktop", action="store_true", help="Lighthouse's desktop preset instead of mobile")
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median is reported")
    parser.add_argument("--edition", choices=["zh-TW", "zh-Hans"], help="one edition's pages only (default: both)")
    args = parser.parse_args()
    pages = [path for path in PAGES if args.edition is None or edition_of(path).code == args.edition]
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: run scripts/setup.sh (npm ci)")
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            result = mkdocs_build(copy_project(Path(tmp) / "project", LIVE_DATA))
            if result.returncode:
                raise SystemExit(result.output)
            site = result.site
        missed = False
        print(f"{'page':<24} " + " ".join(f"{c:>14}" for c in CATEGORIES) + f"   performance range ({args.runs} runs)")
        with serve_directory(site) as base:
            details = []
            for path in pages:
                runs = []
                for _ in range(args.runs):
                    report = run_lighthouse(base + path, args.desktop)
                    runs.append(({c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}, report))
                runs.sort(key=lambda run: run[0]["performance"])
                scores, report = runs[len(runs) // 2]
                missed |= any(scores[c] < TARGETS[c] for c in CATEGORIES)
                low, high = runs[0][0]["performance"], runs[-1][0]["performance"]
                print(
                    f"{'/' + path:<24} " + " ".join(f"{scores[c]:>14}" for c in CATEGORIES) + f"   {low}-{high}",
                    flush=True,
                )
                details += [f"  /{path}: {line}" for line in lost_points(report)]
        if details:
            print("\nAudits below full score:")
            print("\n".join(details))
        print(
            f"\ntargets: {', '.join(f'{c} >= {t}' for c, t in TARGETS.items())}"
            f" ({'desktop' if args.desktop else 'mobile'}, simulated throttling): {'MISSED' if missed else 'met'}"
        )
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
