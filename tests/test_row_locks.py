"""A row lock taken with a join locks its own rows only: on PostgreSQL, FOR UPDATE with
select_related would also lock the joined rows (the student, the placement, the
organisation), in an order of its own, and deadlock with the services that lock them."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "accounts",
    "notifications",
    "internships",
    "interviews",
    "conversations",
    "mentors",
    "documents",
    "agenda",
    "office",
]


def locking_calls_with_a_join():
    """Each select_for_update(...) call that a select_related joins, once."""
    seen = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                    continue
                chain, current = [], node
                while isinstance(current, ast.Call) and isinstance(current.func, ast.Attribute):
                    chain.append(current)
                    current = current.func.value
                names = [call.func.attr for call in chain]
                if "select_for_update" in names and "select_related" in names:
                    lock = chain[names.index("select_for_update")]
                    key = (str(path), lock.lineno, lock.col_offset)
                    if key not in seen:
                        seen.add(key)
                        yield f"{path.relative_to(ROOT)}:{lock.lineno}", lock


def test_every_lock_with_a_join_names_its_own_rows():
    unnamed = [
        where
        for where, lock in locking_calls_with_a_join()
        if not any(keyword.arg == "of" for keyword in lock.keywords)
    ]

    assert unnamed == []


def test_the_check_finds_the_locks_it_is_about():
    assert len(list(locking_calls_with_a_join())) >= 8
