"""Domain data shipped with claimtrack: entities, propositions, sources, demo corpus."""

from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent
