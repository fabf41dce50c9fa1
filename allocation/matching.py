"""Student-proposing deferred acceptance with capacities, programme quotas, pins and a
recorded lottery: the pure algorithm of an allocation round (no Django, no database).

`allocate(instance)` returns the student-optimal stable matching of the instance, where a
host's ties are broken by one lottery over the students (one number per student, drawn
from `instance.seed`, used at every placement): this keeps deferred acceptance
strategy-proof for students (a single tie-break, not one per placement). A placement takes
the students it holds in its order, each while it has a seat left and, for a student of a
programme with a quota there, room in that quota: a responsive choice with upper quotas
per type, so deferred acceptance stays stable and student-optimal (Abdulkadiroğlu 2005).

Pinned students take their seat first and leave the matching: their placement's capacity
(and the quota of their programme there) shrinks by one each.

Why not a library: `matching` (daffidwilde/matching 1.4.3, the well-kept one on PyPI) solves
hospital/resident games but has no per-programme quotas, no ties (so no lottery to record),
no pins, and nothing to explain a rejection; and its players are objects that re-sort a
hospital's matching with `prefs.index` at every proposal and drop rejected pairs by
rebuilding preference lists, which is quadratic in a popular placement's applicants (it
also deep-copies the game and needs numpy). `bench/allocation.py` measures this module at
50,000 students and 5,000 placements; bench/README.md holds the figures and the library's
time on the same instance at a tenth of the size.

How it runs fast: students and placements are renumbered 0..n-1; each placement's order
(tie groups broken by the lottery) becomes a list of students, so a student's position
there is a plain int; each student keeps the positions it has at its choices in a list
parallel to its choices. A placement holds its students in a heap of negated positions (the
top is the worst held student), and each quota (placement, programme) in a heap of its own;
a student evicted through one heap stays in the other until it reaches the top (lazy
deletion: `holder` says who really holds whom). No object is made per proposal.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from heapq import heappop, heappush, heapreplace

FULL = "full"
QUOTA = "quota"
UNACCEPTABLE = "unacceptable"
NO_SEATS = "no_seats"

PROGRESS_EVERY = 1 << 14  # proposals between two progress calls


@dataclass
class Instance:
    prefs: dict[int, list[int]]  # student id -> placement ids, first choice first
    capacity: dict[int, int]  # placement id -> seats to fill in this run
    # placement id -> tie groups of student ids, best group first; a student absent from
    # every group is unacceptable to that placement
    host_order: dict[int, list[list[int]]]
    programme: dict[int, int] = field(default_factory=dict)  # student id -> programme id
    quotas: dict[tuple[int, int], int] = field(default_factory=dict)  # (placement, programme)
    pins: dict[int, int] = field(default_factory=dict)  # student id -> placement id
    seed: int = 0  # the lottery that breaks ties in host_order


@dataclass
class Result:
    placement: dict[int, int | None]  # student id -> placement id or None
    choice_rank: dict[int, int | None]  # 1-based rank of the placement in the student's prefs
    pinned: set[int]
    # student id -> for each choice ranked above the one obtained (all choices when
    # unmatched): {"placement": id, "rank": r, "why": w, "higher": n}
    reasons: dict[int, list[dict]]
    lottery: dict[int, int]  # student id -> lottery number (smaller wins a tie)


def draw_lottery(students, seed: int) -> dict[int, int]:
    """One number per student, 0..n-1, a permutation drawn from `seed` over the students
    in id order (so the same students and seed always draw the same numbers)."""
    ids = sorted(students)
    numbers = list(range(len(ids)))
    random.Random(seed).shuffle(numbers)  # noqa: S311 (a seeded lottery to repeat, not a secret)
    return dict(zip(ids, numbers, strict=True))


def allocate(instance: Instance, *, progress: Callable[[int, int], None] | None = None) -> Result:
    prefs = instance.prefs
    pins = instance.pins
    lottery = draw_lottery(set(prefs) | set(pins), instance.seed)

    # Pins first: their seats leave the capacity and the quota of the pinned programme.
    capacity = dict(instance.capacity)
    quotas = dict(instance.quotas)
    for student, placement in pins.items():
        if placement in capacity:
            capacity[placement] = max(capacity[placement] - 1, 0)
        key = (placement, instance.programme.get(student))
        if key in quotas:
            quotas[key] = max(quotas[key] - 1, 0)

    # Renumber: students 0..n-1 (the unpinned ones), placements 0..m-1 (the open ones).
    students = [s for s in prefs if s not in pins]
    s_index = {s: i for i, s in enumerate(students)}
    placements = [p for p, seats in capacity.items() if seats > 0]
    p_index = {p: i for i, p in enumerate(placements)}
    seats = [capacity[p] for p in placements]

    # Each placement's order: its tie groups, each sorted by the lottery, concatenated;
    # `position[p][s]` is the student's place in it (0 = best), `order[p][k]` the student.
    draw = lottery.__getitem__
    order: list[list[int]] = []
    position: list[dict[int, int]] = []
    for p in placements:
        seen: dict[int, int] = {}
        line: list[int] = []
        for group in instance.host_order.get(p, ()):
            members = [s for s in group if s in s_index and s not in seen]
            if len(members) > 1:
                members.sort(key=draw)
            for s in members:
                if s not in seen:
                    seen[s] = len(line)
                    line.append(s_index[s])
        order.append(line)
        position.append(seen)

    # Programmes with a quota somewhere, renumbered; a quota's key is p * G + g.
    programme_ids = sorted({g for (_, g) in quotas if g is not None})
    g_index = {g: i for i, g in enumerate(programme_ids)}
    n_programmes = len(programme_ids) or 1
    quota_seats: dict[int, int] = {}
    for (p, g), q in quotas.items():
        if p in p_index and g in g_index:
            quota_seats[p_index[p] * n_programmes + g_index[g]] = q
    programme_of = instance.programme
    student_group = [g_index.get(programme_of.get(s), -1) for s in students]

    # Each student's choices as placement numbers and its positions there (-1: nothing to
    # propose: closed, no seats, unacceptable, or a repeat of an earlier choice).
    choice_places: list[list[int]] = []
    choice_positions: list[list[int]] = []
    total = 0
    for s in students:
        places = []
        positions = []
        for p in prefs[s]:
            i = p_index.get(p, -1)
            k = position[i].get(s, -1) if i >= 0 else -1
            if k >= 0 and i in places:
                k = -1
            places.append(i)
            positions.append(k)
            total += k >= 0
        choice_places.append(places)
        choice_positions.append(positions)

    held_count = [0] * len(placements)
    held_heap: list[list[int]] = [[] for _ in placements]  # -position of each held student
    quota_count = dict.fromkeys(quota_seats, 0)
    quota_heap: dict[int, list[int]] = {key: [] for key in quota_seats}
    holder = [-1] * len(students)  # placement number holding the student, -1 if none
    next_choice = [0] * len(students)

    if progress is not None:
        progress(0, total)
    done = 0
    free = list(range(len(students) - 1, -1, -1))
    while free:
        s = free.pop()
        places = choice_places[s]
        positions = choice_positions[s]
        g = student_group[s]
        i = next_choice[s]
        n = len(places)
        while i < n:
            k = positions[i]
            p = places[i]
            i += 1
            if k < 0:
                continue
            done += 1
            if progress is not None and not done % PROGRESS_EVERY:
                progress(done, total)
            line = order[p]
            key = p * n_programmes + g if g >= 0 else -1
            qheap = quota_heap.get(key) if key >= 0 else None
            if qheap is not None and quota_count[key] >= quota_seats[key]:
                # The quota is full: take the place of its worst holder, if s ranks higher.
                if not qheap:
                    continue
                while holder[line[-qheap[0]]] != p:
                    heappop(qheap)
                worst = -qheap[0]
                if k > worst:
                    continue
                heapreplace(qheap, -k)
                evicted = line[worst]
                holder[evicted] = -1
                free.append(evicted)
                heappush(held_heap[p], -k)
            else:
                heap = held_heap[p]
                if held_count[p] < seats[p]:
                    held_count[p] += 1
                    heappush(heap, -k)
                else:
                    while holder[line[-heap[0]]] != p:
                        heappop(heap)
                    worst = -heap[0]
                    if k > worst:
                        continue
                    heapreplace(heap, -k)
                    evicted = line[worst]
                    holder[evicted] = -1
                    free.append(evicted)
                    eg = student_group[evicted]
                    if eg >= 0 and p * n_programmes + eg in quota_count:
                        quota_count[p * n_programmes + eg] -= 1
                if qheap is not None:
                    quota_count[key] += 1
                    heappush(qheap, -k)
            holder[s] = p
            break
        next_choice[s] = i

    # The final worst holder of each placement and quota, for the reasons.
    worst_held = []
    for p, heap in enumerate(held_heap):
        line = order[p]
        while heap and holder[line[-heap[0]]] != p:
            heappop(heap)
        worst_held.append(-heap[0] if heap else -1)
    worst_quota = {}
    for key, heap in quota_heap.items():
        p = key // n_programmes
        line = order[p]
        while heap and holder[line[-heap[0]]] != p:
            heappop(heap)
        worst_quota[key] = -heap[0] if heap else -1

    placement: dict[int, int | None] = {}
    choice_rank: dict[int, int | None] = {}
    reasons: dict[int, list[dict]] = {}
    for student, pinned_to in pins.items():
        placement[student] = pinned_to
        ranked = prefs.get(student, [])
        choice_rank[student] = ranked.index(pinned_to) + 1 if pinned_to in ranked else None
        reasons[student] = []
    for s, student in enumerate(students):
        p = holder[s]
        got = placements[p] if p >= 0 else None
        placement[student] = got
        ranked = prefs[student]
        # The choice obtained: the last one proposed to (next_choice is one past it).
        upto = next_choice[s] - 1 if p >= 0 else len(ranked)
        choice_rank[student] = upto + 1 if p >= 0 else None
        why = []
        g = student_group[s]
        for r in range(upto):
            pid = ranked[r]
            i = choice_places[s][r]
            if i < 0:
                why.append({"placement": pid, "rank": r + 1, "why": NO_SEATS, "higher": 0})
                continue
            k = position[i].get(student, -1)
            if k < 0:
                why.append({"placement": pid, "rank": r + 1, "why": UNACCEPTABLE, "higher": 0})
                continue
            if held_count[i] >= seats[i] and worst_held[i] < k:
                why.append({"placement": pid, "rank": r + 1, "why": FULL, "higher": seats[i]})
                continue
            key = i * n_programmes + g if g >= 0 else -1
            if key in quota_count and quota_count[key] >= quota_seats[key]:
                if worst_quota[key] < k:
                    higher = quota_count[key]
                    why.append({"placement": pid, "rank": r + 1, "why": QUOTA, "higher": higher})
                    continue
            # Deferred acceptance rejected s here, so one of the above holds.
            raise AssertionError(f"no reason for a rejection at placement {pid}")
        reasons[student] = why

    if progress is not None:
        progress(total, total)
    return Result(
        placement=placement,
        choice_rank=choice_rank,
        pinned=set(pins),
        reasons=reasons,
        lottery=lottery,
    )
