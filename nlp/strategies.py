"""Who makes a claim: an ordered list of small named strategies.

Each strategy looks at one value in one sentence (`Sentence`, which carries the document's
`DocContext`) and returns `(claimant, how)` or None; the first that decides wins, and the claim
records its name and, in words, what decided ("pronoun 'he' -> Kyle Fish, named 2 sentences
before"). `STOP` from a strategy ends the search with no claimant ("according to people
familiar with the matter").

Sentence strategies come first (the sentence names its claimant); context strategies
(`CONTEXT`) run only when none decided and the sentence names no person (an organisation it
names as the subject of what it measures, 'Anthropic has crossed the 90% mark', says nothing of
who said so).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from nlp.attribution import (
    _QUOTE_PAIRS,
    _TRAILING_SPEAKER,
    _YEAR,
    Agent,
    DocContext,
    _agent_before,
    _agents_in,
    _bare_name_at_verb,
    _closing_quote,
    _enclosing_quote,
    _name_after_title,
    _pronoun_agents,
    _res,
    _resolve_pronoun,
    _speaker_after,
    bare_zh_name_at_verb,
    cites_a_study,
    label_is_name,
    own_view,
    role_opens,
    unnamed_role,
)

Pronoun = tuple[int, int, str]


class Decision(NamedTuple):
    agent: Agent
    strategy: str  # the strategy's name ('speech-verb', 'pronoun', 'title', ...)
    how: str  # what decided, in words


class _Stop:
    """A strategy's answer that nobody can be named (an anonymous source)."""


STOP = _Stop()


@dataclass
class Sentence:
    """One value in one sentence, with what every strategy needs computed once."""

    text: str  # the sentence, folded (Simplified, ASCII digits), same length as written
    start: int  # document offset
    pos: int  # sentence offset of the value
    lang: str
    ctx: DocContext
    agents: list[Agent] = field(default_factory=list)  # sentence-relative starts
    pronouns: list[Pronoun] = field(default_factory=list)
    verbs: list[re.Match] = field(default_factory=list)
    quote: int | None = None  # opening quotation mark around the value
    quote_speaker: Agent | None = None
    pronoun_used: tuple[str, Agent] | None = None  # the last pronoun resolved, for `how`
    length: int = 0  # of the sentence as written

    @property
    def window(self) -> int:
        return 40 if self.lang == "zh" else 120

    @property
    def verb_re(self) -> re.Pattern:
        return _res()["zh_verb" if self.lang == "zh" else "en_verb"]

    @classmethod
    def build(cls, sentence: str, sent_start: int, pos: int, lang: str, ctx: DocContext,
              extra: list[Agent] | None = None, folded: str | None = None) -> Sentence:
        text = folded if folded is not None else sentence
        s = cls(text=text, start=sent_start, pos=pos, lang=lang, ctx=ctx, length=len(sentence))
        # a name that covers the value is the value itself ('ASL-3 indicates ...'), never its claimant
        s.agents = [a for a in _agents_in(text, sent_start, ctx, extra or [])
                    if not (0 <= a.start <= pos < a.start + len(a.name) and text.startswith(a.name, a.start))]
        s.pronouns = _pronoun_agents(text, lang)
        s.verbs = list(s.verb_re.finditer(text))
        if lang == "zh":
            # '……的董事长周一对人大代表表示': who is spoken to (对/向/跟 X 表示) is not who speaks
            starts = [v.start() for v in s.verbs]
            s.agents = [a for a in s.agents if not (a.start > 0 and text[a.start - 1] in "对向跟"
                                                    and any(0 <= v - (a.start + len(a.name)) <= 4 for v in starts))]
        s.quote = _enclosing_quote(text, pos)
        s.quote_speaker = _speaker_of_quote(s)
        return s

    def resolve(self, x: Agent | Pronoun | None, quote_speaker: Agent | None = None) -> Agent | None:
        """A sentence-relative agent at its document offset, or the agent a pronoun points at."""
        if x is None:
            return None
        if isinstance(x, Agent):
            return Agent(x.name, x.id, x.kind, x.start + self.start if x.start >= 0 else -1)
        who = _resolve_pronoun(x[2], self.start + x[0], self.ctx, quote_speaker, self.text[x[0]:x[1]])
        if who is not None:
            self.pronoun_used = (self.text[x[0]:x[1]], who)
        return who

    def before(self, verb_pos: int, agents: list[Agent] | None = None,
               pronouns: list[Pronoun] | None = None) -> Agent | Pronoun | None:
        return _agent_before(self.text, verb_pos, self.agents if agents is None else agents,
                             self.pronouns if pronouns is None else pronouns, self.lang, self.window)


