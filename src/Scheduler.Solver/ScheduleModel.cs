using System.Diagnostics;
using Google.OrTools.Sat;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Solver.Encoders;
using Scheduler.Solver.Modeling;

namespace Scheduler.Solver;

/// <summary>
/// The CP-SAT model of a problem: one Boolean per eligible and available (person, shift) pair, every rule's
/// encoder, and the objective. Build it with <see cref="Build(CompiledProblem, CancellationToken)"/>; <see cref="ScheduleSolver"/> solves it.
/// </summary>
public sealed class ScheduleModel
{
    private readonly ModelContext _context;
    private bool[]? _hinted;

    private ScheduleModel(ModelContext context, TimeSpan buildTime, IReadOnlyList<EncoderSize> parts)
    {
        _context = context;
        BuildTime = buildTime;
        Parts = parts;
    }

    /// <summary>What each encoder added to the model, in build order (the assignment variables come first).</summary>
    public IReadOnlyList<EncoderSize> Parts { get; }

    /// <summary>The compiled problem the model encodes.</summary>
    public CompiledProblem Problem => _context.Problem;

    /// <summary>The CP-SAT model.</summary>
    internal CpModel Model => _context.Model;

    /// <summary>The assumption literal of each constraint group, when built for explaining; else empty.</summary>
    internal IReadOnlyDictionary<ConstraintGroup, int> Assumptions => _context.Assumptions;

    /// <summary>A new assumption literal that, assumed, assumes each of <paramref name="literals"/> too.</summary>
    internal int AssumeAll(IEnumerable<int> literals)
    {
        var parent = _context.Proto.NewBool();
        foreach (var literal in literals)
        {
            _context.Proto.Implies(parent, literal);
        }

        return parent;
    }

    /// <summary>Wall time spent building the model.</summary>
    public TimeSpan BuildTime { get; }

    /// <summary>Decision variables: (person, shift) pairs that are eligible and available.</summary>
    public int AssignmentVariables => _context.Vars.Count;

    /// <summary>The model's variable index of each decision variable (by pair).</summary>
    internal int[] AssignmentIndex => _context.Vars.Index;

    /// <summary>The person of each decision variable (by pair).</summary>
    internal int[] AssignmentPerson => _context.Vars.PairPerson;

    /// <summary>The shift of each decision variable (by pair).</summary>
    internal ReadOnlySpan<int> AssignmentShift => _context.Vars.PairShift;

    /// <summary>All variables of the model, auxiliary ones included.</summary>
    public int Variables => Model.Model.Variables.Count;

    /// <summary>Constraints of the model.</summary>
    public int Constraints => Model.Model.Constraints.Count;

    /// <summary>Builds the model of a compiled problem with every rule and objective term.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled between two encoders.</exception>
    public static ScheduleModel Build(CompiledProblem problem, CancellationToken cancellationToken = default) =>
        Build(problem, null, historyJudged: false, cancellationToken);

    /// <summary>
    /// Builds the model of a window of a week-by-week solve: its fairness term starts from the counts the
    /// committed weeks carry in (person indices as in <paramref name="problem"/>), and when
    /// <paramref name="historyJudged"/> its history is those weeks (see <see cref="ModelContext.HistoryJudged"/>).
    /// </summary>
    /// <exception cref="OperationCanceledException">The token was cancelled between two encoders.</exception>
    internal static ScheduleModel Build(CompiledProblem problem, FairnessCounts? carried, bool historyJudged, CancellationToken cancellationToken) =>
        Build(problem, carried, historyJudged, explaining: false, cancellationToken);

    /// <summary>
    /// The model an explanation searches for a core: every hard rule's constraints enforced per group by an
    /// assumption literal (<see cref="Assumptions"/>), absences as groups too, and no objective.
    /// </summary>
    internal static ScheduleModel BuildForExplaining(CompiledProblem problem, CancellationToken cancellationToken) =>
        Build(problem, null, historyJudged: false, explaining: true, cancellationToken);

