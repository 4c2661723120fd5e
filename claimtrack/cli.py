"""The `claimtrack` command line (contract: shared/spec/CLI.md).

Library code raises ClaimtrackError subclasses; `main()` turns each into one line on stderr and
an exit code, never a bare traceback.
"""

from __future__ import annotations

import os
import sys
from enum import Enum, StrEnum
from pathlib import Path
from typing import Annotated, cast

import typer
from pydantic import ValidationError

from claimtrack import output
from claimtrack.errors import (
    EXIT_FATAL,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_USAGE,
    ClaimtrackError,
    InputError,
    UsageError,
)
from claimtrack.schema import FLAG_STATUSES, LANGS, REVIEW_STATUSES, FlagStatus, Review
from claimtrack.settings import Settings

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Track numeric claims about AI welfare across Chinese and English coverage.")


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            v = version("claimtrack")
        except PackageNotFoundError:  # pragma: no cover - run from a source tree without installing
            v = "unknown (not installed)"
        print(f"claimtrack {v}")
        raise typer.Exit(0)


@app.callback()
def _root(show_version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                     help="Print the version and exit.")] = False) -> None:
    """Track numeric claims about AI welfare across Chinese and English coverage."""

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class Fmt(str, Enum):
    table = "table"
    jsonl = "jsonl"


# the option choices come from the schema's one set of each (a new status is a new choice)
Status = StrEnum("Status", [(x, x) for x in FLAG_STATUSES])  # type: ignore[misc]
Decision = StrEnum("Decision", [(x, x) for x in REVIEW_STATUSES])  # type: ignore[misc]
Lang = StrEnum("Lang", [(x, x) for x in LANGS])  # type: ignore[misc]


