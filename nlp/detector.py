"""The claim detector: a spaCy component that writes `doc.spans["claims"]`.

Each span covers one value that is a claim; `doc.spans["claims"].attrs["values"]` holds the parsed
`ValueMention`s (character offsets into the Doc's text) in span order, and
`doc.spans["claims"].attrs["dropped"]` the values it refused, with the reason.

Register-by-name: `nlp.add_pipe("claimtrack_claim_detector")`; its rule set comes from the
registered function `claimtrack.claim_rules.v1` (nlp/rules.toml).
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, SpanGroup
from spacy.util import registry

from claimtrack.textnorm import normalise
from nlp import attribution, notclaims
from nlp.numbers import ValueMention, find_values

SPAN_KEY = "claims"


@registry.misc("claimtrack.claim_rules.v1")
def claim_rules(path: str | None = None) -> Path:
    """The rules file of the detector (qualifiers, attribution cues, not-claim markers)."""
    p = Path(path) if path else notclaims.RULES_PATH
    notclaims.rules()  # parse once, fail early on a broken file
    return p


class ClaimDetector:
    def __init__(self, nlp: Language, name: str, rules: Path, span_key: str = SPAN_KEY):
        self.name = name
        self.rules = rules
        self.span_key = span_key

    def detect(self, text: str, extra_masks: list[tuple[int, int]] | None = None, folded: str | None = None
               ) -> tuple[list[ValueMention], list[tuple[ValueMention, str]]]:
        """Claim values and dropped values (with reasons) of one sentence (`folded`: its normalised
        form, when the caller has it already)."""
        if folded is None:
            folded = normalise(text)
        values = find_values(folded)
        if not values:
            return [], []
        asked: list[tuple[ValueMention, str]] = []
        if notclaims.is_question(folded):
            values, asked = _split_question(folded, values)
            if not values:
                return [], asked
        masks = notclaims.masked_ranges(folded) + list(extra_masks or [])
        kept: list[ValueMention] = []
        dropped: list[tuple[ValueMention, str]] = asked
        for v in values:
            ok, why = notclaims.value_is_claim(folded, v, masks, values)
            if ok:
                kept.append(v)
            else:
                dropped.append((v, why))
        if kept and notclaims.is_fragment(folded, values):
            dropped += [(v, "fragment") for v in kept]
            kept = []
        frames = _time_frames(kept)
        if frames:
            dropped += [(v, "time frame of another value") for v in frames]
            kept = [v for v in kept if v not in frames]
        return _distinct(kept), dropped

    def __call__(self, doc: Doc) -> Doc:
        pre = doc.user_data.pop("claimtrack_detected", None)  # the same detect() run before tokenizing
        if pre is not None:
            kept, dropped = pre
        else:
            kept, dropped = self.detect(doc.text, doc.user_data.get("claimtrack_masks") or [])
        spans = []
        for v in kept:
            span = doc.char_span(v.start, v.end, label=v.unit, alignment_mode="expand")
            if span is None:
                span = doc[0:len(doc)] if len(doc) else None
            if span is not None:
                spans.append(span)
            else:
                kept = [k for k in kept if k is not v]
        group = SpanGroup(doc, name=self.span_key, spans=spans)
        group.attrs["values"] = kept
        group.attrs["dropped"] = dropped
        doc.spans[self.span_key] = group
        return doc


def _split_question(folded: str, values: list[ValueMention]
                    ) -> tuple[list[ValueMention], list[tuple[ValueMention, str]]]:
    """The values of a question that still state something, and those it asks (dropped as
    "question"): only a tag question restating what someone said states the values before its tag."""
    # a tag question restating what someone said ('查尔默斯说至少有四分之一，你同意吗？') states it
    tag = notclaims.question_tag(folded)
    if tag is None or not attribution.says_before(folded, tag):
        return [], [(v, "question") for v in values]
    asked = [(v, "question") for v in values if v.start >= tag]
    return [v for v in values if v.start < tag], asked


def _time_frames(kept: list[ValueMention]) -> list[ValueMention]:
    """The duration ranges among `kept` that are the time frame of another value beside them."""
    # a duration range next to another value is that claim's time frame ("10-20% in one to five years")
    if any(v.unit not in ("months", "weeks", "years") for v in kept):
        return [v for v in kept if v.unit in ("months", "weeks", "years")]
    return []


def _distinct(kept: list[ValueMention]) -> list[ValueMention]:
    """The first of the values that are the same value (bounds, unit and qualifier)."""
    # one claim per distinct value in a sentence
    seen: set[tuple] = set()
    unique = []
    for v in kept:
        key = (v.low, v.high, v.unit, v.qualifier)
        if key in seen:
            continue
        seen.add(key)
        unique.append(v)
    return unique


@Language.factory(
    "claimtrack_claim_detector",
    assigns=["doc.spans"],
    default_config={"rules": {"@misc": "claimtrack.claim_rules.v1"}, "span_key": SPAN_KEY},
)
def make_claim_detector(nlp: Language, name: str, rules: Path, span_key: str) -> ClaimDetector:
    return ClaimDetector(nlp, name, rules, span_key)
