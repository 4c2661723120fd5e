"""The nightly run: crawl the sources, store what is new or changed, follow the primary sources
the claims cite (one hop), cluster, check claims against their own source, flag, and write the
digest of what changed since the previous run."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from claimtrack import output
from claimtrack.errors import EXIT_OFFLINE, EXIT_OK, EXIT_PARTIAL
from claimtrack.settings import Settings


def crawl_and_ingest(settings: Settings, sources, title: str, polite: bool, store, extractor,
                     follow_hosts: frozenset[str] | None = None) -> int:
    """One run over `sources` into `store` (closed at the end); returns the exit code. With
    `follow_hosts`, only cited primary sources on those hosts are fetched (the offline demo)."""
    from claimtrack import digest
    from claimtrack.pipeline import IngestReport, refresh_flags
    from claimtrack.pipeline import ingest as run_ingest
    from claimtrack.schema import utcnow
    from crawler import crawl
    from crawler.reach import nothing_resolves

    started = utcnow()
    if nothing_resolves(sources):
        return no_source_reached(store, title, started, [s.name for s in sources], "no host of any source resolves")
    # Crawl state belongs to its store: a new or emptied store starts the crawl afresh.
    state_dir = settings.db_path.parent / f"{settings.db_path.stem}.crawl-state"
    first_run = store.stats().get("documents", 0) == 0  # its digest is the whole store: not "overnight"
    if state_dir.exists() and first_run:
        import shutil

        shutil.rmtree(state_dir, ignore_errors=True)
    found = digest.before(store.list_flags(), store.iter_claims())
    with output.progress_bar("crawling") as advance:
        def on_event(event: str, n: int = 1) -> None:  # one step per page event; `n` is its running count
            advance(event)

        result = crawl(sources, settings=settings, state_dir=state_dir, polite=polite, progress=on_event)
    for line in result.errors:
        output.err.print(f"warning: {line}", markup=False)
    report = IngestReport()
    with output.progress_bar("extracting", total=len(result.documents)) as advance:
        run_ingest(result.documents, store, extractor, report, progress=advance)
    result.acknowledge()  # stored: the crawl's spool of handed-over documents can go
    primaries: dict = {}
    if settings.follow_primaries and settings.primary_max_per_run > 0:
        try:
            primaries = follow_primaries(settings, store, extractor, state_dir, polite, report, follow_hosts)
        except Exception as err:  # the outlets' run is kept; the sources are asked again next run
            why = f"primary sources not followed: {type(err).__name__}: {err}"
            output.err.print(f"warning: {why}", markup=False)
            primaries = {"errors": [why]}
    with output.err.status("clustering, checking against primary sources and flagging"):
        report.flags = refresh_flags(store)
    docs = {i: store.get_document(i) for i in report.new_ids + report.changed_ids}
    run = {"kind": title, "run_id": uuid.uuid4().hex, "started": started, "finished": utcnow(), "per_source": result.per_source,
           "errors": (result.errors + primaries.get("errors", []))[:200], "failed_sources": result.failed_sources,
           "documents": report.documents, "new": report.documents_new,
           "changed": report.documents_changed, "claims": report.claims, "primaries": primaries.get("counts", {}),
           "digest": digest.build(found, store.list_flags(), store.iter_claims(),
                                  [d for i in report.new_ids if (d := docs[i]) is not None],
                                  [d for i in report.changed_ids if (d := docs[i]) is not None])
                     | {"first_run": first_run}}
    store.record_run(run)
    md, atom = digest.write(settings.db_path, store.list_runs(limit=digest.FEED_RUNS), feed_url(settings))
    output.sources_table(result.per_source)
    output.store_summary(store, f"{title}: store", {
        "articles handed over": len(result.documents), "new": report.documents_new,
        "changed": report.documents_changed, "unchanged": report.documents_unchanged,
        "primary sources fetched": primaries.get("counts", {}).get("pages", 0),
        "sources failed": len(result.failed_sources)})
    output.err.print(f"{digest.headline(run)}\ndigest: {md}  feed: {atom}", markup=False)
    store.close()
    if result.failed_sources:
        output.err.print(f"sources that failed: {', '.join(result.failed_sources)}", markup=False)
        reached = [n for n, c in result.per_source.items() if c.get("pages") or c.get("unchanged")]
        if set(result.failed_sources) >= set(result.per_source) and not reached and not result.documents:
            output.err.print("error: no source reached (offline?): nothing was read; check the network and run again",
                             markup=False)
            return EXIT_OFFLINE
        return EXIT_PARTIAL
    return EXIT_OK


def follow_primaries(settings: Settings, store, extractor, state_dir, polite: bool, report,
                     hosts: frozenset[str] | None = None) -> dict:
    """Fetch the primary sources the stored claims cite (one hop, the crawl's politeness, state and
    snapshots; at most `primary_max_per_run` pages, each at most `primary_max_bytes`) and store them
    as primary documents. A failure here is a warning: the outlets' run is kept."""
    from claimtrack.pipeline import ingest as run_ingest
    from claimtrack.primaries import primary_site, primary_source, to_follow
    from crawler import crawl
    from crawler.reach import refused_hosts

    outlet_urls: set[str] = set()
    primary_urls: set[str] = set()
    for d in store.iter_documents():
        (primary_urls if d.primary else outlet_urls).add(d.url)
    urls = to_follow(store.iter_claims(), outlet_urls, primary_urls)
    if hosts is not None:
        urls = [u for u in urls if (urlsplit(u).hostname or "").lower() in hosts]
    refused = refused_hosts(urls)
    if refused:
        urls = [u for u in urls if (urlsplit(u).hostname or "").lower() not in refused]
        output.err.print(f"warning: {len(refused)} host(s) of cited primary sources do not resolve "
                         f"(offline?): left for the next run", markup=False)
    unresolved = [f"cited primary source: host does not resolve: {h}" for h in sorted(refused)][:50]
    if not urls:
        return {"errors": unresolved}
    source = primary_source(urls, settings.primary_max_per_run)
    with output.progress_bar("primary sources") as advance:
        def on_event(event: str, n: int = 1) -> None:
            advance(event)

        result = crawl([source], settings=settings, state_dir=state_dir, polite=polite, progress=on_event,
                       overrides={"DOWNLOAD_MAXSIZE": settings.primary_max_bytes,
                                  "DOWNLOAD_WARNSIZE": settings.primary_max_bytes})
    for line in result.errors:
        output.err.print(f"warning: primary source: {line}", markup=False)
    # a primary document's site is its host (the source is only the run's list of citations)
    documents = [d.model_copy(update={"site": primary_site(d.url)}) for d in result.documents]
    with output.progress_bar("extracting primary sources", total=len(documents)) as advance:
        run_ingest(documents, store, extractor, report, progress=advance)
    result.acknowledge()
    return {"counts": dict(result.per_source.get(source.name, {})), "errors": unresolved + result.errors}


def feed_url(settings: Settings) -> str | None:
    base = settings.public_url
    return f"{base.rstrip('/')}/digest.atom" if base else None


def no_source_reached(store, title: str, started: str, names: list[str], why: str) -> int:
    from claimtrack.schema import utcnow

    store.record_run({"kind": title, "started": started, "finished": utcnow(), "per_source": {},
                      "errors": [f"no source reached: {why}"], "failed_sources": names, "documents": 0,
                      "new": 0, "changed": 0, "claims": 0})
    store.close()
    output.err.print(f"error: no source reached (offline?): {why}; {len(names)} source(s) not crawled, "
                     "the store is unchanged (check the network and run again)", markup=False)
    return EXIT_OFFLINE