class ExportFmt(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    claimreview = "claimreview"


class Backend(str, Enum):
    sqlite = "sqlite"
    elasticsearch = "elasticsearch"


DbOpt = Annotated[Path | None, typer.Option("--db", help="Store file (default: CLAIMTRACK_DB, else the user data dir).")]
FmtOpt = Annotated[Fmt, typer.Option("--format", help="table for people, jsonl for scripts (shared schemas).")]


def _settings(db: Path | None) -> Settings:
    settings = Settings()
    if db is not None:
        settings.db = db
    return settings


def _store(settings: Settings):
    from index import open_store

    return open_store(settings)


def _existing_store(settings: Settings):
    """The store of a command that only reads it (or reviews what is in it): a SQLite file that is
    not there is a mistyped `--db`, not a wish for an empty store."""
    if settings.backend == "sqlite" and not settings.db_path.is_file():
        raise UsageError(f"no store at {settings.db_path}",
                         hint="check --db or CLAIMTRACK_DB; `claimtrack ingest`, `run` or `demo` create one")
    return _store(settings)


def _extractor(settings: Settings):
    from nlp import Extractor

    return Extractor(settings)


def _finish_ingest(store, report) -> None:
    from claimtrack.pipeline import refresh_flags

    with output.err.status("clustering and flagging"):
        report.flags = refresh_flags(store)


# -- stateless --------------------------------------------------------------------------------

@app.command()
def extract(paths: Annotated[list[str], typer.Argument(help="Files, folders, .jsonl or http(s) URLs.")],
            format: FmtOpt = Fmt.table) -> None:
    """Print the claims found in the given documents, touching no store."""
    from claimtrack.inputs import read_inputs
    from claimtrack.pipeline import extract as extract_claims

    settings = Settings()
    extractor = _extractor(settings)
    errors = good = 0
    for item in read_inputs(paths):
        if isinstance(item, InputError):
            errors += 1
            output.err.print(f"error: {item.one_line()}", markup=False)
            continue
        good += 1
        claims = extract_claims(extractor, item)
        if format == Fmt.jsonl:
            output.print_jsonl(c.to_json() for c in claims)
        else:
            output.claims_table(claims, title=item.url)
    raise typer.Exit(_partial_exit(good, errors))


def _partial_exit(good: int, errors: int) -> int:
    if errors and not good:
        return EXIT_USAGE
    return EXIT_PARTIAL if errors else EXIT_OK


# -- writing ------------------------------------------------------------------------------------

@app.command()
def ingest(paths: Annotated[list[str], typer.Argument(help="Files, folders, .jsonl or http(s) URLs.")],
           db: DbOpt = None) -> None:
    """Add local documents: extract, store, cluster, flag. Re-ingesting changes nothing."""
    from claimtrack.inputs import read_inputs
    from claimtrack.pipeline import IngestReport
    from claimtrack.pipeline import ingest as run_ingest

    settings = _settings(db)
    store = _store(settings)
    extractor = _extractor(settings)
    report = IngestReport()
    docs = []
    for item in read_inputs(paths):
        if isinstance(item, InputError):
            report.errors.append(item.one_line())
            output.err.print(f"error: {item.one_line()}", markup=False)
        else:
            docs.append(item)
    with output.progress_bar("extracting", total=len(docs)) as advance:
        run_ingest(docs, store, extractor, report, progress=advance)
    _finish_ingest(store, report)
    output.store_summary(store, "store", {"documents read": report.documents, "new": report.documents_new,
                              "changed": report.documents_changed, "unchanged": report.documents_unchanged,
                              "inputs failed": len(report.errors)})
    store.record_run({"kind": "ingest", "documents": report.documents, "claims": report.claims,
                      "errors": report.errors[:100]})
    store.close()
    raise typer.Exit(_partial_exit(report.documents, len(report.errors)))


def _crawl_and_ingest(settings: Settings, sources, title: str, polite: bool,
                      follow_hosts: frozenset[str] | None = None) -> int:
    from claimtrack.nightly import crawl_and_ingest

    return crawl_and_ingest(settings, sources, title, polite, _store(settings), _extractor(settings),
                            follow_hosts=follow_hosts)


@app.command()
def run(sources: Annotated[Path | None, typer.Option("--sources", help="Sources TOML (default: seeds/sources.toml).")] = None,
        db: DbOpt = None) -> None:
    """The nightly job: crawl the sources, extract, store, follow the primary sources the claims
    cite and check claims against them, cluster, flag, and write the digest of what changed
    (beside the store, as Markdown and an Atom feed). Incremental."""
    from crawler import load_sources
    from seeds import SEEDS_DIR

    settings = _settings(db)
    path = sources or SEEDS_DIR / "sources.toml"
    if not path.is_file():
        raise UsageError(f"sources file not found: {path}", hint="give --sources FILE")
    raise typer.Exit(_crawl_and_ingest(settings, load_sources(path), "run", polite=True))


@app.command()
def demo(no_ui: Annotated[bool, typer.Option("--no-ui", help="Stop after the pipeline; do not start the UI.")] = False,
         port: Annotated[int | None, typer.Option("--port", help="Port of the UI (default: CLAIMTRACK_UI_PORT, "
                                                                 "8501).")] = None,
         db: DbOpt = None) -> None:
    """Serve the bundled demo corpus on loopback, crawl it with the real spider, extract, store, flag."""
    from crawler import load_sources, serve_directory
    from seeds import SEEDS_DIR

    settings = _settings(db)
    port = settings.ui_port if port is None else port
    if not no_ui:
        _require_free_port(settings.ui_host, port)  # say so now, not after the crawl
    demo_dir = SEEDS_DIR / "demo"
    # A stable port keeps the demo's URLs, and so document ids and crawl state, the same run to run.
    with serve_directory(demo_dir, prefer_port=settings.demo_port) as base:
        output.err.print(f"serving the demo corpus at {base}", markup=False)
        if not base.endswith(f":{settings.demo_port}"):
            output.err.print(f"warning: port {settings.demo_port} is taken, so the demo's pages have other "
                             "addresses this time: reviews of an earlier demo run may re-open "
                             "(set CLAIMTRACK_DEMO_PORT to a free port)", markup=False)
        # offline: the demo's articles cite real addresses; only loopback primaries are followed
        code = _crawl_and_ingest(settings, load_sources(demo_dir / "sources.toml", base=base), "demo", polite=False,
                                 follow_hosts=LOOPBACK_HOSTS)
    output.err.print(f"store: {settings.db_path.resolve()} (read it with: claimtrack flags --db {settings.db_path})",
                     markup=False)
    if not no_ui:
        code = max(code, _serve_ui(settings, port))
    raise typer.Exit(code)


# -- reading --------------------------------------------------------------------------------

@app.command()
def claims(format: FmtOpt = Fmt.table, db: DbOpt = None,
           claimant: Annotated[str | None, typer.Option(help="Who: an id (kyle-fish), a name in either language "
                                                             "(Kyle Fish, 凯尔·菲什) or one word of it (fish, 菲什).")] = None,
           proposition: Annotated[str | None, typer.Option(help="Proposition key.")] = None,
           cluster: Annotated[str | None, typer.Option(help="Cluster id.")] = None,
           lang: Annotated[Lang | None, typer.Option(help="zh or en.")] = None,
           limit: Annotated[int | None, typer.Option(help="At most this many.")] = None) -> None:
    """Print stored claims."""
    store = _existing_store(_settings(db))
    claimant_ids = _claimant_ids(store, claimant) if claimant else None
    found = store.list_claims(claimant_id=claimant_ids, proposition_key=proposition, cluster_id=cluster,
                              lang=lang.value if lang else None, limit=limit)
    if format == Fmt.jsonl:
        output.print_jsonl(c.to_json() for c in found)
    else:
        output.claims_table(found)


def _claimant_ids(store, query: str) -> tuple[str, ...]:
    from claimtrack import claimants

    known = [(cid, name) for cid, name, _n in store.facets(limit=1_000_000)["claimants"]]
    ids = claimants.resolve(query, known, claimants.entity_aliases())
    if not ids:
        raise UsageError(f"no stored claim has a claimant matching {query!r}",
                         hint="give an id, a name or a surname; `claimtrack claims` shows who is stored")
    if ids != [query]:
        output.err.print(f"claimant {query!r}: {', '.join(ids)}", markup=False)
    return tuple(ids)


@app.command()
def flags(status: Annotated[Status | None, typer.Option(help="open, confirmed or dismissed.")] = None,
          format: FmtOpt = Fmt.table, db: DbOpt = None) -> None:
    """Print discrepancy flags, most severe first."""
    store = _existing_store(_settings(db))
    found = store.list_flags(status=status.value if status else None)
    if format == Fmt.jsonl:
        output.print_jsonl(f.to_json() for f in found)
    else:
        output.flags_table(found)


@app.command()
def search(query: Annotated[str, typer.Argument(help=(
               'Words in Chinese or English, all required; "a phrase" in order; a OR b; NOT a or -a '
               "leaves claims out. Word forms and Traditional/Simplified Chinese find each other."))],
           lang: Annotated[Lang | None, typer.Option(help="zh or en.")] = None,
           limit: Annotated[int, typer.Option(help="At most this many.")] = 50,
           format: FmtOpt = Fmt.table, db: DbOpt = None) -> None:
    """Full-text search over stored claims."""
    store = _existing_store(_settings(db))
    found = store.search(query, lang=lang.value if lang else None, limit=limit)
    if format == Fmt.jsonl:
        output.print_jsonl(c.to_json() for c in found)
    else:
        output.claims_table(found, title=f"search {query!r}")


@app.command()
def review(flag_id: Annotated[str, typer.Argument(help="Flag id (see `claimtrack flags`).")],
           status: Annotated[Decision, typer.Option("--status", help="confirmed or dismissed.")],
           by: Annotated[str, typer.Option("--by", help="Reviewer's name.")],
           note: Annotated[str, typer.Option("--note", help="Why.")] = "",
           db: DbOpt = None) -> None:
    """Record an analyst's decision; it survives every later run."""
    if not by.strip():
        raise UsageError("--by must name the reviewer")
    store = _existing_store(_settings(db))
    if store.get_flag(flag_id) is None:
        raise UsageError(f"no flag {flag_id!r}", hint="see `claimtrack flags` for ids")
    flag = store.add_review(Review(flag_id=flag_id, status=cast(FlagStatus, status.value), by=by.strip(), note=note))
    output.err.print(f"{flag.id}: {flag.status} by {by}", markup=False)


@app.command()
def history(flag_id: Annotated[str, typer.Argument(help="Flag id (see `claimtrack flags`).")],
            db: DbOpt = None) -> None:
    """Print a flag's review history, oldest first (append-only)."""
    store = _existing_store(_settings(db))
    flag = store.get_flag(flag_id)
    if flag is None:
        raise UsageError(f"no flag {flag_id!r}", hint="see `claimtrack flags` for ids")
    out = output.out_console()
    out.print(f"{flag.id} {flag.kind} ({flag.status}): {flag.summary}", markup=False, highlight=False)
    if flag.reopened_reason:
        out.print(f"re-opened: {flag.reopened_reason}", markup=False)
    for r in store.list_reviews(flag_id):
        out.print(f"{r.at}  {r.status:<9} by {r.by}" + (f": {r.note}" if r.note else ""), markup=False)


@app.command()
def matches(format: FmtOpt = Fmt.table, limit: Annotated[int, typer.Option(help="At most this many.")] = 50,
            db: DbOpt = None) -> None:
    """Suggested matches: pairs of claims that may be one claim, for an analyst to confirm or split
    with `claimtrack match`."""
    store = _existing_store(_settings(db))
    suggestions = store.list_suggestions(limit=limit)
    by_id = {c.id: c for c in store.get_claims({x for s in suggestions for x in (s.a, s.b)})}
    if format == Fmt.jsonl:
        output.print_jsonl(s.model_dump() for s in suggestions)
        return
    out = output.out_console()
    out.print(f"suggested matches ({len(suggestions)})", markup=False)
    for s in suggestions:
        a, b = by_id.get(s.a), by_id.get(s.b)
        if a is None or b is None:
            continue
        out.print(f"{s.score:.2f}  {s.a} {a.value.text!r} ({a.doc.site or a.doc.url})  ~  "
                  f"{s.b} {b.value.text!r} ({b.doc.site or b.doc.url})", markup=False, highlight=False)


@app.command()
def match(claim_a: Annotated[str, typer.Argument(help="A claim id (see `claimtrack matches`).")],
          claim_b: Annotated[str, typer.Argument(help="Another claim id.")],
          same: Annotated[bool, typer.Option("--same/--different",
                                             help="The same claim (join) or different claims (keep apart).")],
          by: Annotated[str, typer.Option("--by", help="Analyst's name.")],
          note: Annotated[str, typer.Option("--note", help="Why.")] = "",
          db: DbOpt = None) -> None:
    """Record that two claims are the same claim or different claims; clusters and flags are
    recomputed now, and the decision holds on every later run."""
    from claimtrack.pipeline import refresh_flags
    from claimtrack.schema import MatchDecision

    if not by.strip():
        raise UsageError("--by must name the analyst")
    if claim_a == claim_b:
        raise UsageError("give two different claim ids")
    store = _existing_store(_settings(db))
    missing = sorted({claim_a, claim_b} - {c.id for c in store.get_claims({claim_a, claim_b})})
    if missing:
        raise UsageError(f"no claim {', '.join(map(repr, missing))}", hint="see `claimtrack matches` or `claims` for ids")
    store.add_match_decision(MatchDecision(a=claim_a, b=claim_b, decision="same" if same else "different",
                                           by=by.strip(), note=note))
    with output.err.status("clustering and flagging"):
        refresh_flags(store)
    output.err.print(f"{claim_a} and {claim_b}: {'same claim' if same else 'different claims'} by {by}",
                     markup=False)


@app.command()
def export(format: Annotated[ExportFmt, typer.Option("--format", help="jsonl, csv or claimreview.")],
           what: Annotated[str, typer.Option(help="claims, flags or all (jsonl only).")] = "",
           out: Annotated[Path | None, typer.Option("--out", help="Write here instead of stdout.")] = None,
           db: DbOpt = None) -> None:
    """Export claims and reviewed flags; claimreview writes schema.org ClaimReview JSON-LD."""
    import json

    from claimtrack import export as ex

    store = _existing_store(_settings(db))
    what = what or ("all" if format == ExportFmt.jsonl else "claims")
    if what not in ("claims", "flags", "all") or (format == ExportFmt.csv and what == "all"):
        raise UsageError(f"--what {what!r} is not valid here", hint="claims or flags (csv), or all (jsonl)")
    if format == ExportFmt.claimreview:
        confirmed = store.list_flags(status="confirmed")
        text = ex.claim_reviews_json([(f, store.get_claims(f.claims)) for f in confirmed],
                                     names=ex.full_names(), public_url=_settings(db).public_url)
    else:
        reviewed = [f for f in store.list_flags() if f.review is not None] if what != "claims" else []
        if format == ExportFmt.csv:
            if what == "claims":
                text = ex.to_csv((ex.claim_row(c) for c in store.iter_claims()), ex.CLAIM_CSV_FIELDS)
            else:
                text = ex.to_csv((ex.flag_row(f) for f in reviewed), ex.FLAG_CSV_FIELDS)
        else:
            lines = []
            if what in ("claims", "all"):
                lines += [json.dumps(c.to_json(), ensure_ascii=False) for c in store.iter_claims()]
            lines += [json.dumps(f.to_json(), ensure_ascii=False) for f in reviewed]
            text = "".join(line + "\n" for line in lines)
    if out:
        try:
            out.write_text(text, encoding=ex.CSV_ENCODING if format == ExportFmt.csv else "utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {out}: {exc.strerror or exc}", hint="give --out a writable file path") from exc
        output.err.print(f"wrote {out}", markup=False)
    else:
        sys.stdout.write(text)


@app.command()
def ui(port: Annotated[int | None, typer.Option("--port", help="Port to listen on (default: CLAIMTRACK_UI_PORT, "
                                                              "8501).")] = None,
       db: DbOpt = None) -> None:
    """Start the Streamlit app on the store."""
    settings = _settings(db)
    port = settings.ui_port if port is None else port
    _existing_store(settings).close()
    raise typer.Exit(_serve_ui(settings, port))


def streamlit_command(host: str, port: int) -> list[str]:
    """How the app is served: headless, no usage statistics, the reader's toolbar (no "Deploy")."""
    from ui import APP_PATH

    return [sys.executable, "-m", "streamlit", "run", str(APP_PATH), "--server.address", host,
            "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
            "--client.toolbarMode", "viewer"]


def _require_free_port(host: str, port: int) -> None:
    import socket

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                             hint="give --port another port, or stop what holds this one") from exc


