"""Text in the reader's language: Romanian alphabetical order, and names kept in both
languages (issue #16)."""

import re
import unicodedata
from collections.abc import Mapping

from django.utils.translation import get_language

# The Romanian alphabet: a ă â b c d e f g h i î j k l m n o p q r s ș t ț u v w x y z.
# Each letter with a diacritic is a letter of its own, right after its base letter (and â
# after ă): "Caraș-Severin", "Călărași", "Cluj", "Covasna", as the official list of counties.
_AFTER = {"ă": "a1", "â": "a2", "î": "i1", "ș": "s1", "ş": "s1", "ț": "t1", "ţ": "t1"}
_PIECES = re.compile(r"\d+|.", re.DOTALL)


def romanian_key(text) -> tuple:
    """A sort key that orders text as a Romanian dictionary does, ignoring case.

    Other accented letters (é, ö) sort with their base letter; hyphens and spaces count
    as a word break, before any letter ("Satu Mare" before "Sălaj"). Text is composed
    first (NFC: an "s" followed by a combining comma is "ș"); a run of digits counts as
    one number, before any letter ("Group 2" before "Group 10"); None is empty text."""
    text = unicodedata.normalize("NFC", ("" if text is None else str(text)).casefold())
    key = []
    for match in _PIECES.finditer(text):
        piece = match.group()
        if piece.isdecimal():
            key.append(("0", int(piece)))
            continue
        if piece in _AFTER:
            base, rank = _AFTER[piece][0], int(_AFTER[piece][1])
        elif unicodedata.combining(piece):
            continue  # a mark left over that composes with nothing (the dot of "i̇")
        else:
            base = unicodedata.normalize("NFKD", piece)[:1] or piece
            rank = 0
            if piece in " -‐–":
                base = " "
        key.append((base, rank))
    return tuple(key)


def reads_romanian() -> bool:
    return (get_language() or "").startswith("ro")


def in_reader_language(obj, field: str = "name") -> str:
    """`obj.<field>_ro` for a reader of the Romanian pages when it is filled in, else
    `obj.<field>` (the English name, which every such record has). `obj` may also be a
    dict with those keys (figures kept in the cache for readers of both languages)."""
    if obj is None:
        return ""
    if isinstance(obj, Mapping):
        read = obj.get
    else:
        read = lambda name, default: getattr(obj, name, default)  # noqa: E731
    if reads_romanian():
        romanian = read(f"{field}_ro", "")
        if romanian:
            return romanian
    return read(field, "") or ""
