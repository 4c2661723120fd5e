"""Elasticsearch indices of the store: explicit mappings (`dynamic: strict`), versioned names behind
stable aliases (`{prefix}-claims` -> `{prefix}-claims-v1`), built with the client's own DSL types.

Text analysis, and why it matches the SQLite backend
----------------------------------------------------
Chinese is not analysed by Elasticsearch at all: the store sends `fts_text`, the very string the
SQLite FTS5 index holds (`index.segment`: rjieba `cut_for_search`, words separated by spaces), and
queries are cut by the same code. The built-in `cjk` analyzer (overlapping bigrams) would match
other claims than SQLite does (any two-character substring, across word boundaries), and the
smartcn/ik plugins are not in a stock server; a pre-segmented field keeps both backends returning
the same claims for the same query.

`fts_text` arrives folded (`index.segment`: Traditional to Simplified, lower case, Snowball
English stems), and queries are folded by the same code, so its analyzer `claimtrack_folded` only
reproduces FTS5's `unicode61 remove_diacritics 2`: a pattern tokenizer that splits on everything
that is not a letter, digit or private-use character (unicode61's separators: "ASL-3" -> "asl",
"3"; Chinese words, being letters, stay whole), `lowercase` and `asciifolding`. No stop words, as
in SQLite, so every query word is required on both. Titles and flag texts keep `claimtrack_text`
(the same plus `porter_stem`).

English quotes also get a `quote.en` sub-field with the built-in `english` analyzer (possessives,
stop words, Porter stems). Search uses it only to rank (a `should` clause), never to decide which
claims match, so result sets stay identical between backends.
"""

from __future__ import annotations

from elasticsearch.dsl import (
    Boolean,
    Date,
    DenseVector,
    Double,
    Float,
    Index,
    Keyword,
    Long,
    Mapping,
    Object,
    Text,
    analyzer,
    tokenizer,
)

#: Bump a kind's version when its mapping changes; `ElasticsearchStore.upgrade_indices()` creates
#: the new index, reindexes and moves the alias.
VERSIONS: dict[str, int] = {
    "documents": 1,
    "document-versions": 1,
    "claims": 2,  # 2: fts_text folded by index.segment, analysed by claimtrack_folded
    "flags": 1,
    "reviews": 1,
    "runs": 1,
    "vectors": 1,
    "match-decisions": 1,
    "suggestions": 1,
}
KINDS: tuple[str, ...] = tuple(VERSIONS)

UNICODE61_PATTERN = r"[^\p{L}\p{N}\p{Co}]+"

claimtrack_text = analyzer(
    "claimtrack_text",
    tokenizer=tokenizer("claimtrack_unicode61", "pattern", pattern=UNICODE61_PATTERN),
    filter=["lowercase", "asciifolding", "porter_stem"],
)

claimtrack_folded = analyzer(
    "claimtrack_folded",
    tokenizer=tokenizer("claimtrack_unicode61", "pattern", pattern=UNICODE61_PATTERN),
    filter=["lowercase", "asciifolding"],
)

# Dates as the schema keeps them (ISO strings, sometimes only a year or a month); a value that is
# not a date stays in `data` and is left out of the date index rather than failing the write.
def _date() -> Date:
    """A date as the documents give it: full, year and month, or year only; malformed ones are kept out."""
    return Date(format="strict_date_optional_time||yyyy-MM||yyyy", ignore_malformed=True)


def _long_keyword() -> Keyword:
    """A keyword that may be long (URLs): past 2,048 characters it is kept in `_source` but not
    indexed, instead of failing the write on Lucene's term size limit."""
    return Keyword(ignore_above=2048)


def _data() -> Object:
    """The whole model as JSON, stored, not indexed (the indexed fields are copies for search)."""
    return Object(enabled=False)


def _mapping(fields: dict[str, object]) -> Mapping:
    m = Mapping()
    m.meta("dynamic", "strict")
    for name, field in fields.items():
        m.field(name, field)
    return m


