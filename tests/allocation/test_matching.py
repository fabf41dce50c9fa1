"""The matching itself (allocation.matching, pure Python): stability on random instances,
student-optimality against a brute-force search, the lottery, pins, quotas, capacities and
the reasons a student reads."""

import itertools
import random

import pytest

from allocation.matching import Instance, allocate, draw_lottery

# -- checkers written from the definitions, independently of the algorithm ----------------


def effective(instance):
    """The capacities and quotas left to the matching once the pinned students sit."""
    capacity = dict(instance.capacity)
    quotas = dict(instance.quotas)
    for s, p in instance.pins.items():
        if p in capacity:
            capacity[p] = max(0, capacity[p] - 1)
        key = (p, instance.programme.get(s))
        if key in quotas:
            quotas[key] = max(0, quotas[key] - 1)
    return capacity, quotas


def priority(instance, lottery):
    """placement -> student -> (tie group, lottery number): smaller is better; absent means
    unacceptable."""
    out = {}
    for p, groups in instance.host_order.items():
        out[p] = {}
        for g, group in enumerate(groups):
            for s in group:
                if s in lottery:
                    out[p].setdefault(s, (g, lottery[s]))
    return out


def is_feasible(instance, matching):
    capacity, quotas = effective(instance)
    held = {}
    for s, p in matching.items():
        if p is None:
            continue
        held.setdefault(p, []).append(s)
    for p, who in held.items():
        if len(who) > capacity.get(p, 0):
            return False
        for (qp, g), q in quotas.items():
            if qp == p and sum(1 for s in who if instance.programme.get(s) == g) > q:
                return False
    return True


def blocking_pairs(instance, matching, lottery):
    """Every (student, placement) pair that blocks `matching` (the unpinned students'
    placements) under the lottery tie-break, and every student placed where it is not
    acceptable or did not ask to be (s, p) with p its placement."""
    capacity, quotas = effective(instance)
    rank = priority(instance, lottery)
    held = {}
    for s, p in matching.items():
        if p is not None:
            held.setdefault(p, []).append(s)
    found = []
    for s, p in matching.items():
        if p is not None and (p not in instance.prefs[s] or s not in rank.get(p, {})):
            found.append((s, p))
    if found:
        return found
    for s, got in matching.items():
        prefs = instance.prefs[s]
        better = prefs if got is None else prefs[: prefs.index(got)]
        g = instance.programme.get(s)
        for p in better:
            if capacity.get(p, 0) <= 0 or s not in rank.get(p, {}):
                continue
            who = held.get(p, [])
            below = [t for t in who if rank[p][t] > rank[p][s]]
            seat_free = len(who) < capacity[p]
            quota_free = (p, g) not in quotas or sum(
                1 for t in who if instance.programme.get(t) == g
            ) < quotas[(p, g)]
            if seat_free and quota_free:
                found.append((s, p))
            elif not quota_free:
                if quotas[(p, g)] > 0 and any(instance.programme.get(t) == g for t in below):
                    found.append((s, p))
            elif below:
                found.append((s, p))
    return found


def unpinned(instance, result):
    return {s: result.placement[s] for s in instance.prefs if s not in instance.pins}


def random_instance(rng, *, students, placements, quotas=True, pins=True, ties=True, dense=False):
    """A small random round; `dense`: every seat open, everyone ranks every placement and
    is acceptable everywhere (where several stable matchings are most common)."""
    ids = list(range(1, placements + 1))
    capacity = {p: 1 if dense else rng.randint(0, 2) for p in ids}
    if rng.random() < 0.2 and not dense:
        capacity.pop(rng.choice(ids))  # a closed placement some students still ranked
    prefs = {}
    for s in range(101, 101 + students):
        k = placements if dense else rng.randint(0, placements)
        prefs[s] = rng.sample(ids, k)
    programme = {s: rng.choice([7, 8]) for s in prefs if rng.random() < 0.9}
    host_order = {}
    for p in ids:
        applicants = [s for s in prefs if p in prefs[s] and (dense or rng.random() < 0.85)]
        if rng.random() < 0.2 and students:
            applicants.append(rng.choice(list(prefs)))  # one who did not rank it: harmless
        applicants = list(dict.fromkeys(applicants))
        rng.shuffle(applicants)
        groups = []
        while applicants:
            size = rng.randint(1, 3) if ties else 1
            groups.append(applicants[:size])
            applicants = applicants[size:]
        host_order[p] = groups
    quota = {}
    if quotas:
        for p in ids:
            if rng.random() < 0.4:
                quota[(p, rng.choice([7, 8]))] = rng.randint(0, 2)
    pin = {}
    if pins and prefs and rng.random() < 0.3:
        s = rng.choice(list(prefs))
        pin[s] = rng.choice(ids)
    return Instance(
        prefs=prefs,
        capacity=capacity,
        host_order=host_order,
        programme=programme,
        quotas=quota,
        pins=pin,
        seed=rng.randint(0, 10**6),
    )


