"""The code's own checks: lint and format (ruff), types (mypy), the package's layers (import-linter),
and one name per concept."""

from __future__ import annotations

import ast
import importlib
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from devtools.project import ROOT
from vlmguide.mkdocs.language_alternates import LanguageAlternatesError, with_language_alternates_only
from vlmguide.mkdocs.material_search import MaterialSearchChanged, check_search_plugin
from vlmguide.mkdocs.search_fix import SearchFixError, with_segmentation
from vlmguide.mkdocs.search_loading import SearchLoadingError, with_search_loading

BIN = Path(sys.executable).parent  # the tools are pinned in the test extras
PACKAGE = ROOT / "src" / "vlmguide"


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "--output-format=concise", "."],
        ["ruff", "format", "--check", "."],
        ["mypy"],  # files and settings: [tool.mypy] in pyproject.toml
        ["lint-imports"],  # contracts: [tool.importlinter] in pyproject.toml
    ],
    ids=["ruff-check", "ruff-format", "mypy", "import-linter"],
)
def test_code_check_is_clean(command):
    proc = subprocess.run([str(BIN / command[0]), *command[1:]], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def test_only_the_mkdocs_layer_imports_mkdocs_or_material(tmp_path):
    """The contract can fail: a page builder that imports Material is reported."""
    offender = PACKAGE / "pages" / "_contract_probe.py"
    offender.write_text("import material  # noqa: F401\n", encoding="utf-8")
    try:
        proc = subprocess.run([str(BIN / "lint-imports")], cwd=ROOT, capture_output=True, text=True, timeout=300)
    finally:
        offender.unlink()
    assert proc.returncode != 0 and "vlmguide.pages._contract_probe -> material" in proc.stdout


def test_one_name_per_concept():
    """No two modules of the package share a base name, and no two of its classes share a name."""
    modules = [p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py"]
    same_name = {name: n for name, n in Counter(p.stem for p in modules).items() if n > 1 and name != "__main__"}
    assert same_name == {}
    classes = Counter(
        node.name
        for p in modules
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef)
    )
    assert {name: n for name, n in classes.items() if n > 1} == {}


def test_material_search_is_the_version_the_search_cache_was_written_for():
    check_search_plugin()  # raises MaterialSearchChanged, naming what changed


MAX_COMPLEXITY = 15


def test_no_function_is_too_complex_to_follow():
    """radon's cyclomatic complexity of every function and method in src/ is at most MAX_COMPLEXITY."""
    proc = subprocess.run(
        [str(BIN / "radon"), "cc", "--json", str(PACKAGE)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    blocks = [(path, block) for path, found in json.loads(proc.stdout).items() for block in found]
    assert len(blocks) > 100  # radon read the package
    too_complex = [
        f"{Path(path).relative_to(ROOT)}:{block['lineno']} {block['name']} ({block['complexity']})"
        for path, block in blocks
        if block["complexity"] > MAX_COMPLEXITY
    ]
    assert too_complex == []


# What comments, docstrings and messages name: a module (vlmguide.pages.urls, with an attribute
# after it, e.g. vlmguide.mkdocs.plugin.CatalogueHooks) or a file of the repository (src/..., or a
# path inside the package such as vlmguide/pages/templates/_page.html.j2).
_MODULE_REF = re.compile(r"\bvlmguide(?:\.[A-Za-z_]\w*)+")
_FILE_REF = re.compile(r"(?<![\w/.])(?:src/)?vlmguide/[\w./-]*\w|(?<![\w/.])src/[\w./-]*\w")
_NAMING_FILES = ("src", "devtools", "scripts", "tests", "hooks")


def _refers_to_something(reference: str) -> bool:
    parts = reference.split(".")
    for end in range(len(parts), 0, -1):
        try:
            target: object = importlib.import_module(".".join(parts[:end]))
        except ImportError:
            continue
        for attribute in parts[end:]:
            if attribute in getattr(target, "__dataclass_fields__", {}):
                return True  # a field: no class attribute to follow further
            if not hasattr(target, attribute):
                return False
            target = getattr(target, attribute)
        return True
    return False


def test_every_module_and_file_named_in_the_code_exists():
    """A comment or message that names a module or a file names one that is there (they go stale in moves)."""
    stale = []
    for folder in _NAMING_FILES:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in (".py", ".j2") or "fixtures" in path.parts or path == Path(__file__):
                continue  # this file names stale modules on purpose
            text = path.read_text(encoding="utf-8")
            where = path.relative_to(ROOT)
            stale += [f"{where}: {ref}" for ref in set(_MODULE_REF.findall(text)) if not _refers_to_something(ref)]
            for ref in set(_FILE_REF.findall(text)):
                file = ROOT / ref if ref.startswith("src/") else ROOT / "src" / ref
                if not file.exists():
                    stale.append(f"{where}: {ref}")
    assert stale == []


def test_the_naming_check_finds_a_stale_name():
    assert _refers_to_something("vlmguide.mkdocs.plugin.CatalogueHooks")
    assert not _refers_to_something("vlmguide.search_fix")  # moved to vlmguide.mkdocs.search_fix
    assert not _refers_to_something("vlmguide.mkdocs.plugin.NoSuchHooks")
    assert _FILE_REF.findall("see src/vlmguide/search_fix.py and vlmguide/pages/templates/_page.html.j2.") == [
        "src/vlmguide/search_fix.py",
        "vlmguide/pages/templates/_page.html.j2",
    ]


def test_the_material_search_probe_fails_when_exclude_is_ignored(monkeypatch):
    """The guard tries Material's behaviour, so it fails when the behaviour changes, whatever the source says."""
    from material.plugins.search import plugin

    def ignores_exclude(self, page):
        self.entries.append({"location": page.url, "title": "", "text": ""})

    monkeypatch.setattr(plugin.SearchIndex, "add_entry_from_context", ignores_exclude)
    with pytest.raises(MaterialSearchChanged, match="search: exclude"):
        check_search_plugin()


@pytest.mark.parametrize(
    ("names", "minified"),
    [
        ("o s t e", "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e"),  # Material 9.8.1
        ("n r i $", "for(let n=r+1;n<i.length;n++)i.slice(r,n)in $"),  # the same loop, renamed by a minifier
    ],
)
def test_the_search_fix_finds_the_loop_whatever_its_names(names, minified):
    end, _start, query, _vocabulary = names.split()
    code = f"function x(){{{minified}&&y()}}"
    fixed = with_segmentation(code, fixed=True)
    assert fixed == code.replace(f"{end}<{query}.length", f"{end}<={query}.length")
    assert with_segmentation(fixed, fixed=True) == fixed  # already fixed: unchanged
    assert with_segmentation(fixed, fixed=False) == code
    with pytest.raises(SearchFixError, match=r"review src/vlmguide/mkdocs/search_fix\.py"):
        with_segmentation(code + minified, fixed=True)  # two loops: not the worker it was written for


def test_material_fetches_no_sitemaps_for_alternate_links():
    """Alternate links (feeds, the twin pages) must not make Material's script fetch a sitemap for each."""
    code = 'let e=M("link[rel=alternate]");e.forEach(f);'
    fixed = with_language_alternates_only(code)
    assert 'M("link[rel=alternate][hreflang][data-md-stay-on-page]")' in fixed
    assert with_language_alternates_only(fixed) == fixed
    with pytest.raises(LanguageAlternatesError, match=r"review src/vlmguide/mkdocs/language_alternates\.py"):
        with_language_alternates_only(code + code)


# Material 9.8.1's shapes: where the index is fetched, when the worker is set up, and highlighting.
_SEARCH_LOADING = (
    'function ks(){return ze(new URL("search/search_index.json",Or.base))}'
    'function Ei(e,t){let r=Mn(e);return L($(location.protocol!=="file:"),Je("search")).pipe(Re(o=>o),b(()=>t))}'
    '...me("content").map(e=>V("search.highlight")?Ai(e,{index$:zi,location$:Kt}):y)'
)


@pytest.mark.parametrize("renamed", [{}, {"Or": "q$", "$(": "Z$(", "Je(": "_j(", "V(": "Q(", "Ai(": "A$("}])
def test_material_loads_each_editions_index_and_only_once_search_is_used(renamed):
    """A zh-Hans page loads the index its meta tag names; no page loads it before search opens, except
    to highlight the terms of a search result it was opened from (any variable names)."""
    code = _SEARCH_LOADING
    for old, new in renamed.items():
        code = code.replace(old, new)
    base, of, toggle, feature, highlight = (
        renamed.get(name, name).rstrip("(") for name in ("Or", "$(", "Je(", "V(", "Ai(")
    )
    fixed = with_search_loading(code)
    assert (
        'new URL((document.querySelector("meta[name=vlm-search]")||{content:"search/"}).content'
        f'+"parts.json",{base}.base)' in fixed  # the index's root (vlmguide.mkdocs.search_parts)
    )
    assert f'L({of}(!1),{toggle}("search"))' in fixed and "location.protocol" not in fixed
    assert f'{feature}("search.highlight")&&/[?&]h=/.test(location.search)?{highlight}(e,' in fixed
    assert with_search_loading(fixed) == fixed  # a rebuild under serve finds it changed


@pytest.mark.parametrize(
    ("change", "what"),
    [
        (("search_index.json", "index.json"), "search index location"),
        (('!=="file:"', '==="https:"'), "search setup on page load"),
        (('"search.highlight")?', '"search.highlight")&&'), "search highlighting"),
    ],
)
def test_a_changed_material_script_stops_the_build_with_a_message(change, what):
    with pytest.raises(SearchLoadingError, match=rf"{what} changed .*review src/vlmguide/mkdocs/search_loading\.py"):
        with_search_loading(_SEARCH_LOADING.replace(*change))


@pytest.mark.parametrize(("copy", "original"), [("nav-material.html", "nav.html"), ("tabs-material.html", "tabs.html")])
def test_our_copies_of_materials_partials_are_the_installed_ones(copy, original):
    """overrides/partials/nav.html and tabs.html render these copies once per directory: after a Material
    upgrade, a stale copy would keep the old markup."""
    import material

    installed = Path(material.__file__).parent / "templates" / "partials" / original
    ours = (ROOT / "overrides" / "partials" / copy).read_text(encoding="utf-8")
    body = ours.split("-#}\n", 1)[1]  # our header comment says whose copy it is
    assert body == installed.read_text(encoding="utf-8").split("-#}\n", 1)[1]