def mappings() -> dict[str, Mapping]:
    return {
        "documents": _mapping({
            "id": Keyword(), "url": _long_keyword(), "content_sha256": Keyword(), "site": Keyword(),
            "lang": Keyword(), "source": Keyword(), "published": _date(), "stored_at": _date(),
            "title": Text(analyzer=claimtrack_text), "seq": Long(), "data": _data(),
        }),
        "document-versions": _mapping({
            "doc_id": Keyword(), "content_sha256": Keyword(), "replaced_at": _date(), "seq": Long(),
            "data": _data(),
        }),
        "claims": _mapping({
            "id": Keyword(), "doc_id": Keyword(), "url": _long_keyword(), "site": Keyword(), "lang": Keyword(),
            "cluster_id": Keyword(), "claimant_id": Keyword(), "subject_id": Keyword(),
            "proposition_key": Keyword(), "qualifier": Keyword(), "value_unit": Keyword(),
            "value_low": Double(), "value_high": Double(),
            "published": _date(), "stated_at": _date(), "cites": _long_keyword(),
            "quote": Text(analyzer=claimtrack_text, fields={"en": Text(analyzer="english")}),
            "fts_text": Text(analyzer=claimtrack_folded),
            "fingerprint": Keyword(), "seq": Long(), "data": _data(),
        }),
        "flags": _mapping({
            "id": Keyword(), "kind": Keyword(), "status": Keyword(), "cluster_id": Keyword(),
            "claims": Keyword(), "evidence": _long_keyword(), "active": Boolean(), "severity": Float(),
            "summary": Text(analyzer=claimtrack_text), "reopened_reason": Text(analyzer=claimtrack_text),
            "review": Object(properties={"by": Keyword(), "at": _date(), "note": Text()}),
            "updated_at": _date(), "data": _data(),
        }),
        "reviews": _mapping({
            "flag_id": Keyword(), "status": Keyword(), "by": Keyword(), "note": Text(),
            "at": _date(), "seq": Long(),
        }),
        "runs": _mapping({"at": _date(), "seq": Long(), "data": _data()}),
        # claim vectors for matching: one document per claim (its id), with its model; dims come with the first
        # vector; read back by id (mget): a new claim's neighbours are found in numpy (claimtrack.neighbours),
        # as on SQLite, so both backends give the same clusters (the field is indexed for a kNN search)
        "vectors": _mapping({"claim_id": Keyword(), "model": Keyword(),
                             "vec": DenseVector(index=True, similarity="cosine")}),
        "match-decisions": _mapping({"a": Keyword(), "b": Keyword(), "decision": Keyword(), "by": Keyword(),
                                     "note": Text(), "at": _date(), "seq": Long()}),
        "suggestions": _mapping({"a": Keyword(), "b": Keyword(), "score": Float()}),
    }


class IndexNames:
    """Names for one store: `{prefix}-{kind}` is the alias, `{prefix}-{kind}-v{N}` the index."""

    def __init__(self, prefix: str) -> None:
        if not prefix or prefix != prefix.lower() or any(c in prefix for c in ' "*\\<|,>/?#:'):
            from claimtrack.errors import StoreError

            raise StoreError(f"bad Elasticsearch index prefix {prefix!r}",
                             hint="set CLAIMTRACK_ES_PREFIX to lower-case letters, digits and dashes")
        self.prefix = prefix

    def alias(self, kind: str) -> str:
        return f"{self.prefix}-{kind}"

    def index(self, kind: str, version: int | None = None) -> str:
        return f"{self.prefix}-{kind}-v{VERSIONS[kind] if version is None else version}"

    def version_of(self, kind: str, index_name: str) -> int | None:
        head = f"{self.alias(kind)}-v"
        tail = index_name[len(head):]
        return int(tail) if index_name.startswith(head) and tail.isdigit() else None


def index_body(kind: str, names: IndexNames, *, version: int | None = None, with_alias: bool = True) -> dict:
    """The body of `indices.create` for one kind: settings (analysis), mappings and its alias."""
    idx = Index(names.index(kind, version))
    # One shard is plenty for a newsroom's claims; a replica where a second node exists.
    idx.settings(number_of_shards=1, auto_expand_replicas="0-1")
    idx.mapping(mappings()[kind])
    if with_alias:
        idx.aliases(**{names.alias(kind): {"is_write_index": True}})
    return idx.to_dict()