def check_reasons(instance, result):
    """Each reason is true of the final matching."""
    capacity, quotas = effective(instance)
    rank = priority(instance, result.lottery)
    held = {}
    for s, p in unpinned(instance, result).items():
        if p is not None:
            held.setdefault(p, []).append(s)
    for s in instance.prefs:
        if s in instance.pins:
            assert result.reasons[s] == []
            continue
        prefs = instance.prefs[s]
        got = result.placement[s]
        above = prefs if got is None else prefs[: prefs.index(got)]
        assert [(r["placement"], r["rank"]) for r in result.reasons[s]] == [
            (p, i + 1) for i, p in enumerate(above)
        ]
        for r in result.reasons[s]:
            p = r["placement"]
            if r["why"] == "no_seats":
                assert capacity.get(p, 0) == 0
            elif r["why"] == "unacceptable":
                assert s not in rank.get(p, {})
            elif r["why"] == "full":
                who = held.get(p, [])
                assert len(who) == capacity[p] == r["higher"]
                assert all(rank[p][t] < rank[p][s] for t in who)
            else:
                assert r["why"] == "quota"
                g = instance.programme[s]
                mine = [t for t in held.get(p, []) if instance.programme.get(t) == g]
                assert len(mine) == quotas[(p, g)] == r["higher"]
                assert all(rank[p][t] < rank[p][s] for t in mine)


# -- stability and optimality --------------------------------------------------------------


def test_no_blocking_pair_on_many_random_instances():
    rng = random.Random(18)
    for _ in range(300):
        instance = random_instance(rng, students=rng.randint(0, 30), placements=rng.randint(1, 8))
        result = allocate(instance)
        matching = unpinned(instance, result)
        assert blocking_pairs(instance, matching, result.lottery) == []
        assert is_feasible(instance, matching)
        check_reasons(instance, result)


def stable_matchings(instance, lottery):
    students = [s for s in instance.prefs if s not in instance.pins]
    capacity, _ = effective(instance)
    rank = priority(instance, lottery)
    # A placement that did not accept the student (or has no seat) never holds it in a
    # stable matching: leave those out of the search.
    options = [
        [None, *(p for p in instance.prefs[s] if capacity.get(p, 0) and s in rank.get(p, {}))]
        for s in students
    ]
    for combo in itertools.product(*options):
        matching = dict(zip(students, combo, strict=True))
        if is_feasible(instance, matching) and not blocking_pairs(instance, matching, lottery):
            yield matching


def rank_of(instance, s, p):
    return instance.prefs[s].index(p) if p is not None else len(instance.prefs[s])


def test_the_result_is_the_student_optimal_stable_matching_by_brute_force():
    rng = random.Random(1805)
    checked = 0
    for i in range(300):
        if i % 2:
            n = rng.randint(2, 5)  # as many students as one-seat placements, all ranked
            instance = random_instance(rng, students=n, placements=n, dense=True)
        else:
            instance = random_instance(
                rng, students=rng.randint(1, 5), placements=rng.randint(1, 3)
            )
        result = allocate(instance)
        ours = unpinned(instance, result)
        stable = list(stable_matchings(instance, result.lottery))
        assert ours in stable

        for other in stable:
            for s, p in other.items():
                assert rank_of(instance, s, ours[s]) <= rank_of(instance, s, p)
        checked += len(stable) > 1
    assert checked > 20  # instances with more than one stable matching were among them


# -- the lottery ----------------------------------------------------------------------------


