"""A Curtois-Qu instance (schedulingbenchmarks.org's text format) of the largest size the benchmark has: 364 days,
150 staff, 32 shift types, for checking that `scheduler solve --strategy hybrid` finds a schedule at that size; or of
another size, for the shapes of the benchmark's instances kept outside the repository.

    python3 bench/scale/curtois-qu-like.py SEED > scale.txt
    python3 bench/scale/curtois-qu-like.py SEED DAYS STAFF TYPES > sized.txt

Shift types in four groups (a, d, p, n; eight each at 32 types), each 480 minutes; a shift may not follow one of a
later group on the next day (as in Instance 12). Each person may work about half the types, at least two of them
outside the night group (night types at most DAYS/7 times), 7,560 to 8,640 minutes per 28 days (Instance 12's), runs
of 2 to 5 working days, at least 2 days off in a row, at most 2 weekends per 28 days, 26 random days off per 364 days,
40 shift-on and 40 shift-off requests per 364 days (weight 1 to 3); every shift of every day asks for 1 to
STAFF*6/(7*TYPES) people, 4 at the largest size (under 100, over 1). Whether the best schedule is known: no.
"""
import random, sys
random.seed(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
D, P, T = (int(x) for x in sys.argv[2:5]) if len(sys.argv) > 4 else (364, 150, 32)
weeks4 = D / 28
groups = "adpn"
group = [k * 4 // T for k in range(T)]
types = [f"{groups[group[k]]}{k}" for k in range(T)]
out = ["SECTION_HORIZON", str(D), "", "SECTION_SHIFTS"]
for k, t in enumerate(types):
    banned = [u for j, u in enumerate(types) if group[j] < group[k]]
    out.append(f"{t},480,{'|'.join(banned)}")
out += ["", "SECTION_STAFF"]
staff = [f"E{i}" for i in range(P)]
for s in staff:
    works = [random.random() < 0.5 for _ in types]
    while sum(w for k, w in enumerate(works) if group[k] < 3) < 2:
        works[random.randrange(T)] = True
    maxes = [f"{t}={(D // 7 if group[k] == 3 else D) if works[k] else 0}" for k, t in enumerate(types)]
    out.append(f"{s},{'|'.join(maxes)},{int(8640 * weeks4)},{int(7560 * weeks4)},5,2,2,{int(2 * weeks4)}")
out += ["", "SECTION_DAYS_OFF"]
for s in staff:
    days = sorted(random.sample(range(D), D * 26 // 364))
    out.append(",".join([s] + [str(d) for d in days]))
out += ["", "SECTION_SHIFT_ON_REQUESTS"]
for s in staff:
    for _ in range(D * 40 // 364):
        out.append(f"{s},{random.randrange(D)},{random.choice(types)},{random.randint(1,3)}")
out += ["", "SECTION_SHIFT_OFF_REQUESTS"]
for s in staff:
    for _ in range(D * 40 // 364):
        out.append(f"{s},{random.randrange(D)},{random.choice(types)},{random.randint(1,3)}")
out += ["", "SECTION_COVER"]
most = max(1, round(P * 6 / (7 * T)))
for d in range(D):
    for t in types:
        out.append(f"{d},{t},{random.randint(1, most)},100,1")
print("\n".join(out))
