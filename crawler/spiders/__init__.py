"""Scrapy spiders of the claimtrack crawler."""