Answer = tuple[Agent, str] | _Stop | None
Strategy = Callable[[Sentence], Answer]


def _named(who: Agent | None, how: str, s: Sentence | None = None) -> tuple[Agent, str] | None:
    if who is None:
        return None
    if s is not None and s.pronoun_used is not None and s.pronoun_used[1] == who:
        word = s.pronoun_used[0]
        return who, f"pronoun '{word}' -> {who.name}{_named_before(s, who)}"
    return who, f"{how}: {who.name}"


def _sentences_back(s: Sentence, who: Agent) -> int | None:
    """How many sentences before this one `who` was named (0: earlier in this one)."""
    if who.start < 0 or who.start >= s.start:
        return None
    return len(re.findall(r"(?:[。！？!?]+|\.(?=\s))\s*|\n\s*", s.ctx.text[who.start:s.start]))


def _named_before(s: Sentence, who: Agent) -> str:
    n = _sentences_back(s, who)
    if n is None:
        return ""
    return ", named in this sentence" if n == 0 else f", named {n} sentence{'s' if n != 1 else ''} before"


# ---------------------------------------------------------------- sentence strategies

def _speaker_of_quote(s: Sentence) -> Agent | None:
    """The speaker of the quotation around the value: introduced before the opening mark
    ('X said: "..."', 'X：「……」') or named after the closing one ('"...," Fish said')."""
    if s.quote is None:
        return None
    before = s.text[:s.quote]
    verbs = [v for v in s.verbs if v.start() < s.quote]
    if verbs:
        who = s.resolve(s.before(verbs[-1].start()))
    elif before.rstrip(" *_").endswith((":", "：")):
        who = s.resolve(s.before(len(before.rstrip(" *_"))))
    else:
        who = None
    if who is not None:
        return who
    close = _closing_quote(s.text, s.quote)
    if close is None:
        return None
    for v in [v for v in s.verbs if v.start() >= close][:2]:
        a = s.before(v.start(), [x for x in s.agents if x.start > close], [])
        if a is None and s.lang == "en":
            nxt = [x for x in s.agents if v.end() <= x.start <= v.end() + 3]
            a = nxt[0] if nxt else None
        if a is not None:
            return s.resolve(a)
        if s.lang == "en":
            bare = _bare_name_at_verb(s.text, v, s.start, s.ctx)
            if bare is not None:
                return bare
    return None


def quoted_speech(s: Sentence) -> Answer:
    """The value stands inside a quotation whose speaker the sentence names."""
    qs = s.quote_speaker
    if s.quote is None or qs is None or qs.id is None:
        return None
    inner = [p for p in s.pronouns if s.quote < p[0] < s.pos]
    if not inner or inner[-1][2] == "first":
        return _named(qs, "quoted speech")
    return _named(s.resolve(inner[-1], qs) or qs, "quoted speech", s)