def tie(seed):
    return Instance(
        prefs={1: [10], 2: [10]}, capacity={10: 1}, host_order={10: [[1, 2]]}, seed=seed
    )


def test_the_same_seed_gives_the_same_result_and_lottery():
    rng = random.Random(3)
    for _ in range(20):
        instance = random_instance(rng, students=20, placements=5)
        first, second = allocate(instance), allocate(instance)
        assert first == second
    assert allocate(tie(42)).lottery == allocate(tie(42)).lottery


def test_a_tie_goes_either_way_with_different_seeds_and_the_lottery_decides():
    winners = set()
    for seed in range(30):
        result = allocate(tie(seed))
        winner = next(s for s, p in result.placement.items() if p == 10)
        loser = 3 - winner
        assert result.lottery[winner] < result.lottery[loser]
        assert result.lottery == draw_lottery([1, 2], seed)
        assert result.reasons[loser] == [{"placement": 10, "rank": 1, "why": "full", "higher": 1}]
        winners.add(winner)
    assert winners == {1, 2}


def test_the_lottery_is_one_number_per_student_and_breaks_every_tie_the_same_way():
    # Two placements of one seat, both with 1 and 2 tied: whoever wins the lottery wins both
    # ties, so the loser of the lottery gets neither of its first choices' ties.
    instance = Instance(
        prefs={1: [10, 20], 2: [20, 10], 3: [30]},
        capacity={10: 1, 20: 1, 30: 1},
        host_order={10: [[1, 2]], 20: [[1, 2]], 30: [[3]]},
        seed=5,
    )
    result = allocate(instance)
    assert sorted(result.lottery) == [1, 2, 3]
    assert sorted(result.lottery.values()) == [0, 1, 2]
    assert result.placement[1] == 10 and result.placement[2] == 20


# -- pins, quotas, capacities ---------------------------------------------------------------


def test_pins_are_honoured_and_take_their_seat_and_quota_first():
    instance = Instance(
        prefs={1: [10], 2: [10, 20], 3: [10, 20], 4: [20]},
        capacity={10: 2, 20: 1},
        host_order={10: [[2], [3]], 20: [[4], [3], [2]]},
        programme={1: 7, 2: 7, 3: 8, 4: 7},
        quotas={(10, 7): 1},
        pins={1: 10, 4: 30},  # 1 is not on 10's list; 30 is not even open
    )
    result = allocate(instance)
    assert result.pinned == {1, 4}
    assert result.placement[1] == 10 and result.choice_rank[1] == 1
    assert result.placement[4] == 30 and result.choice_rank[4] is None
    assert result.reasons[1] == result.reasons[4] == []
    # 10 keeps one seat, and the programme 7 quota there is used up by the pin: 2 cannot
    # have it although 10 ranks 2 first, so 3 sits at 10 and 2 goes to 20 (4 left it).
    assert result.placement[3] == 10
    assert result.placement[2] == 20
    assert result.reasons[2] == [{"placement": 10, "rank": 1, "why": "quota", "higher": 0}]


def test_quotas_and_capacities_are_never_exceeded():
    rng = random.Random(99)
    for _ in range(200):
        instance = random_instance(rng, students=25, placements=4)
        result = allocate(instance)
        capacity = dict(instance.capacity)
        count = {}
        quota_count = {}
        for s, p in result.placement.items():
            if p is None:
                continue
            count[p] = count.get(p, 0) + 1
            key = (p, instance.programme.get(s))
            quota_count[key] = quota_count.get(key, 0) + 1
        for p, n in count.items():
            pinned_here = sum(1 for q in instance.pins.values() if q == p)
            assert n - pinned_here <= max(0, capacity.get(p, 0) - pinned_here)
            assert n <= max(capacity.get(p, 0), pinned_here)
        for key, n in quota_count.items():
            if key in instance.quotas:
                pinned_here = sum(
                    1 for s, q in instance.pins.items() if (q, instance.programme.get(s)) == key
                )
                assert n <= max(instance.quotas[key], pinned_here)


# -- reasons ---------------------------------------------------------------------------------


