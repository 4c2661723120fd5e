"""Item pipelines, one class per module, in the order set in `crawler.settings.ITEM_PIPELINES`:
snapshot -> unchanged -> article -> topic -> duplicates -> syndication -> spool."""
