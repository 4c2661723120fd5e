"""Extractor: Document -> list[Claim]. The public entry point of nlp/.

    from nlp import Extractor
    ex = Extractor(settings)
    claims = ex.extract(doc)      # never raises on any text

Flow per document: one scan of the cheap candidate pattern (digits, number words, ASL) over the
whole text picks the lines worth reading; those lines are split into sentences (rule based, with
offsets) and each sentence passes the candidate filter or not; structure (front matter, headings,
reference lists, interview turns) and entity mentions come from whole-text regex passes; the
detector's own decision runs before any tokenizing, so only sentences that hold a claim go through
spaCy (Chinese: zh tokenizer with jieba; English: the NER pipeline), where the claim detector
component writes doc.spans["claims"]; then claimant, subject, proposition, date and citations.
The fast path finds exactly the claims of the slow one (every sentence through spaCy):
tests/test_nlp_fastpath.py.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Protocol, cast

from claimtrack.errors import ModelMissingError
from claimtrack.schema import Claim, ClaimantBasis, Document, Entity, Lang, Proposition, Qualifier, Value
from claimtrack.textnorm import asks, lower_same_length, normalise, script_lang
from nlp import attribution, citations, notclaims, pipelines, propositions, strategies, zh_names
from nlp.attribution import Agent, DocContext
from nlp.entities import EntityIndex, EntityInfo, Mention, slug
from nlp.numbers import (
    STRICT,
    ValueMention,
    candidate_pattern,
    clear_value_cache,
    holds_claim_value,
    may_hold_value,
    parse_number,
)
from nlp.sentences import Lines, Sentence, clause_bounds

log = logging.getLogger(__name__)

MAX_SENTENCE = 2000  # longer "sentences" (tables, minified text) are cut for the NLP, never raise
CONTEXT_CHARS = 200  # of the question or sentences before that a claim saying little is read with
# a Chinese clause with more characters than this besides its value and speech words is taken to
# name more than two things without word tagging, where only the claim's context depends on it
# (realtext and the off-topic corpora give the same claims and clusters at 8, 12 and 24; it saves
# two thirds of the tagging `_says_little` did on every Chinese claim)
CJK_LITTLE = 8

_MONTHS = {m: i + 1 for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                           "september", "october", "november", "december"])}
_DATE_ZH = re.compile(r"((?:19|20)\d{2})\s*年\s*(?:(\d{1,2})\s*月)?")
_DATE_ISO = re.compile(r"\b((?:19|20)\d{2})-(\d{2})(?:-(\d{2}))?\b")
_DATE_EN = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|November|December)"
                      r"(?:\s+\d{1,2},?)?\s+((?:19|20)\d{2})\b|\b(?:in|since|from|during|by)\s+((?:19|20)\d{2})\b", re.I)


def _mask_target_dates(sentence: str) -> str:
    out = sentence
    for m in re.finditer(r"(?:19|20)\d{2}", sentence):
        before = sentence[max(0, m.start() - 10):m.start()]
        after = sentence[m.end():m.end() + 6]
        if _TARGET_DATE.search(before) or re.match(r"\s*年?\s*(?:前|之前|以前|底前)", after):
            out = out[:m.start()] + "####" + out[m.end():]
    return out


_WARM_UP = (
    "---\ntitle: x\n---\n标题\n\n研究员凯尔·菲什表示，他认为现有模型有意识的概率约为百分之十五。"
    "據估計，到 2030 年市場規模將超過三千億美元。如果翻倍呢？\n\n参考文献\n- Smith et al. arXiv:2401.01234\n",
    "Lenny: What is the chance?\nKyle Fish: He said about 15 percent in April 2025, up to $300 billion "
    "by 2030 according to https://example.org/report.\n\nReferences\n- Doe et al. doi:10.1000/x\n",
)


def _tail(text: str, n: int) -> str:
    """The last `n` characters of `text` or fewer, starting at a word (or, in Chinese, anywhere)."""
    if len(text) <= n:
        return text
    cut = text[-n:]
    if cut[:1].isascii() and cut[:1].isalnum():
        sp = cut.find(" ")
        cut = cut[sp + 1:] if 0 <= sp < 30 else cut
    return cut


@dataclass
class _Candidate:
    sent: Sentence
    text: str
    lang: Lang
    norm: str  # `text` normalised (claimtrack.textnorm.normalise: same length), cut from the normalised document


_NON_SPACE = re.compile(r"\S")
_DOCUMENT_LENGTHS = ("pages", "words")
_OPENER = re.compile(r"(?:What|Who|How|When|Why|Where|Here|There|So|And|But|Then|Now|As|If|Ask|Meet)\s+(?=[A-Z])")
_POSSESSIVE = re.compile(r"['’]s?$")
_BRACKET = re.compile(r"\s*[(（\[]")
_CJK_CHARS = re.compile(r"[\u4e00-\u9fff]")
_TARGET_DATE = re.compile(r"(?:\bby|\bbefore|\buntil|\bthrough|到|至|之前|以前)\s*$", re.I)


_MONTH_ONLY_EN = re.compile(r"\b(?:in|since|on|during|last|this)\s+(January|February|March|April|May|June|July|August|"
                            r"September|October|November|December)\b(?!\s*\d)", re.I)
_MONTH_ONLY_ZH = re.compile(r"(?<![\d年])(?:今年\s*)?(\d{1,2}|[一二三四五六七八九十]{1,2})\s*月(?:份)?(?!\s*\d)")
_RELATIVE = re.compile(r"上个月|上月|last month|上周|last week|本周|this week|近日|日前|this month|本月")
_RELATIVE_YEAR = re.compile(r"今年|this year|去年|last year", re.I)


def stated_at(sentence: str, published: str | None = None) -> str | None:
    """When the claim was made, from a date in its sentence; target dates ('by 2034', '到 2030 年')
    are not it. A month without a year ('in April', '今年 5 月', 'last month') takes the year from
    the document's publication date, the latest such month not after it."""
    sentence = _mask_target_dates(sentence)
    full = _stated_full(sentence)
    if full or not published:
        return full
    pm = re.match(r"((?:19|20)\d{2})-(\d{2})", published)
    if not pm:
        return None
    py, pmon = int(pm.group(1)), int(pm.group(2))
    month = None
    m = _MONTH_ONLY_EN.search(sentence)
    if m:
        month = _MONTHS[m.group(1).lower()]
    else:
        m = _MONTH_ONLY_ZH.search(sentence)
        if m:
            raw = m.group(1)
            month = int(raw) if raw.isdigit() else int(parse_number(raw) or 0)
    if month and 1 <= month <= 12:
        year = py if month <= pmon else py - 1
        return f"{year}-{month:02d}"
    r = _RELATIVE.search(sentence)
    if r:
        if r.group(0) in ("上个月", "上月", "last month"):
            y, mo = (py, pmon - 1) if pmon > 1 else (py - 1, 12)
            return f"{y}-{mo:02d}"
        return f"{py}-{pmon:02d}"
    r = _RELATIVE_YEAR.search(sentence)
    if r:
        return str(py - 1) if r.group(0).lower() in ("去年", "last year") else str(py)
    return None


