"""Downloader middlewares of the claimtrack crawler."""