def model_self_report(s: Sentence) -> Answer:
    """A model's report about itself ('it assigned itself a 15-20% probability', '模型认为自己
    有意识的概率约为 20%') names the model: the one the sentence names before the value, else
    the last one named before the sentence."""
    rx = _res()["zh_self" if s.lang == "zh" else "en_self"]
    marker = rx.search(s.text)
    if (marker is None or marker.start() > s.pos + 40) and not _model_speaks(s):
        return None
    models = [m for m in s.ctx.mentions_between(s.start, s.start + s.pos) if m.entity.kind in ("model", "group")]
    if models:
        m = models[-1]
    else:
        if not _res()["zh_model_ref" if s.lang == "zh" else "en_model_ref"].search(s.text, 0, s.pos):
            return None
        before = [m for m in s.ctx.mentions_between(0, s.start) if m.entity.kind in ("model", "group")]
        if not before:
            return None
        m = before[-1]
    who = Agent(m.name, m.entity.id, "model", m.start)
    return who, f"a model's report about itself: {m.name}"


def _model_speaks(s: Sentence) -> bool:
    """A model referred to as 'it' / 'the model' / '它' / '该模型' right before a speech verb that
    stands before the value ('it answered 15 to 20 percent', '它回答说约 20%')."""
    ref = _res()["zh_model_ref" if s.lang == "zh" else "en_model_ref"]
    for v in s.verbs:
        if v.start() >= s.pos:
            break
        lead = s.text[max(0, v.start() - 16):v.start()]
        ends = [m.end() for m in ref.finditer(lead)]
        if ends and not lead[ends[-1]:].strip():
            return True
    return False


def named_view(s: Sentence) -> Answer:
    """'X's view:', 'X 的观点：', 'X's rough estimate' attributes what follows to X; so does a
    view in brackets right after the value ('< 10% (X's aggregation)', '约 20%（X 的估计）')."""
    rx = _res()["zh_view" if s.lang == "zh" else "en_view"]
    for m in rx.finditer(s.text, 0, s.pos):
        a = s.before(m.start())
        if a is not None:
            return _named(s.resolve(a, s.quote_speaker), "named view", s)
    after = _BRACKET_AFTER.match(s.text, s.pos)
    if after:
        inside = after.end()
        close = _BRACKET_CLOSE.search(s.text, inside)
        found = rx.search(s.text, inside, close.start() if close else len(s.text))
        named = [a for a in s.agents if inside <= a.start < found.start()] if found else []
        if named:
            return _named(s.resolve(named[-1]), "named view in brackets after the value", s)
    return None


# from the value to an opening bracket right after it ('< 10 % (', '20%（'): the value's own text
# and nothing that ends a clause; the view must stand inside the brackets
_BRACKET_AFTER = re.compile(r"[^(（)）,，.;；。:：]{0,16}?[(（]\s*")
_BRACKET_CLOSE = re.compile(r"[)）]")


def according_to(s: Sentence) -> Answer:
    """'According to X', '据 X': X, unless X only reports what someone the sentence names said
    ('据《纽约时报》报道，X 估计'); an anonymous source names nobody."""
    acc = _res()["zh_acc" if s.lang == "zh" else "en_acc"]
    for m in acc.finditer(s.text):
        after = [a for a in s.agents if m.end() <= a.start <= m.end() + 4]
        if after:
            said = _speaker_after(s.text, after[0], s.verbs, s.pos, s.agents, s.pronouns, s.lang, s.window)
            if said is not None:
                return _named(s.resolve(said), f"reported by {after[0].name}, said by", s)
            return _named(s.resolve(after[0]), "according to")
        if _res()["anonymous"].match(s.text, m.end()):
            return STOP
    return None


def role_named_after(s: Sentence) -> Answer:
    """A role nobody is named for in the sentence ('..., the chairman of the operator told
    lawmakers.', '该公司董事长表示，……'), whose holder the next sentence names beside the same role
    ('Zheng Guodong, chairman of Haichuan Water Group, said ...', '董事长郑国栋说')."""
    who = s.ctx.role_holders.get(s.start)
    return (who, f"{_ROLE_NAMED_AFTER}{who.name}") if who else None


