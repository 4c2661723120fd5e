"""claimtrack: track numeric claims about AI welfare across Chinese and English coverage."""

__version__ = "0.1.0"
