"""The layers, read from the imports (every `import`, at module level or inside a function):

- core (`claimtrack.schema`, `ids`, `errors`, `settings`, and `textnorm`, the text folding that
  extraction and search share) imports nothing of the project but itself;
- the stages (`crawler`, `nlp`, `index`, and the comparison: the rest of `claimtrack` but the
  application layer) import core and never the application layer; nlp and index never import each
  other, the crawler imports no other stage, the store imports no other stage;
- the app (`ui`) imports core and the stages, never the application layer;
- the application layer (`claimtrack.cli`, `pipeline`, `inputs`, `output`) sits on top;
- a test module never imports another test module (shared helpers live in `tests/support`).

See ARCHITECTURE.md."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support.paths import ROOT

PACKAGES = ("claimtrack", "crawler", "nlp", "index", "ui")
CORE = frozenset({"claimtrack", "claimtrack.schema", "claimtrack.ids", "claimtrack.errors", "claimtrack.settings",
                  "claimtrack.textnorm"})
APPLICATION = frozenset({"claimtrack.cli", "claimtrack.pipeline", "claimtrack.inputs", "claimtrack.output",
                         "claimtrack.nightly", "claimtrack.primaries", "claimtrack.feedserver", "claimtrack.__main__"})
#: (layer of the importer, layer of the imported): never allowed
FORBIDDEN = {
    ("core", layer) for layer in ("compare", "crawler", "nlp", "index", "ui", "application")
} | {
    (stage, "application") for stage in ("compare", "crawler", "nlp", "index", "ui")
} | {
    ("nlp", "index"), ("index", "nlp"),
    ("crawler", "nlp"), ("crawler", "index"), ("crawler", "compare"), ("crawler", "ui"),
    ("nlp", "crawler"), ("nlp", "compare"), ("nlp", "ui"),
    ("index", "crawler"), ("index", "compare"), ("index", "ui"),
    ("compare", "index"), ("compare", "crawler"), ("compare", "ui"),
}


def layer(module: str) -> str:
    top = module.split(".")[0]
    if top != "claimtrack":
        return top
    if module in CORE:
        return "core"
    return "application" if any(module == m or module.startswith(m + ".") for m in APPLICATION) else "compare"


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path, module: str) -> set[str]:
    """Every module of the project or of the tests `path` imports ('from a import b' counts a.b
    when a.b is a module, else a)."""
    out: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            out.add(base)
            out |= {f"{base}.{a.name}" for a in node.names}
    return {m for m in out if m.split(".")[0] in (*PACKAGES, "tests")}


def project_modules(root: Path) -> dict[str, Path]:
    found = {}
    for pkg in (*PACKAGES, "tests"):
        for path in sorted((root / pkg).rglob("*.py")):
            found[module_name(path, root)] = path
    return found


def edges(root: Path) -> set[tuple[str, str]]:
    mods = project_modules(root)
    return {(m, dep) for m, path in mods.items() for dep in imports(path, m) if dep in mods and dep != m}


def violations(graph: set[tuple[str, str]]) -> list[str]:
    out = []
    for a, b in sorted(graph):
        if a.split(".")[0] == "tests":
            is_test = a.split(".")[-1].startswith("test_") or a.split(".")[-1] == "conftest"
            if is_test and b.split(".")[0] == "tests" and not b.startswith("tests.support"):
                out.append(f"{a} -> {b}: a test imports another test module (move the helper to tests/support)")
            continue
        if b.split(".")[0] == "tests":
            out.append(f"{a} -> {b}: package code imports the tests")
        elif (layer(a), layer(b)) in FORBIDDEN:
            out.append(f"{a} -> {b}: {layer(a)} may not import {layer(b)}")
    return out


def test_no_forbidden_import_in_the_project():
    assert violations(edges(ROOT)) == []


@pytest.mark.parametrize("edge,why", [
    (("claimtrack.schema", "nlp.textnorm"), "core may not import nlp"),
    (("claimtrack.settings", "claimtrack.matching"), "core may not import compare"),
    (("nlp.extractor", "index.segment"), "nlp may not import index"),
    (("index.sqlite_store", "nlp.entities"), "index may not import nlp"),
    (("index.sqlite_store", "claimtrack.similarity"), "index may not import compare"),
    (("crawler.spiders.sources", "nlp.extractor"), "crawler may not import nlp"),
    (("ui.views.search", "claimtrack.cli"), "ui may not import application"),
    (("claimtrack.matching", "claimtrack.pipeline"), "compare may not import application"),
    (("tests.test_cli", "tests.test_ui_pages"), "a test imports another test module"),
    (("tests.test_cli", "tests.conftest"), "a test imports another test module"),
    (("nlp.numbers", "tests.support.cli"), "package code imports the tests"),
])
def test_each_forbidden_edge_is_caught(edge, why):
    [line] = violations({edge})
    assert why in line


@pytest.mark.parametrize("edge", [
    ("claimtrack.cli", "nlp.extractor"), ("claimtrack.pipeline", "index.base"), ("claimtrack.inputs", "crawler.extract"),
    ("ui.labels", "nlp.propositions"), ("ui.state", "index"), ("claimtrack.claimants", "nlp.entities"),
    ("nlp.extractor", "claimtrack.schema"), ("tests.test_cli", "tests.support.cli"), ("tests.support.ui_store", "index"),
])
def test_allowed_edges_pass(edge):
    assert violations({edge}) == []


def test_the_reader_sees_relative_and_lazy_imports(tmp_path):
    pkg = tmp_path / "nlp"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from . import b\n\ndef f():\n    from index import store\n")
    assert imports(pkg / "a.py", "nlp.a") == {"nlp", "nlp.b", "index", "index.store"}


def settings_imported_at_module_level(path: Path) -> bool:
    """Does the module import `claimtrack.settings` outside a function (its whole `Settings`)?"""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        for sub in ast.walk(node) if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) else ():
            if isinstance(sub, ast.ImportFrom) and sub.module == "claimtrack.settings":
                return True
            if isinstance(sub, ast.ImportFrom) and sub.module == "claimtrack" and any(a.name == "settings" for a in sub.names):
                return True
            if isinstance(sub, ast.Import) and any(a.name == "claimtrack.settings" for a in sub.names):
                return True
    return False


def test_stages_take_the_few_settings_they_read():
    # A stage names what it reads (a Protocol of a few properties: nlp.extractor.ExtractorSettings,
    # index.StoreSettings, crawler.run.CrawlSettings); the whole Settings is the application's.
    # A function may still build the default Settings() when the caller gives none.
    stages = {m: p for m, p in project_modules(ROOT).items()
              if layer(m) in ("nlp", "index", "crawler", "compare")}
    assert stages
    assert [m for m, p in sorted(stages.items()) if settings_imported_at_module_level(p)] == []


def test_a_module_level_settings_import_is_seen(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from claimtrack.settings import Settings\n", encoding="utf-8")
    lazy = tmp_path / "lazy.py"
    lazy.write_text("def f():\n    from claimtrack.settings import Settings\n    return Settings()\n", encoding="utf-8")
    assert settings_imported_at_module_level(bad) and not settings_imported_at_module_level(lazy)
