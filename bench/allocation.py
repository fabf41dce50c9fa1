"""Time `allocation.matching.allocate` on a seeded random round: by default 50,000 students
across 5,000 placements, each student ranking 10.

    .venv/bin/python bench/allocation.py [--students 50000] [--placements 5000] [--ranks 10]
        [--seed 1] [--repeat 3] [--clock cpu|wall]

The instance: placements' popularity skewed (weights 1/(i+20)^0.9 over a shuffled list: at
full size the busiest placement is ranked by 3,240 students, the median by 44, the quietest
by 11), capacities 1 to
19 (summing to about the number of students), 20 programmes, three hosts in ten taking the
students in the order the students ranked them (tie groups by that rank), the rest ranking
about two thirds of their applicants and leaving the others in one tie group at the end; one
applicant in twenty unacceptable; a quota for one programme at one placement in fifty; 25
pins. It runs in this one process (one thread, so one core) with the garbage collector as
Python leaves it. Each run prints its wall and CPU time (`time.perf_counter`,
`time.process_time`); the last line reads `allocation: N students in S s`, S the best of
`--repeat` runs in CPU time (`--clock wall` for the wall clock, which on a shared machine
also counts the wait for a core). Peak memory is the process's maximum resident set size
(`resource.getrusage`, `ru_maxrss`), the instance included, with the figure before the runs
beside it.
"""

import argparse
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from allocation.matching import Instance, allocate  # noqa: E402


def make_instance(students: int, placements: int, ranks: int, seed: int) -> Instance:
    rng = random.Random(seed)  # noqa: S311
    places = list(range(1, placements + 1))
    rng.shuffle(places)
    weights = [1 / (i + 20) ** 0.9 for i in range(placements)]
    cumulative = []
    running = 0.0
    for w in weights:
        running += w
        cumulative.append(running)
    capacity = {p: rng.randint(1, 19) for p in range(1, placements + 1)}
    programmes = list(range(1, 21))
    ranks = min(ranks, placements)

    prefs: dict[int, list[int]] = {}
    programme: dict[int, int] = {}
    applicants: dict[int, list[tuple[int, int]]] = {p: [] for p in capacity}
    for s in range(1, students + 1):
        chosen: list[int] = []
        while len(chosen) < ranks:
            for p in rng.choices(places, cum_weights=cumulative, k=ranks - len(chosen)):
                if p not in chosen:
                    chosen.append(p)
        prefs[s] = chosen
        programme[s] = rng.choice(programmes)
        for r, p in enumerate(chosen):
            applicants[p].append((r, s))

    host_order: dict[int, list[list[int]]] = {}
    for p, who in applicants.items():
        acceptable = [(r, s) for r, s in who if rng.random() >= 0.05]
        if rng.random() < 0.3:  # in the order the students ranked the placement
            groups: dict[int, list[int]] = {}
            for r, s in acceptable:
                groups.setdefault(r, []).append(s)
            host_order[p] = [groups[r] for r in sorted(groups)]
        else:  # the host ranks about two thirds, the rest tie at the end
            ids = [s for _, s in acceptable]
            rng.shuffle(ids)
            cut = len(ids) * 2 // 3
            host_order[p] = [[s] for s in ids[:cut]] + ([ids[cut:]] if ids[cut:] else [])

    quotas = {}
    for p in rng.sample(sorted(capacity), max(1, placements // 50)):
        quotas[(p, rng.choice(programmes))] = max(1, capacity[p] // 2)
    pins = {}
    for s in rng.sample(sorted(prefs), min(25, students)):
        pins[s] = rng.choice(prefs[s]) if rng.random() < 0.5 else rng.randint(1, placements)

    return Instance(
        prefs=prefs,
        capacity=capacity,
        host_order=host_order,
        programme=programme,
        quotas=quotas,
        pins=pins,
        seed=seed,
    )


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=50_000)
    parser.add_argument("--placements", type=int, default=5_000)
    parser.add_argument("--ranks", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--clock",
        choices=["cpu", "wall"],
        default="cpu",
        help="what the last line reports: the run's CPU time on its one core (the default: "
        "on a shared machine the wall clock also counts the wait for a core) or wall time",
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    instance = make_instance(args.students, args.placements, args.ranks, args.seed)
    built = time.perf_counter() - started
    before = peak_mb()
    print(
        f"instance: {args.students:,} students, {args.placements:,} placements, "
        f"{sum(instance.capacity.values()):,} seats, {args.ranks} ranks, "
        f"{len(instance.quotas)} quotas, {len(instance.pins)} pins; built in {built:.2f} s"
    )

    calls = []
    times = []
    for _ in range(max(1, args.repeat)):
        calls.clear()
        wall = time.perf_counter()
        cpu = time.process_time()
        result = allocate(instance, progress=lambda done, total: calls.append(done))
        cpu = time.process_time() - cpu
        wall = time.perf_counter() - wall
        times.append(cpu if args.clock == "cpu" else wall)
        print(f"run: {wall:.2f} s wall, {cpu:.2f} s CPU, {len(calls)} progress calls")

    placed = [s for s, p in result.placement.items() if p is not None]
    first = sum(1 for s in placed if result.choice_rank[s] == 1)
    top3 = sum(1 for s in placed if (result.choice_rank[s] or 99) <= 3)
    n = len(result.placement)
    print(
        f"placed {len(placed):,} of {n:,} ({len(placed) / n:.1%}); first choice "
        f"{first / n:.1%}, top 3 {top3 / n:.1%}; unmatched {n - len(placed):,}"
    )
    print(f"peak memory (ru_maxrss): {peak_mb():.0f} MB; {before:.0f} MB before the runs")
    print(f"best of {len(times)} runs, {args.clock} time:")
    print(f"allocation: {args.students} students in {min(times):.2f} s")


if __name__ == "__main__":
    main()