_ROLE_NAMED_AFTER = "the role's holder, named in the sentence after: "


def speech_verb_before(s: Sentence) -> Answer:
    """The nearest speech or estimate verb before the value, and who stands before it."""
    for v in reversed([v for v in s.verbs if v.start() < s.pos]):
        at = _before_aside(s.text, v.start())
        cand = s.before(at)
        if cand is not None and _unnamed_role(s, cand, at):
            # '该实验室首席科学家对记者表示': someone unnamed, not the lab; the one person a title
            # names as its speaker is who holds the role ('Qu Yanqiu: ...' over 'the institute's
            # chief economist says'), else nobody
            people = [a for a in s.ctx.title_agents if a.kind == "person"]
            if len(people) == 1:
                return people[0], f"a role of an organisation, its holder named in the title: {people[0].name}"
            heading = s.ctx.heading_person(s.start)
            if heading is not None:
                return heading, f"a role of an organisation, its holder named in the list's heading: {heading.name}"
            named_after = role_named_after(s)
            if named_after is not None:
                return named_after
            # (nobody, rather than the organisation as context: a flag keeps a context claimant that
            # differs from a member's out, and other outlets may name the holder)
            return STOP
        r = s.resolve(cand, s.quote_speaker)
        if r is None and s.lang == "en" and not s.agents:
            r = _bare_name_at_verb(s.text, v, s.start, s.ctx)  # 'Birch tweeted that ...'
        if r is None and s.lang == "zh" and not [a for a in s.agents if a.start < s.start + v.start()]:
            r = bare_zh_name_at_verb(s.text, v, s.start, s.ctx)  # '奥卡福此前曾表示'
        if r is not None:
            return _named(r, f"speech verb '{v.group(0)}'", s)
    return None


_ASIDE = 40  # the longest aside in brackets between a speaker and the verb


def _before_aside(text: str, verb: int) -> int:
    """Where an aside in brackets right before the verb opens ('林嘉怡（北沼研究所研究员）表示',
    'Varga (Northmoor Institute) said'): the speaker stands before it, the aside says where they
    work or what they do; else the verb's own position."""
    head = text[:verb].rstrip()
    if not head.endswith((")", "）")):
        return verb
    opener = "(" if head.endswith(")") else "（"
    at = head.rfind(opener, max(0, len(head) - _ASIDE))
    return at if at > 0 else verb


def _unnamed_role(s: Sentence, cand: Agent | Pronoun, verb: int) -> bool:
    """Does an organisation (or 'the lab', '该实验室') stand before the verb only as the owner of a
    role nobody is named for ("the institute's chief economist says", '该实验室首席科学家对记者表示')?"""
    if isinstance(cand, Agent):
        if cand.kind != "org":
            return False
        end, org = cand.start + len(cand.name), cand.id
    else:
        if cand[2] not in ("company", "group") or cand[2] == "group" and s.text[cand[0]:cand[1]].lower() == "they":
            return False
        end, resolved = cand[1], _resolve_pronoun(cand[2], s.start + cand[0], s.ctx, None)
        org = resolved.id if resolved else None
    if org and org in s.ctx.index.by_id:
        return False  # who held a role of an organisation the entities file knows is its business (roles)
    m = unnamed_role().match(s.text, end, verb)
    if m is None:
        return False
    rest = s.text[m.end():verb]
    if any(end <= a.start < verb for a in s.agents) or re.search(r"[A-Z][a-z]+\s+[A-Z][a-z]+", rest):
        return False  # the role's holder is named ('chief scientist, Halvard Eikrem-Lund, told')
    return True


