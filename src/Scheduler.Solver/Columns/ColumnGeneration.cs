using System.Diagnostics;
using System.Globalization;
using Google.OrTools.Sat;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;
using LpConstraint = Google.OrTools.LinearSolver.Constraint;
using LpObjective = Google.OrTools.LinearSolver.Objective;
using LpSolver = Google.OrTools.LinearSolver.Solver;
using LpVariable = Google.OrTools.LinearSolver.Variable;

namespace Scheduler.Solver.Columns;

/// <summary>
/// Column generation for a pure rostering problem (<see cref="Applies"/>): each person's schedule is one of a set of
/// whole-horizon rosters (columns), the shifts' cover couples them, and the linear relaxation of choosing one roster
/// per person is far tighter than the assignment model's. The master LP (GLOP) starts from each person's cheapest
/// roster on their requests alone; each round prices every person against its duals (<see cref="RosterPricing"/>,
/// exact, the people side by side) and adds their cheapest rosters of negative reduced cost, until there are none or
/// the root's share of the time is spent. A round that priced everybody exactly gives a lower bound on every schedule's
/// objective: the LP's value plus each person's most negative reduced cost. Then a dive fixes rosters the LP weights
/// most and prices the others again, until everybody has one; more dives follow while their share of the time lasts,
/// each with the LP's weights shaken by a random factor, the cheapest kept. CP-SAT then chooses one roster per person
/// from all those generated, hinted with the cheapest dive's, for the rest of the time. Each dive's rosters and
/// CP-SAT's choice are made cheaper a person at a time, each given their cheapest roster with everybody else's held,
/// priced exactly (<see cref="OnePersonMoves"/>). When the LP has converged and the schedule is still above the bound
/// but within <see cref="BranchGap"/> of it, branch-and-price follows (<see cref="Master.BranchAndPrice"/>, branching
/// on who works a shift, the pricing kept exact under the branches), and may run until <see cref="BranchShare"/> of the
/// whole solve's time. The LP is built again with fewer rosters when it holds many (a solve's time grows with them).
/// </summary>
internal static class ColumnGeneration
{
    /// <summary>
    /// The share of a neighbourhood search's time limit that column generation takes first (or up to
    /// <see cref="BranchShare"/> with branch-and-price).
    /// </summary>
    public const double Share = 0.4;

    /// <summary>The share of the time the root LP may take.</summary>
    private const double RootShare = 0.4;

    /// <summary>The share of the time by which the dive must end; CP-SAT's choice takes the rest (at most that share of it).</summary>
    private const double DiveShare = 0.8;

    /// <summary>Rosters priced per person and round: the cheapest, and the cheapest of other end states.</summary>
    private const int PerRound = 3;

    /// <summary>Rosters per person above which the LP is built again with fewer (<see cref="PurgeTo"/> per person).</summary>
    private const int PurgeAbove = 40;

    /// <summary>Rosters per person the LP keeps when built again.</summary>
    private const int PurgeTo = 15;

    /// <summary>
    /// Rounds that must price everybody within the root's time, unless the LP converges in fewer; with fewer, column
    /// generation gives up (pricing is too slow for the problem, as on long horizons).
    /// </summary>
    private const int MinRootRounds = 10;

    /// <summary>Pricing rounds before each step of the dive.</summary>
    private const int DiveRounds = 2;

    /// <summary>
    /// How far above the LP's bound (a share of it) CP-SAT's choice may be for branch-and-price to follow, when the LP
    /// converged: its searches aim one above the bound, which pays only when a schedule is near.
    /// </summary>
    private const double BranchGap = 0.01;

    /// <summary>
    /// The share of the whole solve's time limit by which branch-and-price must end (the neighbourhood search after it
    /// rarely improves the schedules it starts from).
    /// </summary>
    private const double BranchShare = 0.7;

    /// <summary>Nodes of branch-and-price's first search, before it begins again (half as many again each time).</summary>
    private const int RestartNodes = 15;

    /// <summary>
    /// What the LP's value may be above its true value from the solver's tolerances; the bound is rounded up from the
    /// value less this (objectives are whole numbers).
    /// </summary>
    private const double BoundSlack = 1e-4;

    /// <summary>What a hard cover row's slack costs in the LP (it has none in the integer choice).</summary>
    private const double HardSlack = 1e6;

    /// <summary>A run's outcome.</summary>
    /// <param name="Schedule">The chosen rosters.</param>
    /// <param name="Objective">Its objective.</param>
    /// <param name="Bound">A lower bound on any schedule's objective, or null when none is proven.</param>
    /// <param name="Columns">Rosters generated.</param>
    /// <param name="Rounds">Pricing rounds at the root.</param>
    /// <param name="LaterRounds">Pricing rounds after the root's: the dives' and branch-and-price's.</param>
    /// <param name="Dives">Dives made.</param>
    /// <param name="Nodes">Nodes of branch-and-price searched.</param>
    /// <param name="Converged">Whether the LP ran until no roster had a negative reduced cost.</param>
    /// <param name="Elapsed">The time taken.</param>
    public sealed record Outcome(CompiledSchedule Schedule, long Objective, double? Bound, int Columns, int Rounds, int LaterRounds, int Dives, int Nodes, bool Converged, TimeSpan Elapsed)
    {
        /// <summary>One line for a result's notes.</summary>
        public string Note => string.Create(
            CultureInfo.InvariantCulture,
            $"column generation: {Rounds} pricing rounds at the root, {LaterRounds} in {Dives} dive(s){(Nodes > 0 ? $" and {Nodes:N0} branch-and-price nodes" : string.Empty)}, {Columns:N0} rosters{(Converged ? ", LP converged" : string.Empty)}{(Bound is { } b ? $", bound {b:N0}" : string.Empty)}; the rosters chosen cost {Objective:N0} ({Elapsed.TotalSeconds:0.#} s)");
    }

