"""`--claimant` takes what a journalist would type: an id, a name in either language or script, or
one word of a name; cases of our own, English and Chinese."""

from __future__ import annotations

import pytest

from claimtrack.claimants import entity_aliases, resolve

KNOWN = [("kyle-fish", "Kyle Fish"), ("dario-amodei", "Dario Amodei"), ("daniela-amodei", "Daniela Amodei"),
         ("jane-roe", "Jane Roe"), ("li-wei", "李伟"), ("anthropic", "Anthropic")]


@pytest.mark.parametrize("query, expected", [
    ("kyle-fish", ["kyle-fish"]),
    ("Kyle Fish", ["kyle-fish"]),
    ("kyle fish", ["kyle-fish"]),
    ("KYLE-FISH", ["kyle-fish"]),
    ("fish", ["kyle-fish"]),
    ("Ｆｉｓｈ", ["kyle-fish"]),           # full-width letters
    ("凯尔·菲什", ["kyle-fish"]),           # an alias of the entities file
    ("凱爾·菲什", ["kyle-fish"]),           # Traditional
    ("凯尔 菲什", ["kyle-fish"]),
    ("菲什", ["kyle-fish"]),
    ("amodei", ["dario-amodei", "daniela-amodei"]),  # two people: both, in stored order
    ("Jane Roe", ["jane-roe"]),           # not in the entities file: the stored name
    ("roe", ["jane-roe"]),
    ("李伟", ["li-wei"]),
    ("李偉", ["li-wei"]),                  # Traditional of a stored name
    ("anthropic", ["anthropic"]),
    ("nobody", []),
    ("fis", []),                           # a prefix is not a word
    ("", []),
])
def test_resolve(query, expected):
    assert resolve(query, KNOWN, entity_aliases()) == expected


def test_a_whole_name_wins_over_a_word_of_another():
    known = [("dario-amodei", "Dario Amodei"), ("dario", "Dario")]
    assert resolve("dario", known) == ["dario"]
    assert resolve("Dario Amodei", known) == ["dario-amodei"]
