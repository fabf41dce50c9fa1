"""Text that matches whatever its case and diacritics, alike on SQLite and PostgreSQL.

Both databases know one SQL function, `practica_fold(text)`: the text in lower case
without diacritics ("Ștețco" and "Ştefan" with either the comma or the cedilla become
"stetco" and "stefan"). On SQLite it is this module's `fold`, registered on every new
connection (core.apps); on PostgreSQL it is lower(unaccent(text)), made IMMUTABLE by the
migration accounts.0010_text_folding so that trigram indexes can be built on it.

    Person.objects.filter(last_name__fcontains="stetco")   # finds "Ștețco"
    Person.objects.filter(matches(["first_name", "last_name"], "stefan stetco"))
"""

import re
import unicodedata

from django.db.models import CharField, Func, Lookup, Q, TextField

FOLD_FUNCTION = "practica_fold"


# Letters PostgreSQL's unaccent rewrites that have no decomposition in Unicode: folded alike
# on SQLite, so that "lukasz" finds "Łukasz" on both.
UNACCENT_EXTRA = str.maketrans(
    {"ß": "ss", "ẞ": "SS", "ł": "l", "Ł": "L", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O",
     "œ": "oe", "Œ": "OE", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H", "ı": "i", "þ": "th"}
)  # fmt: skip


def fold(text: str | None) -> str | None:
    """Lower case, without diacritics (ș/ş, ț/ţ alike): what `practica_fold` returns."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", str(text).translate(UNACCENT_EXTRA))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    """The words of a search: split on white space, empty ones left out."""
    return [word for word in re.split(r"\s+", text or "") if word]


class Fold(Func):
    """`practica_fold(expression)`: the text folded by the database."""

    function = FOLD_FUNCTION
    output_field = TextField()


class FoldedContains(Lookup):
    """`field__fcontains=text`: the folded field contains the folded text (a LIKE pattern on
    both databases, which a trigram index on practica_fold(field) serves on PostgreSQL)."""

    lookup_name = "fcontains"
    prepare_rhs = False
    pattern = "%{}%"

    def get_db_prep_lookup(self, value, connection):
        # Folded before it is escaped: folding turns a full-width ％ or ＿ into a live
        # wildcard, which must be escaped like one typed as such.
        text = connection.ops.prep_for_like_query(fold(str(value)) or "")
        return "%s", [self.pattern.format(text)]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        sql = f"{FOLD_FUNCTION}({lhs}) LIKE {FOLD_FUNCTION}({rhs}) ESCAPE '\\'"
        return sql, [*lhs_params, *rhs_params]


class FoldedStartsWith(FoldedContains):
    """`field__fstartswith=text`: the folded field starts with the folded text."""

    lookup_name = "fstartswith"
    pattern = "{}%"


for _field in (CharField, TextField):
    _field.register_lookup(FoldedContains)
    _field.register_lookup(FoldedStartsWith)


def matches(fields: list[str], text: str) -> Q:
    """Every word of `text` in one of `fields` at least, case and diacritics aside."""
    condition = Q()
    for word in words(text):
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__fcontains": word})
        condition &= any_field
    return condition


def register_sqlite_functions(sender, connection, **kwargs):
    """connection_created: teach a new SQLite connection `practica_fold`."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FOLD_FUNCTION, 1, fold, deterministic=True)
