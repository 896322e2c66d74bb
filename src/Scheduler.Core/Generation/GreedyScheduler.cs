using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;
using Scheduler.Core.Rules;

namespace Scheduler.Core.Generation;

/// <summary>
/// A simple, deterministic greedy schedule: a baseline for the solver, a hint, and a plausible
/// schedule to go with a generated problem. It never breaks a per-person rule (duty hours, days off,
/// 24+4, rest, call frequency, nights, double booking, availability, eligibility); coverage may fall
/// short where the rules leave no one to take a shift.
/// </summary>
/// <remarks>
/// Shifts are taken in start order; among shifts that start together, the one with the fewest people
/// who could work it comes first, so scarce places (call, nights, ICU) are not taken by the ward. Each
/// shift is filled up to its minimum from the eligible, available people, least-loaded first (minutes
/// assigned so far, home call included, so that faculty home call is spread too; ties by person index);
/// a hand-over (transition) shift prefers whoever's duty ends as it starts. Each tentative assignment
/// goes through <see cref="IncrementalChecker"/> and is kept only if it adds no violation of that
/// person. In a supervised shift residents come first and faculty join as the ratios require, without
/// going over the minimum; any places left are then offered to faculty.
/// </remarks>
public static class GreedyScheduler
{
    /// <summary>Builds the greedy schedule of <paramref name="problem"/>.</summary>
    public static CompiledSchedule Build(CompiledProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return new Pass(problem).Run();
    }

    private sealed class Pass
    {
        private readonly CompiledProblem _problem;
        private readonly IncrementalChecker _checker;
        private readonly long[] _load;
        private readonly int[] _lastEnd;
        private readonly int[] _candidates;
        private readonly long[] _keys;

        public Pass(CompiledProblem problem)
        {
            _problem = problem;
            _checker = new IncrementalChecker(problem);
            _load = new long[problem.PersonCount];
            _lastEnd = new int[problem.PersonCount];
            Array.Fill(_lastEnd, int.MinValue);
            for (var p = 0; p < problem.PersonCount; p++)
            {
                var history = problem.History(p);
                if (!history.IsEmpty)
                {
                    _lastEnd[p] = history[^1].End;
                }
            }

            _candidates = new int[problem.PersonCount];
            _keys = new long[problem.PersonCount];
        }

        public CompiledSchedule Run()
        {
            var shiftStart = _problem.ShiftStart;
            var order = new int[_problem.ShiftCount];
            var scarcity = new int[_problem.ShiftCount];
            for (var s = 0; s < order.Length; s++)
            {
                order[s] = s;
                scarcity[s] = CountCandidates(s);
            }

            // Start order; scarcest first among shifts that start together; index for determinism.
            var starts = shiftStart.ToArray();
            Array.Sort(order, (a, b) =>
            {
                var c = starts[a].CompareTo(starts[b]);
                if (c == 0)
                {
                    c = scarcity[a].CompareTo(scarcity[b]);
                }

                return c != 0 ? c : a.CompareTo(b);
            });

            foreach (var shift in order)
            {
                Fill(shift);
            }

            return _checker.ToSchedule();
        }

        private int CountCandidates(int shift)
        {
            var count = 0;
            for (var p = 0; p < _problem.PersonCount; p++)
            {
                if (_problem.CanWork(p, shift))
                {
                    count++;
                }
            }

            return count;
        }

        private void Fill(int shift)
        {
            var min = _problem.MinPeople[shift];
            var count = _checker.PeopleOn(shift).Length;
            if (count >= min)
            {
                return;
            }

            var n = Candidates(shift);
            var candidates = _candidates.AsSpan(0, n);
            var roles = _problem.Roles;
            if (_problem.Supervised[shift])
            {
                int faculty = 0, pgy1 = 0, senior = 0;
                foreach (var c in candidates)
                {
                    if (count >= min)
                    {
                        break;
                    }

                    if (roles[c] == Role.Faculty)
                    {
                        continue;
                    }

                    var first = _problem.Pgy[c] == 1;
                    var need = Supervision.RequiredFaculty(_problem.Rules, pgy1 + (first ? 1 : 0), senior + (first ? 0 : 1));
                    // The resident plus the faculty they would need must fit within the minimum.
                    if (count + 1 + Math.Max(0, need - faculty) > min)
                    {
                        continue;
                    }

                    var added = 0;
                    while (faculty < need && TryAddFaculty(shift, candidates))
                    {
                        faculty++;
                        added++;
                    }

                    if (faculty < need)
                    {
                        // No faculty member can come: the resident cannot be supervised here.
                        count += added;
                        continue;
                    }

                    count += added;
                    if (TryAdd(c, shift))
                    {
                        count++;
                        if (first)
                        {
                            pgy1++;
                        }
                        else
                        {
                            senior++;
                        }
                    }
                }

                while (count < min && TryAddFaculty(shift, candidates))
                {
                    count++;
                }

                return;
            }

            foreach (var c in candidates)
            {
                if (count >= min)
                {
                    break;
                }

                if (TryAdd(c, shift))
                {
                    count++;
                }
            }
        }

        private bool TryAddFaculty(int shift, ReadOnlySpan<int> candidates)
        {
            foreach (var c in candidates)
            {
                if (_problem.Roles[c] == Role.Faculty && !_checker.IsAssigned(c, shift) && TryAdd(c, shift))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Eligible, available people who are free when the shift starts, least-loaded first,
        /// into <see cref="_candidates"/>; returns how many.</summary>
        private int Candidates(int shift)
        {
            var start = _problem.ShiftStart[shift];
            var transition = (_problem.ShiftKinds[shift] & ActivityKinds.Transition) != 0;
            var n = 0;
            for (var p = 0; p < _problem.PersonCount; p++)
            {
                // Shifts come in start order, so one ending after this start overlaps it.
                if (_lastEnd[p] > start || !_problem.IsEligible(p, shift) || !_problem.IsAvailable(p, shift))
                {
                    continue;
                }

                // Load in the high bits, person index in the low 20 bits (at most a million people).
                var key = (_load[p] << 20) | (long)p;
                if (transition && _lastEnd[p] == start)
                {
                    // Hand-over: whoever's duty ends now continues into it.
                    key = p - (1L << 21);
                }

                _candidates[n] = p;
                _keys[n] = key;
                n++;
            }

            Array.Sort(_keys, _candidates, 0, n);
            return n;
        }

        private bool TryAdd(int person, int shift)
        {
            var change = _checker.Add(person, shift);
            foreach (ref readonly var v in change.Added)
            {
                if (v.Person == person)
                {
                    _checker.Remove(person, shift);
                    return false;
                }
            }

            _load[person] += _problem.ShiftEnd[shift] - _problem.ShiftStart[shift];
            _lastEnd[person] = Math.Max(_lastEnd[person], _problem.ShiftEnd[shift]);
            return true;
        }
    }
}