def _serve_feed(settings: Settings, port: int):
    """The digest feed on the port after the app's; a warning, not a failure, when it is taken."""
    from claimtrack.digest import paths
    from claimtrack.feedserver import serve_feed

    md, atom = paths(settings.db_path)
    try:
        server = serve_feed(settings.ui_host, port, md, atom)
    except OSError as err:
        output.err.print(f"warning: the digest feed is not served (port {port}: {err.strerror}); "
                         f"it is written to {atom}", markup=False)
        return None
    output.err.print(f"digest feed on http://{settings.ui_host}:{port}/digest.atom", markup=False)
    return server


def _serve_ui(settings: Settings, port: int) -> int:
    """Run Streamlit on the store until it stops; returns its exit code. A busy port is refused
    before anything starts; SIGTERM, SIGHUP and Ctrl-C reach Streamlit, so it never outlives us."""
    import signal
    import subprocess

    _require_free_port(settings.ui_host, port)
    env = dict(os.environ, CLAIMTRACK_DB=str(settings.db_path))
    feed = _serve_feed(settings, port + 1)
    if feed is not None:
        env["CLAIMTRACK_FEED_URL"] = f"http://{settings.ui_host}:{port + 1}/digest.atom"
    cmd = streamlit_command(settings.ui_host, port)
    output.err.print(f"claimtrack UI on http://{settings.ui_host}:{port} (Ctrl-C to stop)", markup=False)
    child = subprocess.Popen(cmd, env=env)

    def forward(signum, _frame) -> None:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM if signum == signal.SIGHUP else signum)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)}
    try:
        while True:
            try:
                code = child.wait()
                break
            except KeyboardInterrupt:  # pragma: no cover - SIGINT is forwarded, not raised
                forward(signal.SIGINT, None)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if feed is not None:
            feed.shutdown()
    if code < 0 and -code in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        return EXIT_OK  # stopped on request
    if code != 0:
        output.err.print(f"error: the UI stopped with exit code {code} (see the lines above)", markup=False)
        return EXIT_FATAL
    return EXIT_OK