    /// <summary>
    /// Whether the problem is one that rosters priced by <see cref="RosterPricing"/> describe exactly: no residents
    /// (the duty-hour rules bind nobody) and no faculty clinic limits, no history, no soft rules or continuity
    /// activities, and days whose shifts all overlap each other and no other day's (so double booking is "at most one
    /// shift a day"). The Curtois-Qu instances are such problems.
    /// </summary>
    public static bool Applies(CompiledProblem problem)
    {
        var source = problem.Source;
        if (problem.PersonCount == 0 || problem.HorizonDays == 0 || source.History.Count > 0 || source.Objective.SoftRules.Count > 0
            || problem.Rules.FacultyMinClinicSessionsPerWeek is not null || problem.Rules.FacultyMaxClinicSessionsPerWeek is not null)
        {
            return false;
        }

        for (var p = 0; p < problem.PersonCount; p++)
        {
            if (problem.Roles[p] != Role.Faculty)
            {
                return false;
            }
        }

        var endBefore = int.MinValue;
        for (var d = 0; d < problem.DayCount; d++)
        {
            var (first, end) = problem.ShiftsOnDay(d);
            if (first == end)
            {
                continue;
            }

            int latestStart = int.MinValue, earliestEnd = int.MaxValue, latestEnd = int.MinValue;
            for (var s = first; s < end; s++)
            {
                if (source.Objective.Continuity > 0 && (problem.ShiftKinds[s] & ActivityKinds.Continuity) != 0)
                {
                    return false;
                }

                latestStart = Math.Max(latestStart, problem.ShiftStart[s]);
                earliestEnd = Math.Min(earliestEnd, problem.ShiftEnd[s]);
                latestEnd = Math.Max(latestEnd, problem.ShiftEnd[s]);
                if (problem.ShiftStart[s] < endBefore)
                {
                    return false;
                }
            }

            if (latestStart >= earliestEnd)
            {
                return false;
            }

            endBefore = latestEnd;
        }

        return true;
    }

    /// <summary>
    /// Generates rosters and chooses one per person, within <see cref="Share"/> of <paramref name="whole"/> (the whole
    /// solve's), or <see cref="BranchShare"/> of it when branch-and-price runs. A <paramref name="start"/> that keeps
    /// every hard rule adds its rosters to the pool, and is kept in place of the dives' schedule when cheaper (made
    /// cheaper a person at a time first). When pricing is too slow for the root's time (fewer than
    /// <see cref="MinRootRounds"/> rounds that priced everybody, the LP not converged), there are no dives: the outcome is
    /// the start made cheaper, or null without one. Null too when some person has no roster that keeps their limits,
    /// the choice found no schedule in time, or the schedule breaks a hard rule.
    /// </summary>
    public static Outcome? Solve(
        CompiledProblem problem, TimeSpan whole, int workers, int seed, CancellationToken cancellationToken, CompiledSchedule? start = null)
    {
        var clock = Stopwatch.StartNew();
        var limit = whole * Share;
        using var master = new Master(problem, workers);
        var given = start is not null && new Local.LocalScore(start).Hard == 0 ? master.Add(start) : null;
        using (var root = Until(clock, limit * RootShare, cancellationToken))
        {
            if (!master.Start(root.Token) && given is null)
            {
                return null;
            }
        }

        // The root LP, dives, CP-SAT's choice (or the cheapest dive's schedule, should CP-SAT find none cheaper in
        // time), and branch-and-price when that is near the bound.
        var (converged, bound) = master.Generate(clock, limit * RootShare, cancellationToken);
        var rounds = master.Rounds;

        // Pricing too slow for the LP to get anywhere in its time (long horizons): no dives or choice, only the start
        // made cheaper, if there is one.
        var slow = !converged && master.Priced < MinRootRounds;
        if (slow && given is null)
        {
            return null;
        }

        // Dives until their share of the time is spent or one reaches the bound, the first by the LP's weights alone, the
        // others shaken, keeping the cheapest (the rosters each generates join the pool).
        var dived = slow ? [] : master.Improve(master.Dive(clock, limit * DiveShare, null, cancellationToken), clock, limit, cancellationToken);
        var cost = master.Cost(dived);
        if (given is not null && master.Improve(given, clock, limit, cancellationToken) is var improved && master.Cost(improved) is var givenCost
            && (dived.Count != problem.PersonCount || givenCost < cost))
        {
            (dived, cost) = (improved, givenCost);
        }

        var random = new Random(seed);
        var dives = slow ? 0 : 1;
        while (!slow && dived.Count == problem.PersonCount && cost > (bound ?? double.NegativeInfinity) && clock.Elapsed < limit * DiveShare
            && !cancellationToken.IsCancellationRequested)
        {
            master.Unfix();
            var another = master.Improve(master.Dive(clock, limit * DiveShare, random, cancellationToken), clock, limit, cancellationToken);
            dives++;
            if (another.Count == problem.PersonCount && master.Cost(another) is var anotherCost && anotherCost < cost)
            {
                (dived, cost) = (another, anotherCost);
            }
        }

        // CP-SAT's choice, kept when cheaper than the cheapest dive, and made cheaper a person at a time.
        var chosen = !slow && cost > (bound ?? double.NegativeInfinity)
            ? Choose(problem, master.Pool, dived, bound, workers, seed, Min(limit - clock.Elapsed, limit * (1 - DiveShare)), cancellationToken)
            : null;
        if (dived.Count == problem.PersonCount && (chosen is null || master.Cost(chosen) > cost))
        {
            chosen = dived;
        }

        if (chosen is null)
        {
            return null;
        }

        chosen = master.Improve(chosen, clock, limit, cancellationToken);
        cost = master.Cost(chosen);
        if (converged && cost > bound && cost - bound <= BranchGap * bound)
        {
            (chosen, bound) = master.BranchAndPrice(chosen, bound!.Value, random, clock, whole * BranchShare, cancellationToken);
        }

        var schedule = ToSchedule(problem, chosen.Select(c => (c.Person, c.Roster)));
        var score = new Local.LocalScore(schedule);
        return score.Hard > 0 ? null : new Outcome(schedule, score.Soft, bound, master.Pool.Count, rounds, master.Rounds - rounds, dives, master.Nodes, converged, clock.Elapsed);
    }

