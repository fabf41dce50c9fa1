"""Text in the reader's language: Romanian alphabetical order, and names kept in both
languages (issue #16)."""

import unicodedata
from collections.abc import Mapping

from django.utils.translation import get_language

# The Romanian alphabet: a ă â b c d e f g h i î j k l m n o p q r s ș t ț u v w x y z.
# Each letter with a diacritic is a letter of its own, right after its base letter (and â
# after ă): "Caraș-Severin", "Călărași", "Cluj", "Covasna", as the official list of counties.
_AFTER = {"ă": "a1", "â": "a2", "î": "i1", "ș": "s1", "ş": "s1", "ț": "t1", "ţ": "t1"}


def romanian_key(text) -> tuple:
    """A sort key that orders text as a Romanian dictionary does, ignoring case.

    Other accented letters (é, ö) sort with their base letter; hyphens and spaces count
    as a word break, before any letter ("Satu Mare" before "Sălaj")."""
    key = []
    for char in str(text).casefold():
        if char in _AFTER:
            base, rank = _AFTER[char][0], int(_AFTER[char][1])
        else:
            base = unicodedata.normalize("NFKD", char)[:1] or char
            rank = 0
            if char in " -‐–":
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
