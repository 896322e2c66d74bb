"""Drives a `scheduler serve` through scheduler_client.py on the shipped tiny problem; exits non-zero on any failure.

    python3 example.py                          # starts the server built in this checkout (stdin/stdout)
    python3 example.py --command scheduler serve  # or any command that starts one
    python3 example.py --socket /tmp/s.sock     # or connects to a running one (also --tcp HOST:PORT)

Loads problems/tiny.msgpack, validates problems/tiny.schedule.msgpack, solves tiny reproducibly (1 worker,
deterministic time 5) printing each improving solution, validates the schedule the solve returned and checks that
it breaks no hard rule.
"""

import argparse
import os
import sys

from scheduler_client import SchedulerClient, SchedulerError

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
BUILT_SERVER = os.path.join(REPO, "src", "Scheduler.Cli", "bin", "Release", "net10.0", "scheduler.dll")


def connect(args):
    if args.socket:
        return SchedulerClient.connect_unix(args.socket)
    if args.tcp:
        host, _, port = args.tcp.rpartition(":")
        return SchedulerClient.connect_tcp(host or "127.0.0.1", int(port))
    if not args.command and not os.path.exists(BUILT_SERVER):
        sys.exit(f"no server at {BUILT_SERVER}: build it (dotnet build -c Release) or give --command, --socket or --tcp")
    return SchedulerClient.spawn(args.command or ["dotnet", BUILT_SERVER, "serve"])


def read(name):
    with open(os.path.join(REPO, "problems", name), "rb") as f:
        return f.read()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--socket", help="a Unix socket a server listens on")
    where.add_argument("--tcp", metavar="HOST:PORT", help="a TCP address a server listens on")
    where.add_argument("--command", nargs=argparse.REMAINDER, help="the command that starts a server on stdin/stdout")
    args = parser.parse_args()

    failures = []

    def check(condition, what):
        print(("ok    " if condition else "FAIL  ") + what)
        if not condition:
            failures.append(what)

    with connect(args) as client:
        hello = client.hello()
        print(f"server {hello['server']}, protocol {hello['protocol']}, tzdb {hello['tzdb']}")
        check(hello["protocol"] == 1, "hello: protocol 1")

        problem = client.load_problem(read("tiny.msgpack"))
        print(f"problem {problem['name']}: {problem['people']} people, {problem['shifts']} shifts, "
              f"{problem['days']} days, hash {problem['hash']}")
        shipped = client.load_schedule(problem["hash"], read("tiny.schedule.msgpack"))
        report = client.validate(problem["hash"], shipped["hash"])
        print(f"shipped schedule: {shipped['assignments']} assignments, {report['hard']} hard and "
              f"{report['soft']} soft violations {report['byRule']}")
        check(report["hard"] == 0, "the shipped schedule breaks no hard rule")

        def progress(p):
            print(f"  objective {p['objective']}, bound {p['bound']:.0f}, gap {p['gap']:.1%}, "
                  f"{p['elapsedMs'] / 1000:.1f} s, {p['solutions']} solutions")

        result = client.solve(problem["hash"], progress_callback=progress, workers=1, deterministicTime=5)
        print(f"solve: {result['status']}, objective {result['objective']}, terms {result['terms']}, "
              f"{result['wallMs'] / 1000:.1f} s")
        check(result["status"] in ("optimal", "feasible"), "solve found a schedule")
        check(result["hard"] == 0, "solve reports 0 hard violations")

        if result.get("scheduleHash"):
            solved = client.validate(problem["hash"], result["scheduleHash"])
            check(solved["hard"] == 0, f"the solved schedule validates with 0 hard violations ({solved['byRule']})")
            # The same schedule sent as bytes, checked without being kept, gives the same verdict.
            again = client.validate(problem["hash"], result["schedule"])
            check(again["byRule"] == solved["byRule"], "validating the returned bytes gives the same counts")
            csv = client.export(problem["hash"], result["scheduleHash"], "csv")
            check(csv["text"].startswith("person_id,"), f"export csv: {csv['assignments']} assignments")

        try:
            client.validate(problem["hash"], "0" * 32)
            check(False, "an unknown schedule hash is refused")
        except SchedulerError as e:
            check(e.code == "unknown-hash", f"an unknown schedule hash is refused ({e.code}, field {e.field})")

    if failures:
        print(f"{len(failures)} check(s) failed", file=sys.stderr)
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