def speech_verb_after(s: Sentence) -> Answer:
    """A speech verb after the value in the same clause ('..., Mann said.', '..., said Kyle Fish')."""
    for v in [v for v in s.verbs if v.start() >= s.pos]:
        between = s.text[s.pos:v.start()]
        tail = s.text[v.end():]
        # (a year is no other value: '..., Pew found in its 2025 survey')
        other_value_after = bool(re.search(r"\d|[一二两三四五六七八九十百千]", _YEAR.sub(" ", tail)))
        if re.search(r"[,，;；]", between) and (len(tail.strip()) > 60 or other_value_after):
            continue  # the verb of another clause, not a trailing "..., Mann said."
        how = f"speech verb '{v.group(0)}' after the value"
        clause = s.text[max(s.text.rfind(",", 0, v.start()), s.text.rfind("，", 0, v.start())) + 1:v.start()]
        if role_opens(clause):  # '..., the chairman of the operator in Kessan told ...'
            return role_named_after(s) or STOP
        r = s.resolve(s.before(v.start()), s.quote_speaker)
        if r is not None:
            return _named(r, how, s)
        if s.lang == "en":
            nxt = [x for x in s.agents if v.end() <= x.start <= v.end() + 3]
            if nxt:
                return _named(s.resolve(nxt[0]), how)
            bare = _bare_name_at_verb(s.text, v, s.start, s.ctx)
            if bare is not None:
                return _named(bare, how)
    return None


def trailing_speaker(s: Sentence) -> Answer:
    """A quotation whose speaker follows in a short sentence of its own: 「……」所长说。"""
    if s.quote is None and not s.text.lstrip().startswith(tuple(o for o, _ in _QUOTE_PAIRS)):
        return None
    nstart, nxt = s.ctx.next_sentence_text(s.start + s.length)
    m = _TRAILING_SPEAKER.match(nxt or "")
    if not m:
        return None
    named = [x for x in s.ctx.mentions_between(nstart, nstart + len(nxt or "")) if x.entity.is_agent]
    if named:
        who = Agent(named[-1].name, named[-1].entity.id, named[-1].entity.kind, named[-1].start)
    else:
        who = s.ctx.agent_for_name(_name_after_title(m.group("who").strip()))
    return _named(who, "speaker in the next sentence")


def interview_turn(s: Sentence) -> Answer:
    """The speaker of the interview turn (Q:/A:, 'Lenny:', '主持人：') the sentence stands in;
    a turn that tells the other speaker what they said or do ('You now have 90% of ...',
    '你现在大概 90% 的代码……') gives the other speaker's claim."""
    t = s.ctx.turn_at(s.start)
    if t is None:
        return None
    if any(p[2] == "second" and p[0] < s.pos for p in s.pronouns):
        other = s.ctx.other_speaker(t)
        if other is not None:
            return other, f"said to {other.name} by {t.speaker.name} in an interview"
    return _named(t.speaker, "interview turn of")


def qa_answer(s: Sentence) -> Answer:
    """A sentence of an answer in a Q&A ('Q: ... / A: ... at least 11%', '问：…… / 答：……'): the
    guest's, the one person the title (else the lead) names."""
    if s.ctx.qa_line(s.start) != "A":
        return None
    who = s.ctx.qa_guest()
    return (who, f"an answer in a Q&A with {who.name}") if who is not None else None


_LABEL = re.compile(r"^[\s*_>\-•·]*(?P<n>[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,2}|[\u4e00-\u9fff·]{2,8})\s*[:：]")


def list_label(s: Sentence) -> Answer:
    """A named line of a summary list: '* Long: under 10%', '- 菲什：约 20%' (a label such as
    'Trigger:' or 'Key finding:' names nobody). A line that tells someone what they do ('Lenny:
    你现在大概 90% 的代码……', 'Host: you now write 90% ...') gives the claim of the one it
    addresses: the person the title names, when that is someone else."""
    lab = _LABEL.match(s.text)
    if not lab or lab.end() > s.pos or not label_is_name(lab.group("n"), s.ctx):
        return None
    named = [a for a in s.agents if a.start == lab.start("n")]
    if not named:
        return None
    if any(p[2] == "second" and lab.end() <= p[0] < s.pos for p in s.pronouns):
        guests = [a for a in s.ctx.title_agents if a.kind == "person" and a.id != named[0].id]
        if len(guests) == 1:
            return guests[0], f"said to {guests[0].name} by {named[0].name} (a labelled line addressing them)"
    return _named(s.resolve(named[0]), "list line of")