    private static ScheduleModel Build(
        CompiledProblem problem, FairnessCounts? carried, bool historyJudged, bool explaining, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problem);
        SolverLimits.ThrowIfTooLarge(problem);
        var clock = Stopwatch.StartNew();
        var context = new ModelContext(problem, carried, historyJudged, explaining);
        var parts = new List<EncoderSize>();
        void Measure(string name, Action encode)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var constraints = context.Model.Model.Constraints.Count;
            var variables = context.Model.Model.Variables.Count;
            var started = clock.Elapsed;
            encode();
            parts.Add(new EncoderSize(
                name, context.Model.Model.Variables.Count - variables, context.Model.Model.Constraints.Count - constraints, clock.Elapsed - started));
        }

        Measure("DoubleBooking", () => DoubleBookingEncoder.Encode(context));
        Measure("Coverage", () => CoverageEncoder.Encode(context));
        Measure("Supervision", () => SupervisionEncoder.Encode(context));
        Measure("WeeklyHours", () => WeeklyHoursEncoder.Encode(context));
        Measure("DaysOff", () => DaysOffEncoder.Encode(context));
        Measure("CallFrequency", () => CallFrequencyEncoder.Encode(context));
        Measure("ConsecutiveNights", () => ConsecutiveNightsEncoder.Encode(context));
        Measure("FacultyClinicSessions", () => FacultyClinicSessionsEncoder.Encode(context));
        Measure("ShiftsPerActivity", () => ShiftsPerActivityEncoder.Encode(context));
        Measure("TotalMinutes", () => TotalMinutesEncoder.Encode(context));
        Measure("ConsecutiveDays", () => ConsecutiveDaysEncoder.Encode(context));
        Measure("Weekends", () => WeekendsEncoder.Encode(context));
        Measure("Succession", () => SuccessionEncoder.Encode(context));
        var periods = new List<(DutyPeriodTerms Terms, PersonRules Rules)>();
        Measure("DutyPeriods", () =>
        {
            foreach (var timeline in context.Timelines)
            {
                ref readonly var rules = ref problem.PersonRules[timeline.Person];
                if (rules.DutyHourRules)
                {
                    periods.Add((new DutyPeriodTerms(context, timeline), rules));
                }
            }
        });
        Measure("ContinuousDuty", () =>
        {
            foreach (var (terms, rules) in periods)
            {
                context.ForPerson(terms.Timeline.Person);
                ContinuousDutyEncoder.Encode(context, terms, rules);
            }
        });
        Measure("Rest", () =>
        {
            foreach (var (terms, _) in periods)
            {
                context.ForPerson(terms.Timeline.Person);
                RestEncoder.Encode(context, terms);
            }
        });
        if (explaining)
        {
            // Only whether a schedule exists matters: soft rules are free, and preferences are left out.
            return new ScheduleModel(context, clock.Elapsed, parts);
        }

        Measure("Requests", () => RequestsTerm.Encode(context));
        Measure("Fairness", () => FairnessTerm.Encode(context));
        Measure("Continuity", () => ContinuityTerm.Encode(context));
        context.Proto.Minimize(context.Penalties.Values);
        return new ScheduleModel(context, clock.Elapsed, parts);
    }

    /// <summary>
    /// Fixes every decision variable to a schedule: the model then has a solution exactly when the schedule
    /// breaks no hard rule. A pair the schedule assigns but the model has no variable for (ineligible,
    /// unavailable) makes the model infeasible.
    /// </summary>
    public void Fix(CompiledSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var vars = _context.Vars;
        var assigned = Assigned(schedule, out var impossible);
        if (impossible)
        {
            _context.Proto.Or([_context.False()]);
        }

        for (var k = 0; k < vars.Count; k++)
        {
            _context.Proto.Linear([vars.Index[k]], [1], assigned[k] ? 1 : 0, assigned[k] ? 1 : 0);
        }
    }

    /// <summary>
    /// Adds the objective term <c>changes</c>: <paramref name="weight"/> for each assignment that differs from
    /// <paramref name="published"/> (made where it has none, undone where it has one).
    /// </summary>
    internal void PenalizeChanges(CompiledSchedule published, long weight)
    {
        var vars = _context.Vars;
        var assigned = Assigned(published, out _);
        for (var k = 0; k < vars.Count; k++)
        {
            _context.Penalty("changes", assigned[k] ? ProtoWriter.Not(vars.Index[k]) : vars.Index[k], weight);
        }

        // Published assignments the model has no variable for (the person is now absent, or no longer eligible) are
        // changes whatever the solve does.
        _context.Penalty("changes", weight * (published.AssignmentCount - assigned.Count(x => x)));
        _context.Proto.Minimize(_context.Penalties.Values);
    }

    /// <summary>Holds assignments as they are; one the problem cannot have (ineligible, absent) makes the model infeasible.</summary>
    /// <exception cref="Core.Model.ModelException">An id the problem lacks (<c>fixed[i].person</c>, <c>fixed[i].shift</c>).</exception>
    internal void Pin(IReadOnlyList<FixedAssignment> fixedAssignments)
    {
        var problem = _context.Problem;
        for (var i = 0; i < fixedAssignments.Count; i++)
        {
            var f = fixedAssignments[i];
            if (!problem.TryGetPerson(f.Person, out var person))
            {
                throw new Core.Model.ModelException($"fixed[{i}].person", $"unknown person '{f.Person}'");
            }

            if (!problem.TryGetShift(f.Shift, out var shift))
            {
                throw new Core.Model.ModelException($"fixed[{i}].shift", $"unknown shift '{f.Shift}'");
            }

            var k = _context.Vars.Find(person, shift);
            if (k >= 0)
            {
                var value = f.Assigned ? 1 : 0;
                _context.Proto.Linear([_context.Vars.Index[k]], [1], value, value);
            }
            else if (f.Assigned)
            {
                _context.Proto.Or([_context.False()]);
            }
        }
    }

    /// <summary>Adds a hint: the solver starts its search from this schedule where it can.</summary>
    public void Hint(CompiledSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var vars = _context.Vars;
        var assigned = Assigned(schedule, out _);
        var hint = new PartialVariableAssignment();
        hint.Vars.Add(vars.Index);
        hint.Values.Capacity = vars.Count;
        foreach (var value in assigned)
        {
            hint.Values.Add(value ? 1 : 0);
        }

        Model.Model.SolutionHint = hint;

        _hinted = assigned;
    }

    /// <summary>The share of hinted assignment values a solution kept, or null when the model has no hint.</summary>
    internal double? HintKept(IReadOnlyList<long> solution)
    {
        if (_hinted is null || _hinted.Length == 0)
        {
            return null;
        }

        var vars = _context.Vars;
        var kept = 0;
        for (var k = 0; k < vars.Count; k++)
        {
            kept += (solution[vars.Index[k]] != 0) == _hinted[k] ? 1 : 0;
        }

        return (double)kept / vars.Count;
    }

    // Which assignment variables the schedule sets; impossible when it assigns a pair without a variable
    // (ineligible or absent).
    private bool[] Assigned(CompiledSchedule schedule, out bool impossible)
    {
        var vars = _context.Vars;
        var assigned = new bool[vars.Count];
        impossible = false;
        foreach (var (person, shift) in schedule.ToPairs())
        {
            var pair = vars.Find(person, shift);
            if (pair < 0)
            {
                impossible = true;
                continue;
            }

            assigned[pair] = true;
        }

        return assigned;
    }

    /// <summary>
    /// Hints every variable, auxiliary ones included, from a schedule: the model with the assignment
    /// variables fixed to the schedule (their domains narrowed, then restored) is solved (presolve settles nearly everything), and its
    /// full solution becomes the hint, so the search starts from a complete solution. Returns false (and
    /// hints only the assignments) when the copy finds no solution in time, e.g. when the schedule breaks
    /// a hard rule.
    /// </summary>
    /// <param name="schedule">The schedule to start from.</param>
    /// <param name="timeLimit">Wall-clock limit of the completing solve, or null for none.</param>
    /// <param name="deterministicTimeLimit">CP-SAT's deterministic limit of the completing solve, or null for
    /// none; a repeatable run sets this one only, so the hint is the same on any machine.</param>
    /// <param name="presolve">Whether CP-SAT presolves the completing solve (it usually settles everything at once).</param>
    /// <param name="cancellationToken">Stops the completing solve.</param>
    public bool HintCompleted(
        CompiledSchedule schedule, TimeSpan? timeLimit, double? deterministicTimeLimit = null, bool presolve = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schedule);

        using var solver = new CpSolver
        {
            StringParameters = string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"num_workers:1 stop_after_first_solution:true catch_sigint_signal:false")
                + (presolve ? string.Empty : " cp_model_presolve:false")
                + (timeLimit is { } wall ? FormattableString.Invariant($" max_time_in_seconds:{wall.TotalSeconds}") : string.Empty)
                + (deterministicTimeLimit is { } work ? FormattableString.Invariant($" max_deterministic_time:{work}") : string.Empty),
        };
        var assigned = Assigned(schedule, out _);
        var status = SolveFixed(assigned, solver, cancellationToken);
        Model.ClearHints();
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
        {
            Hint(schedule);
            return false;
        }

        Model.Model.SolutionHint = PinnedDomains.Hint(solver.Response!.Solution);
        _hinted = assigned;
        return true;
    }

    /// <summary>
    /// The objective's terms of a schedule that breaks no hard rule, exactly: the model solved with every decision
    /// variable fixed to the schedule, so each slack and violation literal takes its least value. (A search
    /// stopped before optimality may return a solution whose slacks exceed what its schedule needs.) Null when
    /// the schedule breaks a hard rule, or the solve ran out of <paramref name="timeLimit"/> (null: none) or was cancelled.
    /// </summary>
    internal Dictionary<string, long>? Cost(CompiledSchedule schedule, TimeSpan? timeLimit, CancellationToken cancellationToken)
    {
        using var solver = new CpSolver
        {
            StringParameters = "num_workers:1 catch_sigint_signal:false cp_model_presolve:false"
                + (timeLimit is { } limit ? FormattableString.Invariant($" max_time_in_seconds:{limit.TotalSeconds}") : string.Empty),
        };
        var status = SolveFixed(Assigned(schedule, out var impossible), solver, cancellationToken);
        if (impossible || status != CpSolverStatus.Optimal)
        {
            return null;
        }

        return TermValues(solver.Response!.Solution);
    }

    /// <summary>The value of each objective term in a solution.</summary>
    internal Dictionary<string, long> TermValues(IReadOnlyList<long> solution)
    {
        var terms = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, term) in _context.Penalties)
        {
            terms[name] = term.Value(solution);
        }

        return terms;
    }

    // Solves the model itself with the assignment variables' domains narrowed to a schedule and its hint set
    // aside, both restored after: a copy cost a third of the time on a week of large (64k constraints).
    private CpSolverStatus SolveFixed(bool[] assigned, CpSolver solver, CancellationToken cancellationToken)
    {
        var proto = Model.Model;
        var pins = new PinnedDomains(proto, _context.Vars.Index);
        var hints = proto.SolutionHint;
        proto.SolutionHint = null;
        try
        {
            for (var k = 0; k < assigned.Length; k++)
            {
                pins.Pin(k, assigned[k] ? 1 : 0);
            }

            using var registration = cancellationToken.Register(solver.StopSearch);
            return solver.Solve(Model);
        }
        finally
        {
            pins.Restore();
            proto.SolutionHint = hints;
        }
    }

    /// <summary>The schedule of a solution (pairs whose variable is true).</summary>
    internal CompiledSchedule Decode(IReadOnlyList<long> solution)
    {
        var vars = _context.Vars;
        var pairs = new List<(int Person, int Shift)>();
        for (var k = 0; k < vars.Count; k++)
        {
            if (solution[vars.Index[k]] != 0)
            {
                pairs.Add((vars.PairPerson[k], vars.PairShift[k]));
            }
        }

        return CompiledSchedule.FromPairs(Problem, pairs.ToArray());
    }

    /// <summary>Whether a rule is hard in this model's problem.</summary>
    public bool IsHard(RuleId rule) => _context.SoftWeight(rule) is null;
}

/// <summary>What one encoder added to the model.</summary>
/// <param name="Encoder">The rule or objective term.</param>
/// <param name="Variables">Variables added.</param>
/// <param name="Constraints">Constraints added.</param>
/// <param name="Time">Time spent.</param>
public readonly record struct EncoderSize(string Encoder, int Variables, int Constraints, TimeSpan Time);