def _stated_full(sentence: str) -> str | None:
    m = _DATE_ISO.search(sentence)
    if m:
        return f"{m.group(1)}-{m.group(2)}" + (f"-{m.group(3)}" if m.group(3) else "")
    m = _DATE_ZH.search(sentence)
    if m:
        return f"{m.group(1)}-{int(m.group(2)):02d}" if m.group(2) else m.group(1)
    m = _DATE_EN.search(sentence)
    if m:
        if m.group(1):
            return f"{m.group(2)}-{_MONTHS[m.group(1).lower()]:02d}"
        return m.group(3)
    return None


@dataclass
class _DocCites:
    cites: list
    starts: list[int]
    by_entity: dict[str, list[str]]
    sources: list[str]
    urls: list[str]

    @classmethod
    def build(cls, text: str, ctx: DocContext, sources: list[str]) -> _DocCites:
        cites = citations.find_cites(text)
        by_entity: dict[str, list[str]] = {}
        for c in cites:
            ls, le = citations.line_bounds(text, c.start)
            for m in ctx.mentions_between(ls, le):
                refs = by_entity.setdefault(m.entity.id, [])
                if c.ref not in refs and len(refs) < 20:
                    refs.append(c.ref)
        urls = list(dict.fromkeys(c.ref for c in cites if c.ref.startswith("http")))[:200]
        return cls(cites, [c.start for c in cites], by_entity, sources, urls)

    def between(self, start: int, end: int) -> list:
        return self.cites[bisect.bisect_left(self.starts, start):bisect.bisect_left(self.starts, end)][:20]


def _links_naming(links: list[str], ids: set[str], prop: Proposition, taken: list[str]) -> list[str]:
    """Links whose address names the claimant or subject (every part of its id), or what is
    measured; none already in `taken`, twenty citations at most in all."""
    out: list[str] = []
    key_term = prop.key.split("-")[0]
    id_terms = [{t for t in i.split("-") if len(t) > 2} for i in ids]
    for link in links:
        if link in taken or link in out or len(taken) + len(out) >= 20:
            continue
        terms = citations.url_terms(link)
        if any(it and it <= terms for it in id_terms) or (len(key_term) >= 6 and key_term in terms):
            out.append(link)
    return out


def _nearer_a_later(pos: int, value: int, value_starts: Iterable[int]) -> bool:
    """Whether a name at `pos`, after the value at `value`, stands nearer another figure after it."""
    return pos > value and any(o > value and abs(o - pos) < pos - value for o in value_starts)


_ARTICLE = re.compile(r"(?:the|The)\s+(?=[A-Z])")


def _things_named(ctx: DocContext, s: Sentence) -> list[Mention]:
    """The models, products and groups a sentence names: the entities file's, and model names it
    does not know ("Claude 4.5 Opus", "GPT-5"), which win over a shorter alias inside them."""
    things: list[Mention] = [m for m in ctx.mentions_between(s.start, s.end)
                             if m.entity.kind in ("model", "product", "group")]
    quote = ctx.text[s.start:s.end]
    for m in notclaims.MODEL_NAME.finditer(quote):
        ms, me = s.start + m.start(), s.start + m.end()
        if any(t.start <= ms and me <= t.end for t in things):
            continue
        things = [t for t in things if not (ms <= t.start < me)]
        name = m.group(0).strip()
        ent = ctx.index.lookup(name)
        info = ent or EntityInfo(slug(name), "model", (name,))
        things.append(Mention(ms, me, name, info, True))
    return things


class ExtractorSettings(Protocol):
    """The two settings extraction reads (`claimtrack.settings.Settings` has them)."""

    @property
    def en_model(self) -> str: ...

    @property
    def zh_segmenter(self) -> str: ...