def speaker_heading(s: Sentence) -> Answer:
    """A line of a list under a heading that names one person ('What Ana Ruiz said' then '-
    Revenue: growth of about 18%'), when the line names no one else before the value."""
    if any(a.kind == "person" and a.start < s.pos for a in s.agents):
        return None
    who = s.ctx.heading_person(s.start)
    return (who, f"a line of the list under the heading naming {who.name}") if who is not None else None


_ROW = re.compile(r"^\s*\|(?P<first>[^|\n]+)\|")


def table_row(s: Sentence) -> Answer:
    """A row of a table whose first cell names someone and a later cell holds the value
    ('| Kyle Fish (Anthropic) | 15-20% |', '| 凯尔·菲什 | 约 20% |'): the row is theirs."""
    row = _ROW.match(s.text)
    if row is None or row.end() > s.pos + 1:
        return None
    named = [a for a in s.agents if row.start("first") <= a.start < row.end("first")]
    return _named(s.resolve(named[0]), "table row of") if named else None


def colon_speaker(s: Sentence) -> Answer:
    """A person named in a short lead-in that ends in a colon before the value ('An Anthropic
    spokesperson filled in the context: ...', '卡普兰补充了一句：……'); an organisation that is
    the subject of the lead-in ('Anthropic has crossed a threshold: ...') is no speaker."""
    colon = max(s.text.rfind(":", 0, s.pos), s.text.rfind("：", 0, s.pos))
    if colon < 0:
        return None
    lead = s.text[:colon]
    cut = max(lead.rfind(c) for c in ".;!?。；！？\n")
    if colon - cut > 90:
        return None
    people = [a for a in s.agents if cut < a.start < colon and a.kind == "person"
              and (" " in a.name or label_is_name(a.name, s.ctx))]  # 'Trigger:' is a label
    return _named(s.resolve(people[-1]), "named before a colon") if people else None


def pronoun_subject(s: Sentence) -> Answer:
    """A pronoun subject before the value ('He puts it at ...', '他们把……扩大到', 'My own guess
    would sit nearer 5%': the writer's, '我自己的猜测更接近15%') in a sentence that names nobody
    before it."""
    prons = [p for p in s.pronouns if p[0] < s.pos and p[2] in ("person", "group", "company")
             or p[2] == "first" and _own_view(s.text, p[1], s.pos)]
    if prons and not [a for a in s.agents if a.start < s.pos]:
        return _named(s.resolve(prons[0]), "pronoun", s)
    return None


def _own_view(text: str, end: int, pos: int) -> bool:
    """A first-person possessive right before a word for a view ('My own guess', '我自己的猜测', '我们的估计'),
    not 'my colleagues' (someone else's view)."""
    return own_view().match(text, end, pos) is not None


def data_subject(s: Sentence) -> Answer:
    """Data as the subject of an evidence verb before the value: whose data it is when the
    sentence says so ('皮尤研究中心的数据显示', "Pew's figures show"); else, with nobody named
    before it ('当前数据显示……', 'the figures show ...'), no claimant, and none guessed from the
    context."""
    m = _res()["data_subject"].search(s.text, 0, s.pos)
    if m is None:
        return None
    before = [a for a in s.agents if a.start < m.start()]
    if not before:
        return STOP
    owner = before[-1]
    if re.fullmatch(r"\s*(?:的|['’]s)?\s*", s.text[owner.start + len(owner.name):m.start()]):
        return _named(s.resolve(owner), "whose data", s)
    return None