    /// <summary>
    /// The root LP to convergence, then branch-and-price with no time limit from each person's cheapest roster on their
    /// requests alone: an optimal schedule, its objective, the bound proven (its objective, once the search ended), and
    /// the nodes searched. Null when someone has no roster that keeps their limits.
    /// </summary>
    internal static (CompiledSchedule Schedule, long Objective, double Bound, int Nodes)? BranchAndPrice(CompiledProblem problem, int seed)
    {
        var clock = Stopwatch.StartNew();
        using var master = new Master(problem, workers: 1);
        if (!master.Start())
        {
            return null;
        }

        List<Column> start = [.. master.Columns];
        var (_, bound) = master.Generate(clock, TimeSpan.MaxValue, CancellationToken.None);
        var (best, proven) = master.BranchAndPrice(start, bound!.Value, new Random(seed), clock, TimeSpan.MaxValue, CancellationToken.None);
        var schedule = ToSchedule(problem, best.Select(c => (c.Person, c.Roster)));
        return (schedule, (long)master.Cost(best), proven, master.Nodes);
    }

    /// <summary>
    /// The schedule (one roster per person, each keeping its person's limits) made cheaper a person at a time
    /// (<see cref="OnePersonMoves"/>), as far as that goes.
    /// </summary>
    internal static CompiledSchedule Improve(CompiledProblem problem, CompiledSchedule schedule)
    {
        var shifts = Rosters(problem, schedule);
        var pricing = Enumerable.Range(0, problem.PersonCount).Select(p => new RosterPricing(problem, p)).ToArray();
        OnePersonMoves(problem, new PersonCosts(problem), pricing, shifts, CancellationToken.None);
        return ToSchedule(problem, shifts.Select((roster, person) => (person, roster)));
    }

    /// <summary>
    /// The schedule with each person whose roster breaks a hard rule of their own (their rostering limits, a forbidden
    /// succession) given the cheapest roster on their requests alone that keeps their limits, until
    /// <paramref name="stop"/> (whoever's pricing it cuts short keeps their roster). For a first schedule whose runs
    /// single-shift moves could not mend, on a problem column generation <see cref="Applies"/> to. (Priced with the
    /// cover's cost as well, the pricing of one person of 364 days did not end in the time this has.)
    /// </summary>
    internal static CompiledSchedule Mend(CompiledProblem problem, CompiledSchedule schedule, CancellationToken stop)
    {
        var costs = new PersonCosts(problem);
        var price = new double[problem.ShiftCount];
        var rosters = Rosters(problem, schedule);
        foreach (var person in ComplianceChecker.Check(schedule).Violations.Where(v => v.Person >= 0 && !problem.IsSoft(v)).Select(v => v.Person).Distinct())
        {
            costs.Prices(person, price);
            if (new RosterPricing(problem, person).Cheapest(price, stop: stop) is [var cheapest])
            {
                rosters[person] = cheapest.Shifts;
            }
        }

        return ToSchedule(problem, rosters.Select((roster, person) => (person, roster)));
    }

    // Each person's roster (their shifts in order) in a schedule.
    private static int[][] Rosters(CompiledProblem problem, CompiledSchedule schedule)
    {
        var rosters = new List<int>[problem.PersonCount];
        for (var p = 0; p < rosters.Length; p++)
        {
            rosters[p] = [];
        }

        foreach (var (person, shift) in schedule.ToPairs())
        {
            rosters[person].Add(shift);
        }

        return [.. rosters.Select(r => r.Order().ToArray())];
    }

    // The schedule of one roster (its shifts) per person.
    private static CompiledSchedule ToSchedule(CompiledProblem problem, IEnumerable<(int Person, int[] Roster)> rosters) =>
        CompiledSchedule.FromPairs(problem, [.. rosters.SelectMany(x => x.Roster.Select(s => (x.Person, s)))]);

    /// <summary>
    /// Gives each person in turn their cheapest roster with everybody else's held, priced exactly (their requests and
    /// what each shift changes the cover's cost by), until a pass over everybody changes nothing or
    /// <paramref name="stop"/> comes (a pricing it cuts short changes nothing). <paramref name="rosters"/> (shifts by
    /// person) are replaced in place; returns whose changed. Each change lowers the objective.
    /// </summary>
    private static bool[] OnePersonMoves(CompiledProblem problem, PersonCosts costs, RosterPricing[] pricing, int[][] rosters, CancellationToken stop)
    {
        var working = new int[problem.ShiftCount];
        foreach (var roster in rosters)
        {
            foreach (var s in roster)
            {
                working[s]++;
            }
        }

        var changed = new bool[rosters.Length];
        var price = new double[working.Length];
        for (var again = true; again && !stop.IsCancellationRequested;)
        {
            again = false;
            for (var person = 0; person < rosters.Length; person++)
            {
                foreach (var s in rosters[person])
                {
                    working[s]--;
                }

                costs.Prices(person, price);
                for (var s = 0; s < price.Length; s++)
                {
                    price[s] += Cover(problem, s, working[s] + 1) - Cover(problem, s, working[s]);
                }

                if (pricing[person].Cheapest(price, stop: stop) is [var cheapest] && cheapest.Cost < rosters[person].Sum(s => price[s]) - 1e-6)
                {
                    (rosters[person], changed[person], again) = (cheapest.Shifts, true, true);
                }

                foreach (var s in rosters[person])
                {
                    working[s]++;
                }
            }
        }

        return changed;
    }