class Extractor:
    """Finds claims in Documents. Pipelines load lazily, once per Extractor."""

    def __init__(self, settings: ExtractorSettings | None = None, *, fast: bool = True):
        if settings is None:
            from claimtrack.settings import Settings

            settings = Settings()
        self.settings = settings
        self.fast = fast  # the cheap candidate filter before the NLP (False: every sentence through spaCy)
        pipelines.check_en_model(self.settings.en_model)
        self._zh = None
        self._en = None
        self._entities: EntityIndex | None = None
        self._lexicon: propositions.PropositionLexicon | None = None

    # ------------------------------------------------------------ lazy parts

    @property
    def zh(self):
        if self._zh is None:
            self._zh = pipelines.load_zh(self.settings.zh_segmenter)
        return self._zh

    @property
    def en(self):
        if self._en is None:
            self._en = pipelines.load_en(self.settings.en_model)
        return self._en

    @property
    def entities(self) -> EntityIndex:
        if self._entities is None:
            self._entities = EntityIndex.load()
        return self._entities

    @property
    def lexicon(self) -> propositions.PropositionLexicon:
        if self._lexicon is None:
            self._lexicon = propositions.PropositionLexicon.load()
        return self._lexicon

    def load(self) -> Extractor:
        """Load everything now (otherwise on first use)."""
        _ = self.zh, self.en, self.entities, self.lexicon

        # one-time work the first document would otherwise pay: the lazily compiled rule patterns
        # (value, qualifier, attribution, proposition, structure) and the tables behind them
        for i, sample in enumerate(_WARM_UP):
            self.extract(Document.create(f"https://warm-up.invalid/{i}", sample))
        return self

    # ------------------------------------------------------------ public

    def extract(self, doc: Document) -> list[Claim]:
        try:
            return self._extract(doc)
        except ModelMissingError:
            raise
        except Exception:  # one bad document never stops an ingest: logged with its address
            if STRICT:
                raise  # (the tests: an error in extraction fails them)
            log.exception("extraction failed for %s", getattr(doc, "url", "?"))
            return []

    # ------------------------------------------------------------ work

    def _lines_to_read(self, text: str, lines: Lines):
        """Indices of the lines that may hold a candidate sentence (all of them on the slow path).

        One scan of the candidate pattern over the whole text; a line counts when a match overlaps
        it. The sentences of those lines are then tested one by one as before, so this only skips
        splitting and testing lines where even the whole-text scan finds nothing - which a
        sentence-by-sentence scan could not find either: matches differ only at a word boundary
        on a sentence's edge, and the characters there (line breaks, terminators, closing quotes,
        white space) are not word characters, but for '_', a closer too: a text with one reads
        every line."""
        if not self.fast or "_" in text:
            return range(len(lines))
        starts = lines.starts
        marked: set[int] = set()
        for m in candidate_pattern().finditer(text):
            a, b = m.span()
            first = bisect.bisect_right(starts, a) - 1
            last = bisect.bisect_right(starts, max(a, b - 1)) - 1
            marked.update(range(first, last + 1))
        return sorted(marked)

    def _candidates(self, text: str, lines: Lines) -> list[_Candidate]:
        fm_end = notclaims.front_matter_end(text)
        refs = notclaims.reference_lines(text)
        first_char = _NON_SPACE.search(text, fm_end)  # the title is the first line with a sentence
        title_line = lines.starts[lines.line_of(first_char.start())] if first_char else None
        # the cheapest test first, as a bare pattern search (most sentences stop here); the rest of
        # the first stage only for the few it finds something in
        first = candidate_pattern().search if self.fast else None
        unpunctuated: bool | None = None
        out = []
        for li in self._lines_to_read(text, lines):
            on_line = lines.sentences(li)
            for s in on_line:
                t = text[s.start:s.end]
                if first is not None and (first(t) is None or not may_hold_value(t)):
                    continue
                if s.start < fm_end or s.line_start in refs:
                    continue
                if s.line_start == title_line and notclaims.is_title_line(text, s.line_start):
                    continue
                n = normalise(t)  # once per candidate sentence; the detector and the claim reuse it
                if self.fast and not holds_claim_value(n):
                    continue
                line_end = text.find("\n", s.line_start)
                line = text[s.line_start:line_end if line_end >= 0 else len(text)]
                if notclaims.is_heading_line(line):
                    if unpunctuated is None:  # read once, only for a document with a heading-like line
                        unpunctuated = notclaims.unpunctuated_style(text)
                    if notclaims.is_heading_line(line, unpunctuated):
                        continue
                out.append(_Candidate(s, t, script_lang(t), n))
        return out

    def _extract(self, doc: Document) -> list[Claim]:
        text = doc.text or ""
        if not text.strip():
            return []
        clear_value_cache()  # the value cache serves one document (filter and detector), not the next
        # a forecast year before the year of publication is no forecast ('stopped forecasting in 2019')
        self._doc_year = int(doc.published[:4]) if doc.published and doc.published[:4].isdigit() else None
        lines = Lines(text)  # sentences are split line by line, only where they are read
        cands = self._candidates(text, lines)
        if not cands:
            return []
        sources = citations.source_urls(text)
        ctx = DocContext.build(text, self.entities, url=doc.url, site=doc.site,
                               source_urls=sources, title=doc.title, date=doc.published, byline=doc.author)
        mask_mentions = [m for m in ctx.mentions if m.entity.mask]
        if doc.title and not any(a.kind == "person" for a in ctx.title_agents):
            ctx.title_agents[:0] = self._title_people(doc.title, ctx)
        results: list[tuple[_Candidate, list[ValueMention], list[Agent]]] = []
        for lang in ("zh", "en"):
            group = [c for c in cands if c.lang == lang]
            if group:
                results += self._read_language(lang, group, ctx, mask_mentions)
        results.sort(key=lambda r: r[0].sent.start)
        ctx.lead_reader = partial(self._lead_people, text, ctx)
        ctx.name_reader = partial(self._agents_of, text, ctx=ctx, labels=("PERSON",))
        self._people_before_pronouns(text, lines, results, ctx)
        claims: list[Claim] = []
        cites_all = _DocCites.build(text, ctx, sources)
        self._doc_sha = doc.content_sha256
        self._doc_ref = doc.ref()  # one for the document's claims (never mutated)
        self._paras = [m.start() for m in re.finditer(r"\n\s*\n", text)]
        for c, values, people in results:
            ctx.extra_people.extend(p for p in people if p.kind == "person")
            ctx.extra_agents.extend(people)
            for v in values:
                claim = self._claim(doc, text, c, v, ctx, people, cites_all, [o.start for o in values])
                if claim is not None:
                    claims.append(claim)
        return claims

    def _read_language(self, lang: str, group: list[_Candidate], ctx: DocContext,
                       mask_mentions: list) -> list[tuple[_Candidate, list[ValueMention], list[Agent]]]:
        """(candidate, values, people it names) of the candidates of one language, through its pipeline."""
        pipe = self.zh if lang == "zh" else self.en
        todo = self._pre_detected(pipe, group, mask_mentions)
        # the tokenizer (jieba) runs over the kept sentences in one go: its tables stay in the
        # CPU caches instead of competing with the detector's between sentences
        docs = [pipe.make_doc(c.text[:MAX_SENTENCE]) for c, _, _ in todo]
        for sdoc, (_, masks, pre) in zip(docs, todo, strict=True):
            sdoc.user_data["claimtrack_masks"] = masks
            if pre is not None:
                sdoc.user_data["claimtrack_detected"] = pre
        out = []
        for c, sdoc in zip([c for c, _, _ in todo], self._run(pipe, docs), strict=True):
            values = list(sdoc.spans["claims"].attrs.get("values", [])) if "claims" in sdoc.spans else []
            if self._doc_year is not None:
                values = [v for v in values if v.kind != "fyear" or (v.low or 0) >= self._doc_year]
            out.append((c, values, self._people_in(lang, c, sdoc, values, ctx)))
        return out

    def _pre_detected(self, pipe, group: list[_Candidate], mask_mentions: list) -> list:
        """(candidate, its masks, the detector's decision or None on the slow path) of the candidates
        worth the pipeline: on the fast path the detector decides before tokenizing, and sentences
        without a claim skip spaCy."""
        detector = pipe.get_pipe("claimtrack_claim_detector")
        todo = []
        for c in group:
            masks = [(m.start - c.sent.start, m.end - c.sent.start) for m in mask_mentions
                     if c.sent.start <= m.start < c.sent.end]
            pre = None
            if self.fast:
                pre = detector.detect(c.text[:MAX_SENTENCE], masks, folded=c.norm[:MAX_SENTENCE])
                if not pre[0]:
                    continue
            todo.append((c, masks, pre))
        return todo

    def _people_in(self, lang: str, c: _Candidate, sdoc, values: list[ValueMention], ctx: DocContext) -> list[Agent]:
        """People and organisations the sentence names that the entities file does not know: NER
        in English, jieba's name tags in Chinese (only where a value may have a new claimant)."""
        if lang == "en" and sdoc.has_annotation("ENT_IOB"):
            return self._ner_agents(sdoc, c.sent.start, ctx, ("PERSON", "ORG"))
        if lang == "zh" and values and zh_names.may_name_someone_new(c.norm, c.sent.start, c.sent.end, ctx):
            words = zh_names.words(c.text, c.norm, sdoc)
            return zh_names.names(c.text, c.norm, c.sent.start, c.sent.end, ctx, self.entities, words)
        return []

    def _people_before_pronouns(self, text: str, lines: Lines, results, ctx: DocContext) -> None:
        """Names in the few sentences before a claim that says 'he'/'他' (or '"...," Birch said'), for
        the last full name.

        Those sentences hold no value, so they skipped the NLP; only these few go through NER
        (English) or jieba's name tagging (Chinese)."""
        # sentences with a claim had their names tagged already (the slow path also lists sentences without one)
        done = {r[0].sent.start for r in results if r[1]}
        todo: set[Sentence] = set()
        for c, values, people in results:
            # (a bare name needs the sentences before only when it is nobody the entities file knows)
            if values and (attribution.refers_to_a_person(c.norm, c.lang)
                           or c.lang == "en" and self._names_nobody_known(c, ctx)
                           and attribution.bare_surname_at_verb(c.text)
                           or c.lang == "zh" and not people and self._names_nobody_known(c, ctx)
                           and attribution.zh_bare_name_at_cue(c.norm)):
                window = lines.before(c.sent, 3)
                if not window:
                    continue
                known = [m for m in ctx.mentions_between(window[0].start, c.sent.start)
                         if m.entity.kind == "person"]
                if known:
                    continue  # a known person was just named: 'he' is most likely them
                todo |= {w for w in window if w.start not in done}
        self._orgs_named_before(text, lines, results, ctx)
        self._sponsors_after(text, lines, results, ctx)
        self._presenters_after(text, lines, results, ctx)
        self._role_holders_after(text, lines, results, ctx)
        for st in sorted(todo):
            ctx.extra_people.extend(self._agents_of(text, st.start, st.end, ctx, ("PERSON",)))
        ctx.extra_people.sort(key=lambda a: a.start)

    # the first line of prose: fifty characters (twenty of Chinese ending a sentence); a byline, a
    # dateline or a heading alone is none
    _LEAD = re.compile(r"\S[^\n]{50,}|\S[^\n]{19,}[。！？]")

    _KINDS = {"PERSON": "person", "ORG": "org"}

    def _agents_of(self, text: str, start: int, end: int, ctx: DocContext, labels: tuple[str, ...]) -> list[Agent]:
        """The people and organisations (`labels`: PERSON, ORG, or both) NER (English) or name
        tagging (Chinese) finds in text[start:end], a span that skipped the pipeline (a sentence
        before or after a claim, the lead, a heading, the title), at document offsets."""
        t = text[start:end][:MAX_SENTENCE]
        if script_lang(t) == "en":
            return self._ner_agents(self._ner(t), start, ctx, labels)
        n = normalise(t)
        found = zh_names.names(t, n, start, start + len(t), ctx, self.entities, zh_names.words(t, n))
        if set(labels) >= set(self._KINDS):
            return found
        kinds = {self._KINDS[lb] for lb in labels}
        return [a for a in found if a.kind in kinds]

    def _lead_people(self, text: str, ctx: DocContext) -> tuple[list[Agent], list[Agent]]:
        """The people the lead (the first line of prose, up to 400 characters) names, known or new:
        whom a feature is about when later paragraphs say only 'the economist' or 'she'. Always
        read the same way (NER / name tagging of the lead alone), so the fast path equals the slow."""
        m = self._LEAD.search(text, 0, min(len(text), 2000))
        if m is None:
            return [], []
        t = m.group(0)[:400]
        known = [Agent(x.name, x.entity.id, "person", x.start) for x in ctx.mentions_between(m.start(), m.start() + len(t))
                 if x.entity.kind == "person"]
        new = self._agents_of(text, m.start(), m.start() + len(t), ctx, ("PERSON", "ORG"))
        people = sorted(known + [a for a in new if a.kind == "person"], key=lambda a: a.start)
        return people, [a for a in new if a.kind == "org"]  # (orgs: 'the alliance' named in the lead)

    @staticmethod
    def _names_nobody_known(c: _Candidate, ctx: DocContext) -> bool:
        return not any(m.entity.is_agent for m in ctx.mentions_between(c.sent.start, c.sent.end))

    def _sponsors_after(self, text: str, lines: Lines, results, ctx: DocContext) -> None:
        """For a claim citing a survey or study that names nobody, the author the next sentence of
        its paragraph names when it speaks of the study again (ctx.sponsors; strategy
        study-named-after). Only these next sentences go through NER or name tagging."""
        noun = attribution.study_noun()
        for c, values, people in results:
            if not values or people or not noun.search(c.text):
                continue
            if not self._names_nobody_known(c, ctx):
                continue
            nxt = lines.next_in_paragraph(c.sent)
            if nxt is None:
                continue
            t = text[nxt.start:nxt.end][:MAX_SENTENCE]
            if not noun.search(t) or not attribution.may_name_a_maker(t):
                continue
            found = [Agent(m.name, m.entity.id, m.entity.kind, m.start)
                     for m in ctx.mentions_between(nxt.start, nxt.end) if m.entity.is_agent]
            if not found:
                found = self._agents_of(text, nxt.start, nxt.end, ctx, ("ORG", "PERSON"))
            makers = [a for a in found if attribution.makes_the_study(t, a.start - nxt.start, a.start - nxt.start + len(a.name))]
            if makers:
                ctx.sponsors[c.sent.start] = makers[0]

    def _presenters_after(self, text: str, lines: Lines, results, ctx: DocContext) -> None:
        """For a claim of the lead paragraph that names nobody, the person the next sentence, or
        the first of the next paragraph, says presented it (a news lead's delayed attribution:
        '90% of ... . / Jane Roe, an engineer at X, presented the details at a conference.';
        ctx.presenters; strategy presenter-after). Only those sentences go through NER or name
        tagging, and only when a verb of presenting points back at the figure."""
        lead = self._LEAD.search(text, 0, min(len(text), 2000))
        if lead is None:
            return
        first = lines.line_of(lead.start())
        last = self._paragraph_end(text, lines, first)
        for c, values, people in results:
            if not values or people or not first <= lines.line_of(c.sent.start) <= last:
                continue
            if not self._names_nobody_known(c, ctx):
                continue
            for nxt in self._following(text, lines, c.sent):
                t = text[nxt.start:nxt.end][:MAX_SENTENCE]
                verb = attribution.presents_it(normalise(t))
                if verb is None:
                    continue
                known = [Agent(m.name, m.entity.id, "person", m.start)
                         for m in ctx.mentions_between(nxt.start, nxt.start + verb.start()) if m.entity.kind == "person"]
                found = known or [a for a in self._agents_of(text, nxt.start, nxt.end, ctx, ("PERSON",))
                                  if a.start < nxt.start + verb.start()]
                if found:
                    ctx.presenters[c.sent.start] = min(found, key=lambda a: a.start)
                    break

    def _role_holders_after(self, text: str, lines: Lines, results, ctx: DocContext) -> None:
        """For a claim whose speaker is a role nobody is named for ('..., the chairman of the
        state-owned operator told lawmakers.', '该公司董事长表示'), the person the next sentence, or
        the first of the next paragraph, names beside the same role ('Zheng Guodong, chairman of
        Haichuan Water Group, said ...'; ctx.role_holders; strategy role-named-after). Only those
        sentences go through NER or name tagging."""
        for c, values, _people in results:
            if not values or not self._names_nobody_known(c, ctx):
                continue
            role = attribution.unnamed_role_in(c.norm)
            if role is None:
                continue
            for nxt in self._following(text, lines, c.sent):
                t = text[nxt.start:nxt.end][:MAX_SENTENCE]
                if role not in t.lower():
                    continue
                known = [Agent(m.name, m.entity.id, "person", m.start)
                         for m in ctx.mentions_between(nxt.start, nxt.end) if m.entity.kind == "person"]
                found = [a for a in known or self._agents_of(text, nxt.start, nxt.end, ctx, ("PERSON",))
                         if attribution.holds_role(t, role, a.start - nxt.start, a.start - nxt.start + len(a.name))]
                if found:
                    ctx.role_holders[c.sent.start] = min(found, key=lambda a: a.start)
                    break

    @staticmethod
    def _paragraph_end(text: str, lines: Lines, line: int) -> int:
        """The last line of the paragraph (lines up to a blank one) that `line` stands in."""
        while line + 1 < len(lines) and text[slice(*lines.bounds(line + 1))].strip():
            line += 1
        return line

    @classmethod
    def _following(cls, text: str, lines: Lines, sent) -> list:
        """The next sentence of `sent`'s paragraph and the first sentence of the next paragraph."""
        out = [lines.next_in_paragraph(sent)]
        last = cls._paragraph_end(text, lines, lines.line_of(sent.start))
        after = next((i for i in range(last + 1, len(lines)) if text[slice(*lines.bounds(i))].strip()), None)
        if after is not None:
            out += lines.sentences(after)[:1]
        return [x for x in out if x is not None and x.start > sent.start]

    def _run(self, pipe, docs):
        for _name, proc in pipe.pipeline:
            docs = list(proc.pipe(docs)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        return docs

    def _claim(self, doc: Document, text: str, c: _Candidate, v: ValueMention, ctx: DocContext,
               people: list[Agent], cites_all, value_starts: list[int]) -> Claim | None:
        s = c.sent
        quote = text[s.start:s.end]
        folded = c.norm
        lower = lower_same_length(folded)
        value_text = quote[v.start:v.end].strip() or quote[v.start:v.end]
        # a document's length ('a 216-page system card') is nobody's estimate: no claimant from the
        # context (the title's, the lead's), only one its own sentence names
        decision, from_context = strategies.decide(quote, s.start, v.start, c.lang, ctx, people, folded,
                                                   context=v.unit not in _DOCUMENT_LENGTHS)
        agent = decision.agent if decision else None
        basis: ClaimantBasis | None = "context" if from_context else None
        how = decision.how if decision else None
        claimant = Entity(name=agent.name, id=agent.id) if agent else None
        cs, ce = clause_bounds(lower, v.start)
        clause = lower[cs:ce]
        rule = self.lexicon.match(clause, lower, v.unit, v.start, cs)
        another = rule is not None and rule.all and self._words_of_another(rule, lower, clause, v.start, value_starts)
        # (whether `another` holds must be told exactly; for the context alone a long Chinese
        # clause is taken to say something without tagging it)
        little = self._says_little(folded[cs:ce], c.lang, max(0, v.start - cs), max(0, v.end - cs),
                                   quick=not another)
        if another and not little:
            rule = None  # (a clause that says little, 'rising to 42% when asked ...', carries the topic on)
        # "What's your credence that Claude is conscious?" - "I'd put it around 20%.": a clause that
        # says little itself takes its meaning from the question or the sentences before
        context = self._context_before(text, s, ctx).strip() if little else ""
        if rule is None and context:
            # the topic may stand before and the measure ('the chance') in the value's own sentence
            rule = self.lexicon.match("", lower_same_length(normalise(context)) + " " + lower, v.unit)
        subject = self._subject(ctx, s, v, cs, ce, rule, agent.id if agent else None, value_starts)
        if rule is not None and v.unit == "ASL" and subject is None:
            # "ASL-4 means ...": what a level is, not the level of something
            n = int(v.low or 0)
            prop = Proposition(key=f"asl-{n}-description", label=f"what ASL-{n} means or implies")
        elif rule is not None and rule.forecast_key and self._future(lower, cs, ce):
            prop = Proposition(key=rule.forecast_key, label=rule.forecast_en or rule.forecast_key)
        elif rule is not None:
            prop = Proposition(key=rule.key, label=rule.en)
        else:
            key, label = propositions.fallback(folded[cs:ce], c.lang, v.unit,
                                               [(max(0, v.start - cs), max(0, v.end - cs))])
            prop = Proposition(key=key, label=label)
        span = (s.start, s.end)
        return Claim(
            id=Claim.make_id(doc.id, self._doc_sha, span, value_text, s.start + v.start),
            doc=self._doc_ref, lang=c.lang, quote=quote, span=span,
            claimant=claimant, subject=subject, proposition=prop,
            value=Value(text=value_text, low=v.low, high=v.high, unit=v.unit, qualifier=cast(Qualifier, v.qualifier)),
            stated_at=self._stated_at(folded, cs, ce, doc.published), cites=self._cites(doc, text, s, agent, subject, prop, ctx, cites_all),
            cluster_id=None, claimant_basis=basis, attribution=how,
            attribution_strategy=decision.strategy if decision else None,
            context=_tail(context, CONTEXT_CHARS) or None,
        )

    @staticmethod
    def _stated_at(folded: str, cs: int, ce: int, published: str | None) -> str | None:
        """The date of the value's own clause when it names one ('..., compared with 17% this
        year'), else of its sentence ('In 2024, just 3% ...')."""
        if cs > 0 or ce < len(folded):
            own = stated_at(folded[cs:ce], published)
            if own:
                return own
        return stated_at(folded, published)

    _SPEECH_EN = re.compile(r"\b(?:told|tells|said|says|say|estimated|estimates|estimate|thinks|think|put|puts|"
                            r"believes|argued|argues|wrote|writes|gave|gives|noted|added|reckons|guessed|"
                            r"chance|odds|probability|likelihood|credence|number|figure|estimate)\b", re.I)

    def _says_little(self, clause: str, lang: str, vs: int, ve: int, quick: bool = False) -> bool:
        """Does the value's clause hold at most two content words besides names and speech verbs?
        ('Fish told the Times he estimated the chance at about 15 percent' does; 'the survey had a
        response rate of 15 percent' does not.)"""
        masked = clause[:vs] + " " * (ve - vs) + clause[ve:]
        if lang == "en":
            masked = re.sub(r"\b[A-Z][\w'.-]*", " ", masked)  # names and sentence-initial words
            masked = self._SPEECH_EN.sub(" ", masked)
        else:
            masked = attribution.strip_speech(masked)
            if quick and len(_CJK_CHARS.findall(masked)) > CJK_LITTLE:
                return False
        return len(propositions.salient_terms(masked, lang)) <= 2

    @staticmethod
    def _future(lower: str, cs: int, ce: int) -> bool:
        """An explicit future time frame in the value's clause or in a short clause fronting it
        ('未来几年，达到万亿美元……', 'By 2030, ...')."""
        ff = propositions.future_frame()
        if ff.search(lower[cs:ce]):
            return True
        prev = lower[:cs].rstrip("，,；;：: ")
        cut = max(prev.rfind(c) for c in "，,；;：:")
        front = prev[cut + 1:]
        return 0 < len(front) <= 14 and not re.search(r"\d|%", front) and bool(ff.search(front))

    def _context_before(self, text: str, s: Sentence, ctx: DocContext) -> str:
        """Up to two sentences before `s` in the same paragraph, or the previous turn of an interview."""
        lo = max(0, s.start - 400)
        i = bisect.bisect_right(self._paras, s.start)
        para_start = self._paras[i - 1] if i > 0 else 0
        turn = ctx.turn_at(s.start)
        if turn is not None and s.start - turn.start < 200:
            prev = ctx.turn_at(turn.start - 1)
            if prev is not None:
                return text[max(prev.start, lo):s.start]
        before = text[max(para_start, lo):s.start][-300:]
        if len(before.strip()) <= 120 and i > 0:
            # the sentence opens its paragraph, or follows a few words of it: the paragraph before
            # counts when it asks a question ('Q: What is your overall probability ...?' then 'A:
            # I'd say around 20%.'; 'When will ...?' then 'Not in a demo house? I'd say 2032.')
            asked = text[self._paras[i - 2] if i > 1 else 0:para_start].strip()
            if asks(asked):
                return (asked[-300:] + "\n" + before.strip()).strip()
        return before

    def _orgs_named_before(self, text: str, lines: Lines, results, ctx: DocContext) -> None:
        """Organisations named in the few sentences before a claim that says 'the company' / '该研究所',
        or cites a survey or study and names nobody ('The institute's survey found ...', '调查发现'),
        when the entities file knows none there ('Mistral released ... The startup said ...'):
        NER in English, the institution tagging in Chinese."""
        by_start = {r[0].sent.start: r for r in results if r[1]}
        todo: set[Sentence] = set()
        for c, values, people in results:
            if values and (attribution.names_company(c.norm, c.lang)
                           or not people and attribution.cites_a_study(c.norm)) \
                    and ctx.main_org(c.sent.start) is None:
                todo |= set(lines.before(c.sent, 3))
        for st in sorted(todo):
            if st.start in by_start:  # tagged with the claim's own sentence already
                ctx.extra_orgs.extend(a for a in by_start[st.start][2] if a.kind == "org")
                continue
            ctx.extra_orgs.extend(self._agents_of(text, st.start, st.end, ctx, ("ORG",)))
        ctx.extra_orgs.sort(key=lambda a: a.start)

    def _title_people(self, title: str, ctx: DocContext) -> list[Agent]:
        """People the entities file does not know whom the title names as its speaker (see
        attribution.named_in_title): English by NER, Chinese by its name tagging."""
        if script_lang(title) == "en" and not attribution.may_name_a_speaker(title):
            return []  # (one NER call a document saved: most titles name nobody that way)
        found = self._agents_of(title, 0, len(title), ctx, ("PERSON",))
        people = [a for a in found if attribution.named_in_title(title, a.start, a.start + len(a.name))
                  and not self._names_a_thing(a.name)]
        if not people and script_lang(title) == "en":  # a name NER missed, where a strong cue marks it
            people = [Agent(name, ctx.agent_for_name(name, -1).id, "person", at)
                      for at, name in attribution.cued_title_names(title)
                      if not self._names_a_thing(name) and not self.entities.lookup(name)]
        return [Agent(a.name, a.id, "person") for a in people[:1]]

    def _names_a_thing(self, name: str) -> bool:
        """'Claude AI', 'Gemini Pro': a name whose first word the entities file knows as a model,
        product or group (or its maker) is no person."""
        first = self.entities.lookup(name.split()[0]) if name.split() else None
        return first is not None and first.kind != "person"

    def _ner(self, text: str):
        """spaCy's English NER alone over one sentence that skipped the pipeline."""
        return self.en.get_pipe("ner")(self.en.make_doc(text))

    def _ner_agents(self, sdoc, offset: int, ctx: DocContext, labels: tuple[str, ...]) -> list[Agent]:
        """People and organisations NER tagged (`labels`) in the sentence `sdoc` that the entities
        file does not know and that can claim anything ('AI' cannot), at document offsets; a
        'person' shaped like an organisation is one, and a full name opening the sentence that NER
        missed is a person (attribution.opening_name)."""
        out = self._tagged_agents(sdoc, offset, ctx, labels)
        if "ORG" in labels:
            for at, name in attribution.org_runs(sdoc.text):
                start = offset + at
                if any(a.start < start + len(name) and start < a.start + len(a.name) for a in out) \
                        or self.entities.lookup(name) or ctx.opens_with_a_thing(start, name):
                    continue
                out.append(Agent(name, ctx.agent_for_name(name, start).id, "org", start))
            out.sort(key=lambda a: a.start)
        opening = attribution.opening_name(sdoc.text) if "PERSON" in labels else None
        if opening is not None:
            at, name = opening
            start = offset + at
            if not any(a.start <= start < a.start + len(a.name) or start <= a.start < start + len(name) for a in out) \
                    and not self.entities.lookup(name) and not ctx.opens_with_a_thing(start, name):
                out.insert(0, Agent(name, ctx.agent_for_name(name, start).id, "person", start))
        return out

    def _tagged_agents(self, sdoc, offset: int, ctx: DocContext, labels: tuple[str, ...]) -> list[Agent]:
        out = []
        for e in sdoc.ents:
            lead = len(e.text) - len(e.text.lstrip("•·*-–—>#|([ \t"))  # a bullet NER took in
            article = _ARTICLE.match(e.text, lead) if e.label_ == "ORG" else None  # 'the Crestline Institute'
            lead += len(article.group(0)) if article else 0
            opener = _OPENER.match(e.text, lead)  # 'What Ana Ruiz said': NER took the heading's first word in
            lead = opener.end() if opener and e.label_ == "PERSON" else lead
            name = _POSSESSIVE.sub("", e.text[lead:])  # "the Jianglan Institute's economist"
            bracket = _BRACKET.search(name)  # 'Saskia Obermaier (Fernhill Institute': NER ran into the bracket
            end = e.end_char
            if bracket:
                name, end = name[:bracket.start()], e.start_char + lead + bracket.start()
            label = e.label_
            if label == "ORG" and not article and attribution.person_shaped(name, sdoc.text[end:]):
                label = "PERSON"  # 'Declan Moorcroft' tagged ORG
            if label not in labels or not attribution.may_be_agent(name) or attribution.names_a_study(name):
                continue
            start = offset + e.start_char + lead
            if not name or self.entities.lookup(name) or notclaims.MODEL_NAME.search(name):
                continue  # known (found already), or a model ('Claude Opus 4/4.1') claims nothing itself
            if ctx.opens_with_a_thing(start, name):
                continue  # 'Claude Opus', 'Claude Code team': a model or product, measured, not speaking
            kind = "person" if label == "PERSON" and not attribution.org_shaped(name, sdoc.text[end:]) else "org"
            if kind == "org" and "ORG" not in labels:
                continue
            a = ctx.agent_for_name(name, start)
            out.append(Agent(name, a.id, kind, start))
        return out

    def _words_of_another(self, rule, lower: str, clause: str, start: int, value_starts: list[int]) -> bool:
        """Whether `rule`'s words stand outside the value's clause, in the clause of another figure
        of the sentence: they say what that figure is ('<10% for today's models, >25% within a
        decade'; '一半的职位…，失业率升至 10% 至 20%')."""
        if self.lexicon.holds(rule, clause):
            return False
        for o in value_starts:
            os_, oe = clause_bounds(lower, o)
            if o != start and lower[os_:oe] != clause and self.lexicon.holds(rule, lower[os_:oe]):
                return True
        return False

    def _subject(self, ctx: DocContext, s: Sentence, v: ValueMention, cs: int, ce: int, rule,
                 claimant_id: str | None = None, value_starts: Iterable[int] = ()) -> Entity | None:
        things = _things_named(ctx, s)
        vpos = s.start + v.start
        in_clause = [m for m in things if s.start + cs <= m.start < s.start + ce]
        # outside the value's clause, nothing nearer to a later figure of the sentence: that name is
        # about that figure ('90% of the code ..., and 70% of the PRs come from Claude Code')
        pool = in_clause or [m for m in things if not _nearer_a_later(m.start - s.start, v.start, value_starts)]
        if pool:
            # a named model or product before a family or group ('Claude Code' before 'Claude'), then nearness
            best = min(pool, key=lambda m: (m.entity.kind == "group", abs(m.start - vpos), -len(m.name)))
            if rule is not None and rule.subject and best.entity.id in rule.subject_includes:
                return Entity(name=best.name, id=rule.subject)
            return Entity(name=best.name, id=best.entity.id)
        if rule is not None and rule.subject:
            ent = ctx.index.by_id.get(rule.subject)
            if ent is not None:
                return Entity(name=ent.names[0], id=ent.id)
        # an organisation the value's clause is about ('Anthropic raised $13 billion'), when it is
        # not the one making the claim
        orgs = [m for m in ctx.mentions_between(s.start + cs, s.start + ce)
                if m.entity.kind == "org" and m.entity.id != claimant_id and m.start < s.start + v.start]
        if orgs:
            return Entity(name=orgs[-1].name, id=orgs[-1].entity.id)
        return None

    def _cites(self, doc: Document, text: str, s: Sentence, agent: Agent | None, subject: Entity | None,
               prop: Proposition, ctx: DocContext, cites_all) -> list[str]:
        out: list[str] = []
        i = bisect.bisect_right(self._paras, s.start)
        ps = self._paras[i - 1] if i > 0 else 0
        pe = self._paras[i] if i < len(self._paras) else len(text)
        for c in cites_all.between(ps, pe):
            if c.ref not in out:
                out.append(c.ref)
        ids = {x for x in ((agent.id if agent else None), (subject.id if subject else None)) if x}
        for eid in sorted(ids):
            # reference entries that name the claimant or subject
            for ref in cites_all.by_entity.get(eid, []):
                if ref not in out:
                    out.append(ref)
        for u in cites_all.sources:
            if u not in out:
                out.append(u)
        out += _links_naming(list(doc.links or []) + cites_all.urls, ids, prop, out)
        return out