def document_voice(s: Sentence) -> Answer:
    """The organisation whose page this is (its site, or a translation of its post)."""
    return _named(s.ctx.author, "the document's own voice")


STRATEGIES: list[tuple[str, Strategy]] = [
    ("quoted-speech", quoted_speech),
    ("model-self-report", model_self_report),
    ("named-view", named_view),
    ("according-to", according_to),
    ("speech-verb", speech_verb_before),
    ("speech-verb-after", speech_verb_after),
    ("role-named-after", role_named_after),
    ("trailing-speaker", trailing_speaker),
    ("interview-turn", interview_turn),
    ("qa-answer", qa_answer),
    ("list-label", list_label),
    ("speaker-heading", speaker_heading),
    ("table-row", table_row),
    ("colon-speaker", colon_speaker),
    ("pronoun", pronoun_subject),
    ("document-voice", document_voice),
    ("data-subject", data_subject),
]


# ---------------------------------------------------------------- context strategies

def title_person(s: Sentence) -> Answer:
    """The one person the title names (a podcast's guest, the researcher a feature is about)."""
    people = [a for a in s.ctx.title_agents if a.kind == "person"]
    return (people[0], f"named in the title: {people[0].name}") if len(people) == 1 else None


def salience(s: Sentence) -> Answer:
    """The person named last before the sentence (notes under 'Ben Mann predicts ...'), when the
    title names no person."""
    if any(a.kind == "person" for a in s.ctx.title_agents):
        return None
    last = s.ctx.last_known_person(s.start)
    if last is None:
        return None
    n = _sentences_back(s, last)
    back = f" ({n} sentence{'s' if n != 1 else ''} before)" if n else ""
    return last, f"named before: {last.name}{back}"


def lead_person(s: Sentence) -> Answer:
    """The one person the lead names (a feature's subject, an interview's guest), when the title
    names nobody and no known person was named before: 'When Lin Huimin ... began ...' then 'The
    epidemiologist and her team ... rose 14%'."""
    if any(a.kind == "person" for a in s.ctx.title_agents):
        return None
    people = {a.id: a for a in s.ctx.lead() if a.start < s.start}
    if len(people) != 1:
        return None
    if cites_a_study(s.text) and s.ctx.main_org(s.start) is not None:
        return None  # 'the survey found ...': the organisation that ran it, not the lead's person
    who = next(iter(people.values()))
    return Agent(who.name, who.id, "person", who.start), f"named in the lead: {who.name}"


def title_org(s: Sentence) -> Answer:
    """The one organisation the title names (whose paper the piece reports), when the title names
    no person."""
    if any(a.kind == "person" for a in s.ctx.title_agents):
        return None
    orgs = [a for a in s.ctx.title_agents if a.kind == "org"]
    return (orgs[0], f"named in the title: {orgs[0].name}") if len(orgs) == 1 else None


def main_org(s: Sentence) -> Answer:
    """The organisation the document names most often before the sentence (whose study or
    survey the piece reports), when neither the title nor the text before names a person."""
    if any(a.kind == "person" for a in s.ctx.title_agents) or s.ctx.last_known_person(s.start) is not None:
        return None
    org = s.ctx.main_org(s.start)
    return (org, f"the organisation named most before: {org.name}") if org is not None and org.id else None


def model_maker(s: Sentence) -> Answer:
    """A model or product the sentence names before the value, naming nobody else: what it
    measures of the model is its maker's finding ('Claude Opus 4.1 detected the injected concept
    about 20% of the time' -> Anthropic; the entities file says who makes what). The maker itself
    may stand in the sentence ('Anthropic put Claude Opus 4 under ASL-3'); anybody else may not."""
    for m in s.ctx.mentions_between(s.start, s.start + s.pos):
        maker = s.ctx.index.by_id.get(m.entity.maker or "")
        if maker is not None and maker.is_agent and all(a.id == maker.id for a in s.agents):
            return Agent(maker.names[0], maker.id, maker.kind), f"the maker of {m.name}: {maker.names[0]}"
    return None