def test_the_reasons_on_a_hand_built_round():
    instance = Instance(
        prefs={
            1: [10, 20],
            2: [10, 20],
            3: [10, 20, 30],  # full at 10 (two ranked higher), quota at 20, gets 30
            4: [40, 50, 30, 10],  # no seats at 40 (closed) and 50 (pinned), unacceptable at 30
            5: [20],
            6: [50],
        },
        capacity={10: 2, 20: 3, 30: 1, 50: 1},
        host_order={10: [[1], [2], [3], [4]], 20: [[5, 1], [2, 3]], 30: [[3]], 50: [[4]]},
        programme={1: 7, 2: 7, 3: 8, 4: 8, 5: 8},
        quotas={(20, 8): 1},
        pins={6: 50},
        seed=2,
    )
    result = allocate(instance)
    assert result.placement == {1: 10, 2: 10, 3: 30, 4: None, 5: 20, 6: 50}
    assert result.choice_rank == {1: 1, 2: 1, 3: 3, 4: None, 5: 1, 6: 1}
    assert result.reasons[1] == result.reasons[2] == result.reasons[5] == []
    assert result.reasons[3] == [
        {"placement": 10, "rank": 1, "why": "full", "higher": 2},
        {"placement": 20, "rank": 2, "why": "quota", "higher": 1},
    ]
    # An unmatched student reads a reason for every choice.
    assert result.reasons[4] == [
        {"placement": 40, "rank": 1, "why": "no_seats", "higher": 0},
        {"placement": 50, "rank": 2, "why": "no_seats", "higher": 0},
        {"placement": 30, "rank": 3, "why": "unacceptable", "higher": 0},
        {"placement": 10, "rank": 4, "why": "full", "higher": 2},
    ]


def test_unmatched_students_have_a_reason_for_every_choice():
    rng = random.Random(7)
    unmatched = 0
    for _ in range(100):
        instance = random_instance(rng, students=15, placements=4)
        result = allocate(instance)
        for s, p in result.placement.items():
            if p is None:
                unmatched += 1
                assert [r["rank"] for r in result.reasons[s]] == list(
                    range(1, len(instance.prefs[s]) + 1)
                )
                assert [r["placement"] for r in result.reasons[s]] == instance.prefs[s]
    assert unmatched > 50


# -- edges -----------------------------------------------------------------------------------


def test_an_empty_instance():
    calls = []
    result = allocate(
        Instance(prefs={}, capacity={}, host_order={}), progress=lambda *a: calls.append(a)
    )
    assert result.placement == result.choice_rank == result.reasons == result.lottery == {}
    assert result.pinned == set()
    assert calls[-1] == (0, 0)


def test_a_student_with_no_choices_is_unmatched_with_no_reasons():
    instance = Instance(prefs={1: [], 2: [10]}, capacity={10: 1}, host_order={10: [[1, 2]]})
    result = allocate(instance)
    assert result.placement == {1: None, 2: 10}
    assert result.choice_rank == {1: None, 2: 1}
    assert result.reasons[1] == []
    assert set(result.lottery) == {1, 2}


def test_a_placement_without_a_host_order_accepts_nobody():
    instance = Instance(prefs={1: [10]}, capacity={10: 1}, host_order={})
    result = allocate(instance)
    assert result.placement[1] is None
    assert result.reasons[1] == [{"placement": 10, "rank": 1, "why": "unacceptable", "higher": 0}]


def test_progress_is_reported_now_and_then_and_ends_at_the_total():
    rng = random.Random(11)
    instance = random_instance(rng, students=30, placements=6, pins=False)
    calls = []
    allocate(instance, progress=lambda done, total: calls.append((done, total)))
    total = calls[0][1]
    assert calls[0] == (0, total) and calls[-1] == (total, total)
    assert len(calls) <= 3 + total // 1000


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_order_of_the_dicts_does_not_change_the_result(seed):
    rng = random.Random(seed)
    instance = random_instance(rng, students=20, placements=5)
    shuffled = Instance(
        prefs=dict(reversed(list(instance.prefs.items()))),
        capacity=dict(reversed(list(instance.capacity.items()))),
        host_order=dict(reversed(list(instance.host_order.items()))),
        programme=instance.programme,
        quotas=instance.quotas,
        pins=instance.pins,
        seed=instance.seed,
    )
    assert allocate(instance).placement == allocate(shuffled).placement
