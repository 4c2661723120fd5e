"""No function or method in nlp/ is more complex than radon's cyclomatic complexity 25 (grade D
and better): read with radon's own parser (`radon.complexity.cc_visit`), methods and closures
included, each scored on its own as `radon cc` scores it."""

from __future__ import annotations

from collections.abc import Iterator

from radon.complexity import cc_visit
from radon.visitors import Function

from tests.support.paths import ROOT

MAX_COMPLEXITY = 25
NLP = ROOT / "nlp"


def _blocks(blocks: list, prefix: str = "") -> Iterator[tuple[str, int]]:
    """(qualified name, complexity) of every function, method and closure in `blocks` (cc_visit
    lists each method as a function of its own, beside its class: the classes are skipped)."""
    for b in blocks:
        if isinstance(b, Function):
            yield f"{prefix}{b.fullname}", b.complexity
            yield from _blocks(b.closures, f"{prefix}{b.fullname}.")


def _scores() -> list[tuple[int, str]]:
    out = []
    for path in sorted(NLP.glob("*.py")):
        for name, cc in _blocks(cc_visit(path.read_text(encoding="utf-8"))):
            out.append((cc, f"{path.relative_to(ROOT)}:{name}"))
    return sorted(out, reverse=True)


def test_nlp_functions_are_not_too_complex():
    scores = _scores()
    assert scores, f"no functions found in {NLP}"
    worst = "\n".join(f"  {cc:4d}  {name}" for cc, name in scores[:5])
    print(f"worst five (radon cyclomatic complexity, limit {MAX_COMPLEXITY}):\n{worst}")
    over = [(cc, name) for cc, name in scores if cc > MAX_COMPLEXITY]
    assert not over, (f"{len(over)} function(s) in nlp/ over complexity {MAX_COMPLEXITY} "
                      "(split them into helpers named for what they do):\n"
                      + "\n".join(f"  {cc:4d}  {name}" for cc, name in over) + f"\nworst five:\n{worst}")