def model_measured(s: Sentence) -> Answer:
    """'The model' as what the sentence measures ('另一次测试中，模型……在 84% 的测试中……',
    'In one test the model refused 84% of ...'), naming nobody: the maker of the model the piece
    is about (the last one named before, else the title's), not a person named before."""
    if s.agents:
        return None
    refs = [m for m in _res()["zh_model_ref" if s.lang == "zh" else "en_model_ref"].finditer(s.text, 0, s.pos)
            if m.group(0).lower() not in ("it", "它")]
    if not refs:
        return None
    before = [m for m in s.ctx.mentions_between(0, s.start)
              if m.entity.kind in ("model", "product") and m.entity.maker]
    things = before[-1:] or s.ctx.title_things[:1]
    if not things:
        return None
    maker = s.ctx.index.by_id.get(things[0].entity.maker or "")
    if maker is None or not maker.is_agent:
        return None
    return Agent(maker.names[0], maker.id, maker.kind), f"the maker of {things[0].name}, the model measured: {maker.names[0]}"


def study_named_after(s: Sentence) -> Answer:
    """A survey or study the sentence cites without saying whose, whose author the next sentence
    of the paragraph names while speaking of it again ('... found that 5%. The study was run by
    the Crestline Institute.', '……调查发现……。该调查由克雷斯特莱恩研究所组织。')."""
    who = s.ctx.sponsors.get(s.start)
    return (who, f"the study's author, named in the next sentence: {who.name}") if who else None


def presenter_after(s: Sentence) -> Answer:
    """A figure of the lead that names nobody, whose presenter the next sentence (or the first
    of the next paragraph) names: '... 90% ... . / Jane Roe, an engineer at X, presented the
    details at a conference.', '……约九成……。/ 工程师李明在大会上介绍了这些细节。'."""
    who = s.ctx.presenters.get(s.start)
    return (who, f"presented it, named in the sentence after: {who.name}") if who else None


CONTEXT: list[tuple[str, Strategy]] = [
    ("study-named-after", study_named_after),
    ("presenter-after", presenter_after),
    ("title", title_person),
    ("model-measured", model_measured),
    ("salience", salience),
    ("lead", lead_person),
    ("title", title_org),
    ("main-org", main_org),
    ("model-maker", model_maker),
]


def decide(sentence: str, sent_start: int, pos: int, lang: str, ctx: DocContext,
           extra: list[Agent] | None = None, folded: str | None = None,
           context: bool = True) -> tuple[Decision | None, bool]:
    """(the decision, whether it came from the context) for the value at sentence offset `pos`.

    `sentence` is as written; `folded` the same text normalised (Simplified, ASCII digits);
    `extra` are people found by NER / name tagging in this sentence (document offsets); without
    `context`, only the sentence's own strategies decide."""
    s = Sentence.build(sentence, sent_start, pos, lang, ctx, extra, folded)
    for name, strategy in STRATEGIES:
        s.pronoun_used = None
        got = strategy(s)
        if got is STOP:
            return None, False
        if got is not None:
            assert isinstance(got, tuple)
            who, how = got
            if how.startswith("pronoun '"):
                name = "pronoun"
            elif how.startswith(_ROLE_NAMED_AFTER):  # asked for by the speech-verb strategies too
                name = "role-named-after"
            return Decision(who, name, how), False
    if any(a.kind == "person" for a in s.agents) or not context:
        return None, False  # a person the sentence names but no strategy could credit: no guess
    if ctx.qa_line(s.start) == "Q":
        return None, False  # a Q&A's question: not the guest's claim, whoever the page is about
    for name, strategy in CONTEXT:
        got = strategy(s)
        if isinstance(got, tuple):
            return Decision(got[0], name, got[1]), True
    return None, False