@app.command()
def migrate(to: Annotated[Backend | None, typer.Option("--to", help="Backend to copy the whole store into; "
                                                         "without it, upgrade the current store's indices.")] = None,
            db: DbOpt = None) -> None:
    """Copy the whole store (documents, claims, flags, reviews) to the other backend, or, without
    --to, bring Elasticsearch indices to the current mapping version (new index, reindex, alias)."""
    from index.transfer import copy_store

    src_settings = _settings(db)
    if to is None:
        if src_settings.backend != "elasticsearch":
            output.err.print("SQLite stores migrate themselves when opened; nothing to do", markup=False)
            return
        from index.es_store import ElasticsearchStore

        es = ElasticsearchStore.from_settings(src_settings, allow_old_versions=True)
        output.summary_table("indices", es.upgrade_indices())
        return
    if src_settings.backend == to.value:
        raise UsageError(f"the store is already {to.value}", hint="set CLAIMTRACK_BACKEND to the source backend")
    dst_settings = src_settings.model_copy(update={"backend": to.value})
    src, dst = _existing_store(src_settings), _store(dst_settings)
    with output.err.status(f"copying the store to {to.value}"):
        counts = copy_store(src, dst)
    output.summary_table(f"migrated to {to.value} (added)", counts)


def _invalid(exc: ValidationError) -> UsageError:
    first = exc.errors()[0]
    msg = str(first.get("msg", exc)).removeprefix("Value error, ")
    where = ".".join(str(p) for p in first.get("loc", ()))
    if exc.title == "Settings" and where:
        where = f"CLAIMTRACK_{where.upper()}"
    more = f" (and {len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
    return UsageError(f"{where + ': ' if where else ''}{msg}{more}",
                      hint="fix the option or environment variable named; see claimtrack --help")


