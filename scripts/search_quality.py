"""Prints how well the built site's search answers everyday queries, typed in headless Chromium.

For each query, the papers that should be found are those whose own text contains it.
Printed per query: recall (share of those found), precision (share of found papers that
should be), and R-precision (share of the first k results that should be, k = how many
should be). With --stock, a second site is built the way a stock Material + jieba setup
would be (no user dictionary, default separator and pipeline, no worker fix), for comparison.

    .venv/bin/python scripts/search_quality.py [--stock] [QUERY ...]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devtools.browser import chromium, papers_mentioning, search, serve_directory  # noqa: E402
from devtools.project import BUILD_ENV, LIVE_DATA, copy_project  # noqa: E402
from vlmguide.catalogue.loader import load_catalogue  # noqa: E402
from vlmguide.mkdocs.search_fix import WORKER_GLOB, with_segmentation  # noqa: E402

QUERIES = """
對比學習 指令調整 凍結 CLIP 零樣本 幻覺 影像分割 開放詞彙 知識蒸餾 提示
預訓練 多模態 注意力 自監督 標題生成 檢索 蒸餾 適配器 圖像 少樣本 對齊 分割
物件偵測 語言模型 編碼器 遮罩 雜訊 指令 微調 前綴 contrastive transformer
instruction
""".split()


def build(project: Path, stock: bool) -> Path:
    copy_project(project, LIVE_DATA)
    if stock:
        config = (project / "mkdocs.yml").read_text(encoding="utf-8")
        config = re.sub(r"\n      (jieba_dict_user|pipeline|separator):.*", "", config)
        (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project, env=BUILD_ENV, check=True, capture_output=True
    )
    site = project / "site"
    if stock:
        worker = next(site.glob(WORKER_GLOB))
        worker.write_text(with_segmentation(worker.read_text(encoding="utf-8"), fixed=False), encoding="utf-8")
    return site


def measure(site: Path, queries: list[str], label: str) -> None:
    catalogue = load_catalogue(ROOT / "data")
    totals = [0.0, 0.0, 0.0]
    answered = 0
    print(f"\n{label}")
    print(f"{'query':14s} {'should':>6s} {'found':>6s} {'recall':>7s} {'precision':>9s} {'R-prec':>7s}")
    with serve_directory(site) as url, chromium() as browser:
        page = browser.new_page()
        for query in queries:
            expected = papers_mentioning(catalogue, query)
            found = search(page, url, query)
            hits = expected & set(found)
            recall = len(hits) / len(expected) if expected else 1.0
            precision = len(hits) / len(found) if found else float(not expected)
            r_precision = len(expected & set(found[: len(expected)])) / len(expected) if expected else 1.0
            answered += bool(hits)
            for i, value in enumerate((recall, precision, r_precision)):
                totals[i] += value
            print(f"{query:14s} {len(expected):6d} {len(found):6d} {recall:7.2f} {precision:9.2f} {r_precision:7.2f}")
    n = len(queries)
    print(
        f"{'mean':14s} {'':6s} {'':6s} {totals[0] / n:7.2f} {totals[1] / n:9.2f} {totals[2] / n:7.2f}"
        f"   ({answered} of {n} queries found at least one right paper)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stock", action="store_true", help="also measure a stock Material + jieba build")
    parser.add_argument("queries", nargs="*", default=QUERIES)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        measure(build(Path(tmp) / "ours", stock=False), args.queries, "this site")
        if args.stock:
            measure(build(Path(tmp) / "stock", stock=True), args.queries, "stock Material + jieba")


if __name__ == "__main__":
    main()