    // What a shift's cover costs with this many people on it (a hard cover broken costs HardSlack a person).
    private static double Cover(CompiledProblem problem, int shift, int working)
    {
        var penalty = problem.CoverPenalty(shift);
        return (Math.Max(0, problem.MinPeople[shift] - working) * (penalty?.Under ?? HardSlack))
            + (Math.Max(0, working - problem.MaxPeople[shift]) * (penalty?.Over ?? HardSlack));
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    // A cancellation that comes at end (on the clock; at once when that has passed) or with the solve's.
    private static CancellationTokenSource Until(Stopwatch clock, TimeSpan end, CancellationToken cancellationToken)
    {
        var until = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var left = end - clock.Elapsed;
        if (left <= TimeSpan.Zero)
        {
            until.Cancel();
        }
        else if (left < TimeSpan.FromDays(1))
        {
            until.CancelAfter(left);
        }

        return until;
    }

    /// <summary>The master LP over the rosters generated so far, and their pricing.</summary>
    private sealed class Master : IDisposable
    {
        private readonly CompiledProblem _problem;
        private readonly PersonCosts _costs;
        private readonly RosterPricing[] _pricing;
        private LpSolver _lp = null!;
        private LpObjective _objective = null!;
        private LpConstraint[] _convexity = null!;
        private LpConstraint?[] _low = null!;
        private LpConstraint?[] _high = null!;
        private readonly HashSet<string>[] _seen;
        private readonly bool[] _fixed;
        private List<Column> _best = [];
        private double _bestCost;
        private Random _random = null!;
        private int _nodesLeft;
        private readonly List<(int Shift, bool Work)>[] _branches;
        private readonly double[] _dual;
        private readonly double[] _personDual;
        private readonly int _workers;

        public Master(CompiledProblem problem, int workers)
        {
            _problem = problem;
            _workers = Math.Max(1, workers);
            var people = problem.PersonCount;
            var shifts = problem.ShiftCount;
            _costs = new PersonCosts(problem);
            _pricing = new RosterPricing[people];
            _seen = new HashSet<string>[people];
            _fixed = new bool[people];
            _branches = new List<(int Shift, bool Work)>[people];
            for (var p = 0; p < people; p++)
            {
                _pricing[p] = new RosterPricing(problem, p);
                _seen[p] = [];
                _branches[p] = [];
            }

            _dual = new double[shifts];
            _personDual = new double[people];
            Build();
        }

        /// <summary>The rosters in the LP.</summary>
        public List<Column> Columns { get; } = [];

        /// <summary>Every roster generated, for CP-SAT's choice.</summary>
        public List<Column> Pool { get; } = [];

        /// <summary>Pricing rounds so far.</summary>
        public int Rounds { get; private set; }

        /// <summary>Pricing rounds so far that priced every person not fixed (not cut short by their end).</summary>
        public int Priced { get; private set; }

        /// <summary>Adds each person's cheapest roster on their requests alone; false when someone has none, or <paramref name="stop"/> came first.</summary>
        public bool Start(CancellationToken stop = default)
        {
            var price = new double[_problem.ShiftCount];
            for (var p = 0; p < _problem.PersonCount; p++)
            {
                _costs.Prices(p, price);
                if (_pricing[p].Cheapest(price, stop: stop) is not [var start])
                {
                    return false;
                }

                Add(p, start.Shifts);
            }

            return true;
        }

        /// <summary>
        /// Pricing rounds for the people not fixed, until none has a roster of negative reduced cost (converged), a round
        /// proves that no schedule the branches taken allow costs less than <paramref name="cutoff"/>, or
        /// <paramref name="end"/> passes. The bound is the best of the rounds that priced everybody exactly (the LP's
        /// value plus each person's most negative reduced cost, rounded up), null when none did or someone is fixed;
        /// positive infinity when someone has no roster the branches allow.
        /// </summary>
        public (bool Converged, double? Bound) Generate(
            Stopwatch clock, TimeSpan end, CancellationToken cancellationToken, int rounds = int.MaxValue, double cutoff = double.PositiveInfinity)
        {
            double? bound = null;
            using var stop = Until(clock, end, cancellationToken);
            for (var round = 0; round < rounds && !cancellationToken.IsCancellationRequested && _lp.Solve() == LpSolver.ResultStatus.OPTIMAL; round++)
            {
                // Read before any roster is added (which invalidates the solution).
                Rounds++;
                var value = _objective.Value();
                for (var s = 0; s < _dual.Length; s++)
                {
                    _dual[s] = (_low[s]?.DualValue() ?? 0) + (_high[s]?.DualValue() ?? 0);
                }

                for (var p = 0; p < _personDual.Length; p++)
                {
                    _personDual[p] = _convexity[p].DualValue();
                }

                Purge();

                // Each person priced on their own, side by side; the rosters added in person order.
                var found = new List<RosterPricing.Result>?[_problem.PersonCount];
                Parallel.For(0, found.Length, new ParallelOptions { MaxDegreeOfParallelism = _workers }, person =>
                {
                    if (!_fixed[person] && clock.Elapsed < end && !cancellationToken.IsCancellationRequested)
                    {
                        var price = new double[_dual.Length];
                        _costs.Prices(person, price);
                        for (var s = 0; s < price.Length; s++)
                        {
                            price[s] -= _dual[s];
                        }

                        found[person] = _pricing[person].Cheapest(price, PerRound, Restrict(person, price), stop.Token);
                    }
                });

                var negative = 0.0;
                var exact = true;
                var added = 0;
                for (var person = 0; person < found.Length; person++)
                {
                    if (_fixed[person])
                    {
                        continue;
                    }

                    if (found[person] is not { } cheapest)
                    {
                        return (false, bound);
                    }

                    if (cheapest.Count == 0)
                    {
                        return (false, double.PositiveInfinity);
                    }

                    exact &= cheapest[0].Exact;
                    var dual = _costs.Constant(person) - _personDual[person];
                    negative += Math.Min(0, cheapest[0].Cost + dual);
                    foreach (var roster in cheapest)
                    {
                        if (roster.Cost + dual < -1e-6)
                        {
                            added += Add(person, roster.Shifts) ? 1 : 0;
                        }
                    }
                }

                Priced++;
                if (exact && !_fixed.Contains(true))
                {
                    bound = Math.Max(bound ?? double.NegativeInfinity, Math.Ceiling(value + negative - BoundSlack));
                    if (bound >= cutoff)
                    {
                        return (false, bound);
                    }
                }

                if (added == 0)
                {
                    return (exact, bound);
                }
            }

            return (false, bound);
        }

        /// <summary>
        /// Branch-and-price from the LP as it is (nothing fixed) until <paramref name="end"/>: depth-first searches for
        /// a schedule that costs at most a target, one above the bound proven (or one below the cheapest schedule so
        /// far, if less). At each node, pricing rounds run under the branches taken until the LP converges or its bound
        /// passes the target, which cuts the node. The rosters the LP weights most, one per person, made cheaper a person
        /// at a time (<see cref="OnePersonMoves"/>), are a schedule, the LP's own when it takes them whole; otherwise
        /// the node branches on a (person, shift) the LP weights near one half (the nearest, give or take a random
        /// fifth), first on the side the weight rounds to: the person works it, or does not. A search ended without
        /// finding one proves the bound one above its target. A search is cut after <see cref="RestartNodes"/> nodes (half
        /// as many again at each restart) and begun again, its random choices different (a search's size varies
        /// widely with them). Returns the cheapest schedule (<paramref name="best"/> when none was cheaper) and the bound
        /// proven.
        /// </summary>
        public (List<Column> Best, double Bound) BranchAndPrice(List<Column> best, double bound, Random random, Stopwatch clock, TimeSpan end, CancellationToken cancellationToken)
        {
            Unfix();
            (_best, _bestCost, _random) = (best, Cost(best), random);
            var nodes = RestartNodes;
            while (bound < _bestCost && clock.Elapsed < end && !cancellationToken.IsCancellationRequested)
            {
                var target = Math.Min(bound + 1, _bestCost - 1);
                _nodesLeft = nodes;
                if (!Explore(target, clock, end, cancellationToken))
                {
                    nodes += nodes / 2;
                }
                else if (_bestCost > target)
                {
                    bound = target + 1;
                }
            }

            return (_best, bound);
        }

        /// <summary>Nodes of branch-and-price so far.</summary>
        public int Nodes { get; private set; }

        // A node of branch-and-price's search for a schedule of at most the target cost (above): false when time or the
        // search's nodes ran out in it; true when it found one (then the cheapest so far) or none can be found under it.
        private bool Explore(double target, Stopwatch clock, TimeSpan end, CancellationToken cancellationToken)
        {
            if (--_nodesLeft < 0)
            {
                return false;
            }

            Nodes++;
            var (converged, bound) = Generate(clock, end, cancellationToken, cutoff: target + 1);
            if (bound > target)
            {
                return true;
            }

            if (!converged || clock.Elapsed >= end || _lp.Solve() != LpSolver.ResultStatus.OPTIMAL)
            {
                return false;
            }

            // Each (person, shift)'s weight in the LP, and the roster it weights most for each person.
            var weight = new Dictionary<(int Person, int Shift), double>();
            var most = new Column[_problem.PersonCount];
            foreach (var column in Columns)
            {
                var value = column.Variable.SolutionValue();
                if (value > 1e-6)
                {
                    foreach (var s in column.Roster)
                    {
                        weight[(column.Person, s)] = weight.GetValueOrDefault((column.Person, s)) + value;
                    }

                    if (most[column.Person] is not { } other || other.Variable.SolutionValue() < value)
                    {
                        most[column.Person] = column;
                    }
                }
            }

            // Those rosters, made cheaper a person at a time, are a schedule.
            var schedule = Improve([.. most], clock, end, cancellationToken);
            if (Cost(schedule) is var cost && cost < _bestCost)
            {
                (_best, _bestCost) = (schedule, cost);
            }

            if (_bestCost <= target || weight.Values.All(w => w > 1 - 1e-6))
            {
                return true;
            }

            var ((person, shift), half) = weight.Where(w => w.Value < 1 - 1e-6).MaxBy(w => (_random.NextDouble() * 0.2) - Math.Abs(w.Value - 0.5));
            foreach (var work in half >= 0.5 ? (bool[])[true, false] : [false, true])
            {
                var ended = !Branch(person, shift, work) || Explore(target, clock, end, cancellationToken);
                Unbranch(person);
                if (!ended || _bestCost <= target)
                {
                    return ended;
                }
            }

            return true;
        }

        // Takes a branch: the person works the shift, or does not. Their rosters that break it leave the LP (their
        // upper bound 0); should none be left, their cheapest roster on their requests that keeps it joins. False when
        // they have none.
        private bool Branch(int person, int shift, bool work)
        {
            _branches[person].Add((shift, work));
            var left = false;
            foreach (var column in Columns.Where(c => c.Person == person))
            {
                var allowed = Allows(column);
                left |= allowed;
                column.Variable.SetUb(allowed ? double.PositiveInfinity : 0);
            }

            if (left)
            {
                return true;
            }

            var price = new double[_problem.ShiftCount];
            _costs.Prices(person, price);
            if (_pricing[person].Cheapest(price, 1, Restrict(person, price)) is [var roster])
            {
                Add(person, roster.Shifts);
                return true;
            }

            return false;
        }

        // Undoes the person's last branch.
        private void Unbranch(int person)
        {
            _branches[person].RemoveAt(_branches[person].Count - 1);
            foreach (var column in Columns.Where(c => c.Person == person && Allows(c)))
            {
                column.Variable.SetUb(double.PositiveInfinity);
            }
        }

        // Whether a roster keeps its person's branches: works each shift they must and none they must not.
        private bool Allows(Column column)
        {
            var branches = _branches[column.Person];
            foreach (var (shift, work) in branches)
            {
                if (column.Roster.Contains(shift) != work)
                {
                    return false;
                }
            }

            return true;
        }

        // The person's branches applied to their prices: a shift they must not work is priced at infinity, and so are
        // the others of a day on which they must work one. Returns the days they must work (null when none).
        private bool[]? Restrict(int person, double[] price)
        {
            bool[]? working = null;
            foreach (var (shift, work) in _branches[person])
            {
                if (!work)
                {
                    price[shift] = double.PositiveInfinity;
                    continue;
                }

                var day = _problem.ShiftDay[shift];
                var (first, end) = _problem.ShiftsOnDay(day);
                for (var s = first; s < end; s++)
                {
                    price[s] = s == shift ? price[s] : double.PositiveInfinity;
                }

                working ??= new bool[_problem.HorizonDays];
                working[day - _problem.HistoryDays] = true;
            }

            return working;
        }

        /// <summary>
        /// Fixes rosters until everybody has one, each time after <see cref="DiveRounds"/> pricing rounds for the
        /// others: those the LP weights fully, or else those it weights most (one per person), as many as the time left
        /// allows at the pace of the steps so far (one at first). When <paramref name="end"/> passes first, the others
        /// get the roster the LP weights most. Returns a roster per person (fewer only if the LP failed).
        /// </summary>
        public List<Column> Dive(Stopwatch clock, TimeSpan end, Random? shake, CancellationToken cancellationToken)
        {
            var chosen = new List<Column>();
            var started = clock.Elapsed;
            var steps = 0;
            while (chosen.Count < _problem.PersonCount && clock.Elapsed < end && !cancellationToken.IsCancellationRequested)
            {
                _ = Generate(clock, end, cancellationToken, DiveRounds);
                if (_lp.Solve() != LpSolver.ResultStatus.OPTIMAL)
                {
                    break;
                }

                // The values are read before any is fixed (which invalidates the solution).
                var values = Columns.Select(c => _fixed[c.Person] ? 0 : c.Variable.SolutionValue() * (shake is null ? 1 : 0.5 + shake.NextDouble())).ToArray();
                var order = Enumerable.Range(0, values.Length).Where(c => values[c] > 0).OrderByDescending(c => values[c]).ThenBy(c => c).ToList();
                var left = _problem.PersonCount - chosen.Count;
                var pace = steps == 0 ? 0 : (clock.Elapsed - started).TotalSeconds / steps;
                var batch = Math.Clamp((int)Math.Ceiling(left * pace / Math.Max(1e-3, (end - clock.Elapsed).TotalSeconds)), 1, left);
                steps++;
                foreach (var c in order)
                {
                    if (!_fixed[Columns[c].Person] && (values[c] > 1 - 1e-6 || batch > 0))
                    {
                        batch -= values[c] > 1 - 1e-6 ? 0 : 1;
                        Fix(Columns[c]);
                        chosen.Add(Columns[c]);
                    }
                }
            }

            // Out of time: the others get the roster the LP weights most.
            if (chosen.Count < _problem.PersonCount && _lp.Solve() == LpSolver.ResultStatus.OPTIMAL)
            {
                foreach (var group in Columns.Where(c => !_fixed[c.Person]).GroupBy(c => c.Person))
                {
                    chosen.Add(group.MaxBy(c => c.Variable.SolutionValue())!);
                }
            }

            return chosen;
        }

        public void Dispose() => _lp.Dispose();

        /// <summary>Frees every roster the dive fixed.</summary>
        public void Unfix()
        {
            foreach (var column in Columns.Where(c => c.Fixed))
            {
                column.Fixed = false;
                column.Variable.SetLb(0);
            }

            Array.Clear(_fixed);
        }

        /// <summary>The objective of one roster per person: their costs and the cover's (a hard cover broken costs <see cref="HardSlack"/> a person).</summary>
        public double Cost(List<Column> rosters)
        {
            var working = new int[_problem.ShiftCount];
            double cost = 0;
            foreach (var column in rosters)
            {
                cost += column.Cost;
                foreach (var s in column.Roster)
                {
                    working[s]++;
                }
            }

            for (var s = 0; s < working.Length; s++)
            {
                cost += Cover(_problem, s, working[s]);
            }

            return cost;
        }

        /// <summary>
        /// One roster per person made cheaper a person at a time (<see cref="OnePersonMoves"/>) until
        /// <paramref name="end"/>; the new rosters join the pool. Other lists are returned as they are.
        /// </summary>
        public List<Column> Improve(List<Column> rosters, Stopwatch clock, TimeSpan end, CancellationToken cancellationToken)
        {
            if (rosters.Count != _problem.PersonCount)
            {
                return rosters;
            }

            var byPerson = new Column[rosters.Count];
            foreach (var column in rosters)
            {
                byPerson[column.Person] = column;
            }

            var shifts = byPerson.Select(c => c.Roster).ToArray();
            using var stop = Until(clock, end, cancellationToken);
            var changed = OnePersonMoves(_problem, _costs, _pricing, shifts, stop.Token);
            for (var person = 0; person < byPerson.Length; person++)
            {
                if (changed[person])
                {
                    byPerson[person] = NewColumn(person, shifts[person]);
                    Pool.Add(byPerson[person]);
                }
            }

            return [.. byPerson];
        }

        // A new LP with the rows, their slacks and the rosters of Columns (a fixed one at 1).
        private void Build()
        {
            _lp?.Dispose();
            _lp = LpSolver.CreateSolver("GLOP");

            // Without presolve GLOP starts each solve from the last basis (only columns are added).
            _lp.SetSolverSpecificParametersAsString("use_preprocessing:false");
            _objective = _lp.Objective();
            var people = _problem.PersonCount;
            _convexity = new LpConstraint[people];
            for (var p = 0; p < people; p++)
            {
                _convexity[p] = _lp.MakeConstraint(1, 1);
            }

            // Cover rows: at least the minimum, at most the maximum, each with its slack at the cover's price.
            var shifts = _problem.ShiftCount;
            _low = new LpConstraint?[shifts];
            _high = new LpConstraint?[shifts];
            for (var s = 0; s < shifts; s++)
            {
                var penalty = _problem.CoverPenalty(s);
                if (_problem.MinPeople[s] > 0)
                {
                    _low[s] = _lp.MakeConstraint(_problem.MinPeople[s], double.PositiveInfinity);
                    var slack = _lp.MakeNumVar(0, double.PositiveInfinity, string.Empty);
                    _low[s]!.SetCoefficient(slack, 1);
                    _objective.SetCoefficient(slack, penalty?.Under ?? HardSlack);
                }

                if (_problem.MaxPeople[s] < people)
                {
                    _high[s] = _lp.MakeConstraint(double.NegativeInfinity, _problem.MaxPeople[s]);
                    var slack = _lp.MakeNumVar(0, double.PositiveInfinity, string.Empty);
                    _high[s]!.SetCoefficient(slack, -1);
                    _objective.SetCoefficient(slack, penalty?.Over ?? HardSlack);
                }
            }

            _objective.SetMinimization();
            foreach (var column in Columns)
            {
                Enter(column);
            }
        }

        // Keeps the LP small (each solve's time grows with its columns): above PurgeAbove rosters per person, it is
        // built again with the fixed rosters, those the LP uses and the ones of least reduced cost, PurgeTo per person
        // in all. The others stay in the pool but may be generated again.
        private void Purge()
        {
            var people = _problem.PersonCount;
            if (Columns.Count <= PurgeAbove * people)
            {
                return;
            }

            var kept = Columns
                .Select(c => (Column: c, Value: c.Variable.SolutionValue(), Reduced: c.Variable.ReducedCost()))
                .OrderByDescending(c => c.Column.Variable.Lb() > 0 || c.Value > 1e-9)
                .ThenBy(c => c.Reduced)
                .Take(PurgeTo * people)
                .Select(c => c.Column)
                .ToList();
            foreach (var column in Columns.Except(kept))
            {
                _seen[column.Person].Remove(column.Key);
            }

            Columns.Clear();
            Columns.AddRange(kept);
            Build();
        }

        // Puts a roster's column into the LP.
        private void Enter(Column column)
        {
            var variable = _lp.MakeNumVar(column.Fixed ? 1 : 0, Allows(column) ? double.PositiveInfinity : 0, string.Empty);
            _convexity[column.Person].SetCoefficient(variable, 1);
            foreach (var s in column.Roster)
            {
                _low[s]?.SetCoefficient(variable, 1);
                _high[s]?.SetCoefficient(variable, 1);
            }

            _objective.SetCoefficient(variable, column.Cost);
            column.Variable = variable;
        }

        // A roster's column, not yet in the LP.
        private Column NewColumn(int person, int[] roster) => new(person, roster, _costs.Of(person, roster), string.Join(',', roster));

        private void Fix(Column column)
        {
            _fixed[column.Person] = true;
            column.Fixed = true;
            column.Variable.SetLb(1);
        }

        /// <summary>Adds the rosters of a schedule that keeps every hard rule (those not in the pool yet); returns its columns.</summary>
        public List<Column> Add(CompiledSchedule schedule)
        {
            var rosters = Rosters(_problem, schedule);
            var columns = new List<Column>(rosters.Length);
            for (var p = 0; p < rosters.Length; p++)
            {
                Add(p, rosters[p]);
                columns.Add(Columns.Find(c => c.Person == p && c.Roster.AsSpan().SequenceEqual(rosters[p]))!);
            }

            return columns;
        }

        private bool Add(int person, int[] roster)
        {
            var column = NewColumn(person, roster);
            if (!_seen[person].Add(column.Key))
            {
                return false;
            }

            Enter(column);
            Columns.Add(column);
            Pool.Add(column);
            return true;
        }
    }

    // CP-SAT's choice of one generated roster per person, hinted with the dive's (for the people it fixed).
    private static List<Column>? Choose(
        CompiledProblem problem, List<Column> columns, List<Column> dived, double? bound, int workers, int seed, TimeSpan limit, CancellationToken cancellationToken)
    {
        var model = new CpModel();
        var people = problem.PersonCount;
        var literals = new BoolVar[columns.Count];
        var byPerson = new List<int>[people];
        var byShift = new List<BoolVar>[problem.ShiftCount];
        for (var p = 0; p < people; p++)
        {
            byPerson[p] = [];
        }

        for (var s = 0; s < byShift.Length; s++)
        {
            byShift[s] = [];
        }

        var terms = new List<LinearExpr>();
        for (var c = 0; c < columns.Count; c++)
        {
            literals[c] = model.NewBoolVar(string.Empty);
            byPerson[columns[c].Person].Add(c);
            foreach (var s in columns[c].Roster)
            {
                byShift[s].Add(literals[c]);
            }

            terms.Add(columns[c].Cost * literals[c]);
        }

        for (var p = 0; p < people; p++)
        {
            model.AddExactlyOne(byPerson[p].Select(c => literals[c]));
        }

        var hinted = dived.ToDictionary(c => c.Person);
        for (var c = 0; c < columns.Count; c++)
        {
            if (hinted.TryGetValue(columns[c].Person, out var column))
            {
                model.AddHint(literals[c], ReferenceEquals(column, columns[c]));
            }
        }

        for (var s = 0; s < byShift.Length; s++)
        {
            var working = LinearExpr.Sum(byShift[s]);
            var penalty = problem.CoverPenalty(s);
            var (min, max) = (problem.MinPeople[s], problem.MaxPeople[s]);
            if (min > 0)
            {
                if (penalty is null)
                {
                    model.Add(working >= min);
                }
                else
                {
                    var under = model.NewIntVar(0, min, string.Empty);
                    model.Add(working + under >= min);
                    terms.Add(penalty.Under * under);
                }
            }

            if (max < people)
            {
                if (penalty is null)
                {
                    model.Add(working <= max);
                }
                else
                {
                    var over = model.NewIntVar(0, people, string.Empty);
                    model.Add(working - over <= max);
                    terms.Add(penalty.Over * over);
                }
            }
        }

        // No choice costs less than the bound, so one that reaches it ends the search.
        var objective = LinearExpr.Sum(terms);
        if (bound is { } least)
        {
            model.Add(objective >= (long)least);
        }

        model.Minimize(objective);
        using var solver = new CpSolver
        {
            StringParameters = string.Create(
                CultureInfo.InvariantCulture,
                $"num_workers:{Math.Max(1, workers)} random_seed:{seed} catch_sigint_signal:false max_time_in_seconds:{Math.Max(0.1, limit.TotalSeconds)}"),
        };
        using var registration = cancellationToken.Register(solver.StopSearch);
        var status = solver.Solve(model);
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
        {
            return null;
        }

        var chosen = new List<Column>(people);
        for (var c = 0; c < columns.Count; c++)
        {
            if (solver.BooleanValue(literals[c]))
            {
                chosen.Add(columns[c]);
            }
        }

        return chosen;
    }

    /// <summary>A roster of a person, its cost, and its variable in the current LP.</summary>
    internal sealed class Column(int person, int[] roster, long cost, string key)
    {
        public int Person { get; } = person;

        public int[] Roster { get; } = roster;

        public long Cost { get; } = cost;

        /// <summary>The roster's shifts as text, to tell rosters apart.</summary>
        public string Key { get; } = key;

        public LpVariable Variable { get; set; } = null!;

        /// <summary>Whether the dive fixed it.</summary>
        public bool Fixed { get; set; }
    }

    /// <summary>
    /// The requests' cost of a person's roster, from the table <see cref="Local.LocalScore"/> counts them by
    /// (<see cref="Local.RequestTable"/>): a constant (every want unmet) plus a price per shift worked. A day request is
    /// priced on each shift of its day, exact because a roster works at most one shift a day.
    /// </summary>
    private sealed class PersonCosts
    {
        private readonly long[] _constant;
        private readonly Dictionary<int, long>[] _price;

        public PersonCosts(CompiledProblem problem)
        {
            var requests = new Local.RequestTable(problem);
            _constant = requests.Unmet;
            _price = new Dictionary<int, long>[problem.PersonCount];
            for (var p = 0; p < _price.Length; p++)
            {
                _price[p] = [];
                for (var d = 0; d < problem.DayCount; d++)
                {
                    if (requests.Day[requests.DayKey(p, d)] is var change and not 0)
                    {
                        var (first, end) = problem.ShiftsOnDay(d);
                        for (var s = first; s < end; s++)
                        {
                            Add(p, s, change);
                        }
                    }
                }
            }

            foreach (var (person, shift, change) in requests.ShiftChanges())
            {
                Add(person, shift, change);
            }
        }

        public long Constant(int person) => _constant[person];

        /// <summary>Writes the person's price of each shift into <paramref name="price"/> (cleared first).</summary>
        public void Prices(int person, double[] price)
        {
            Array.Clear(price);
            foreach (var (s, value) in _price[person])
            {
                price[s] = value;
            }
        }

        public long Of(int person, int[] roster)
        {
            var cost = _constant[person];
            foreach (var s in roster)
            {
                cost += _price[person].GetValueOrDefault(s);
            }

            return cost;
        }

        private void Add(int person, int shift, long value) => _price[person][shift] = _price[person].GetValueOrDefault(shift) + value;
    }
}