def main() -> None:
    try:
        rc = app(standalone_mode=False)
        sys.exit(rc if isinstance(rc, int) else EXIT_OK)
    except ClaimtrackError as exc:
        output.err.print(f"error: {exc.one_line()}", markup=False)
        sys.exit(exc.exit_code)
    except ValidationError as exc:  # a setting or an option pydantic refused: say which, in one line
        output.err.print(f"error: {_invalid(exc).one_line()}", markup=False)
        sys.exit(EXIT_USAGE)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        output.err.print("aborted", markup=False)
        sys.exit(130)
    except KeyboardInterrupt:
        output.err.print("interrupted; run again to resume", markup=False)
        sys.exit(130)
    except Exception as exc:  # click usage errors and anything unexpected: one line, no traceback
        # typer vendors its own click: recognise its usage errors by their shape
        if any(k.__name__ == "ClickException" for k in type(exc).__mro__) and hasattr(exc, "format_message"):
            output.err.print(f"error: {exc.format_message()} (see claimtrack --help)", markup=False)
            sys.exit(EXIT_USAGE)
        if os.environ.get("CLAIMTRACK_DEBUG"):
            raise
        output.err.print(f"error: [CT999] unexpected {type(exc).__name__}: {exc} "
                         f"(rerun with CLAIMTRACK_DEBUG=1 for details)", markup=False)
        sys.exit(EXIT_FATAL)


if __name__ == "__main__":
    main()
