"""A Curtois-Qu instance (schedulingbenchmarks.org's text format) of the largest size the benchmark has: 364 days,
150 staff, 32 shift types, for checking that `scheduler solve --strategy hybrid` finds a schedule at that size.

    python3 bench/scale/curtois-qu-like.py SEED > scale.txt

Shift types in four groups of eight (a, d, p, n), each 480 minutes; a shift may not follow one of a later group
on the next day (as in Instance 12). Each person may work about half the types (night types at most 52 times), 98,280
to 112,320 minutes (13 times Instance 12's 7,560 to 8,640), runs of 2 to 5 working days, at least 2 days off in a
row, at most 26 weekends, 26 random days off, 40 shift-on and 40 shift-off requests (weight 1 to 3); every shift of
every day asks for 1 to 4 people (under 100, over 1). Whether the best schedule is known: no.
"""
import random, sys
random.seed(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
D, P, T = 364, 150, 32
groups = "adpn"
types = [f"{groups[k // 8]}{k % 8}" for k in range(T)]
out = ["SECTION_HORIZON", str(D), "", "SECTION_SHIFTS"]
for k, t in enumerate(types):
    g = k // 8
    banned = [u for j, u in enumerate(types) if j // 8 < g]
    out.append(f"{t},480,{'|'.join(banned)}")
out += ["", "SECTION_STAFF"]
staff = [f"E{i}" for i in range(P)]
for s in staff:
    maxes = []
    for k, t in enumerate(types):
        ok = random.random() < 0.5
        maxes.append(f"{t}={(52 if t[0] == 'n' else D) if ok else 0}")
    out.append(f"{s},{'|'.join(maxes)},{8640*13},{7560*13},5,2,2,{2*13}")
out += ["", "SECTION_DAYS_OFF"]
for s in staff:
    days = sorted(random.sample(range(D), 26))
    out.append(",".join([s] + [str(d) for d in days]))
out += ["", "SECTION_SHIFT_ON_REQUESTS"]
for s in staff:
    for _ in range(40):
        out.append(f"{s},{random.randrange(D)},{random.choice(types)},{random.randint(1,3)}")
out += ["", "SECTION_SHIFT_OFF_REQUESTS"]
for s in staff:
    for _ in range(40):
        out.append(f"{s},{random.randrange(D)},{random.choice(types)},{random.randint(1,3)}")
out += ["", "SECTION_COVER"]
for d in range(D):
    for t in types:
        out.append(f"{d},{t},{random.randint(1,4)},100,1")
print("\n".join(out))
