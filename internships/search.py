"""Full-text search of placements on PostgreSQL: the query, its rank and the stored vector.

Each placement's `search_vector` is computed by the database (migration 0010): a trigger
rewrites it whenever the placement's text, city or organisation changes, or the
organisation is renamed. Words are compared without diacritics ("stiinta" finds
"Știința"), in the Romanian and English stemmers as well as word for word.
"""

import re

from django.db import connection

MAX_QUERY_LENGTH = 200

# One tsquery from the visitor's words: all of them, word for word or by either stemmer.
TSQUERY_SQL = (
    "(plainto_tsquery('simple'::regconfig, practica_unaccent(%s))"
    " || plainto_tsquery('romanian'::regconfig, practica_unaccent(%s))"
    " || plainto_tsquery('english'::regconfig, practica_unaccent(%s)))"
)
MATCH_SQL = f"internships_placement.search_vector @@ {TSQUERY_SQL}"
RANK_SQL = f"ts_rank_cd(internships_placement.search_vector, {TSQUERY_SQL})"

VECTOR_UPDATE_SQL = """
    UPDATE internships_placement AS p
    SET search_vector = practica_placement_search_vector(
        p.title, p.description, p.responsibilities, p.learning_outcomes, o.legal_name, p.city
    )
    FROM accounts_organisation AS o
    WHERE o.id = p.organisation_id
"""


def normalise_query(text: str) -> str:
    """The words a visitor typed: no control characters, single spaces, at most 200 characters."""
    text = re.sub(r"[\x00-\x1f\x7f]", " ", text[: MAX_QUERY_LENGTH * 4])
    return re.sub(r"\s+", " ", text).strip()[:MAX_QUERY_LENGTH].strip()


def has_words(text: str) -> bool:
    return any(character.isalnum() for character in text)


def tsquery_params(text: str) -> list[str]:
    """The parameters of TSQUERY_SQL (and so of MATCH_SQL and RANK_SQL) for `text`."""
    return [text] * TSQUERY_SQL.count("%s")


def update_search_vectors(ids=None) -> int:
    """Recompute the stored vectors of the placements `ids` (all when None); PostgreSQL only.

    The triggers keep the vectors current on every write; this refills them after a bulk
    change that bypassed the triggers or after the vector's definition changed.
    """
    if connection.vendor != "postgresql":
        return 0
    sql, params = VECTOR_UPDATE_SQL, []
    if ids is not None:
        sql, params = sql + " AND p.id = ANY(%s)", [list(ids)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
