"""Scrapy settings of the claimtrack crawler (`scrapy.cfg` points here).

Polite by default: robots.txt obeyed, one request at a time per domain, AutoThrottle, retries.
`crawler.run.crawl(polite=False)` lifts those for loopback tests and benchmarks only.
"""

BOT_NAME = "claimtrack"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = "claimtrack/0.1 (+https://github.com/claimtrack)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024  # a news article is never 10 MB; a 50 MB page is cut off
DOWNLOAD_WARNSIZE = 0
REDIRECT_MAX_TIMES = 5  # and a loop ends there: "max redirections reached"
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_BACKOFF_BASE = 2.0  # seconds before the first retry; doubled for each further one (crawler.middlewares.backoff)
RETRY_BACKOFF_MAX = 60.0
COMPRESSION_ENABLED = True
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
DNS_TIMEOUT = 20
LOG_LEVEL = "INFO"
LOG_FORMATTER = "crawler.logformatter.ShortLogFormatter"

DOWNLOAD_HANDLERS = {"s3": None, "ftp": None}  # web pages only; saves start-up time
# Scrapy's own extensions minus telnet, feed export and remote control (which imports aiohttp at
# start-up even when switched off in EXTENSIONS): a shorter start for every nightly run.
EXTENSIONS_BASE = {
    "scrapy.extensions.corestats.CoreStats": 0,
    "scrapy.extensions.logcount.LogCount": 0,
    "scrapy.extensions.memusage.MemoryUsage": 0,
    "scrapy.extensions.closespider.CloseSpider": 0,
    "scrapy.extensions.logstats.LogStats": 0,
    "scrapy.extensions.throttle.AutoThrottle": 0,
}

# Scrapy's own downloader middlewares minus cookies (off: COOKIES_ENABLED), HTTP auth and the HTTP
# cache, whose modules are costly to import at every start (cookies pulls in tldextract/requests).
DOWNLOADER_MIDDLEWARES_BASE = {
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": 50,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.downloadtimeout.DownloadTimeoutMiddleware": 350,
    "scrapy.downloadermiddlewares.defaultheaders.DefaultHeadersMiddleware": 400,
    "scrapy.downloadermiddlewares.useragent.UserAgentMiddleware": 500,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": 550,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": 580,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": 590,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": 600,
    "scrapy.downloadermiddlewares.httpproxy.HttpProxyMiddleware": 750,
    "scrapy.downloadermiddlewares.stats.DownloaderStats": 850,
}

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.backoff.BackoffMiddleware": 540,  # before RetryMiddleware (550) re-schedules
    "crawler.middlewares.redirectloop.RedirectLoopMiddleware": 650,  # sees 3xx before RedirectMiddleware (600)
}

ITEM_PIPELINES = {
    "crawler.pipelines.snapshot.SnapshotPipeline": 100,
    "crawler.pipelines.unchanged.UnchangedPipeline": 200,
    "crawler.pipelines.article.ArticlePipeline": 300,
    "crawler.pipelines.topic.TopicPipeline": 400,
    "crawler.pipelines.duplicates.DuplicatesPipeline": 500,
    "crawler.pipelines.syndication.SyndicationPipeline": 600,
    "crawler.pipelines.spool.SpoolPipeline": 900,
}

# Set per run by crawler.run (see there); empty here so a bare `scrapy crawl` says what is missing.
CLAIMTRACK_SNAPSHOT_DIR = None
CLAIMTRACK_SPOOL = None
CLAIMTRACK_TOPICS: list[str] = []
CLAIMTRACK_MIN_TEXT_CHARS = 120
CLAIMTRACK_SYNDICATION_THRESHOLD = 0.6  # estimated Jaccard of 4-gram shingles; 0: no near duplicates (identical copies still linked)

