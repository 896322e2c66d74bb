using System.Diagnostics;
using Google.OrTools.Sat;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Solver.Encoders;
using Scheduler.Solver.Modeling;

namespace Scheduler.Solver;

/// <summary>
/// The CP-SAT model of a problem: one Boolean per eligible and available (person, shift) pair, every rule's
/// encoder, and the objective. Build it with <see cref="Build"/>; <see cref="ScheduleSolver"/> solves it.
/// </summary>
public sealed class ScheduleModel
{
    private readonly ModelContext _context;

    private ScheduleModel(ModelContext context, TimeSpan buildTime)
    {
        _context = context;
        BuildTime = buildTime;
    }

    /// <summary>The compiled problem the model encodes.</summary>
    public CompiledProblem Problem => _context.Problem;

    /// <summary>The CP-SAT model.</summary>
    public CpModel Model => _context.Model;

    /// <summary>Wall time spent building the model.</summary>
    public TimeSpan BuildTime { get; }

    /// <summary>Decision variables: (person, shift) pairs that are eligible and available.</summary>
    public int AssignmentVariables => _context.Vars.Count;

    /// <summary>All variables of the model, auxiliary ones included.</summary>
    public int Variables => Model.Model.Variables.Count;

    /// <summary>Constraints of the model.</summary>
    public int Constraints => Model.Model.Constraints.Count;

    /// <summary>Builds the model of a compiled problem with every rule and objective term.</summary>
    public static ScheduleModel Build(CompiledProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        SolverLimits.ThrowIfTooLarge(problem);
        var clock = Stopwatch.StartNew();
        var context = new ModelContext(problem);
        DoubleBookingEncoder.Encode(context);
        CoverageEncoder.Encode(context);
        SupervisionEncoder.Encode(context);
        WeeklyHoursEncoder.Encode(context);
        DaysOffEncoder.Encode(context);
        CallFrequencyEncoder.Encode(context);
        ConsecutiveNightsEncoder.Encode(context);
        FacultyClinicSessionsEncoder.Encode(context);
        foreach (var timeline in context.Timelines)
        {
            ref readonly var rules = ref problem.PersonRules[timeline.Person];
            if (!rules.DutyHourRules)
            {
                continue;
            }

            var periods = new DutyPeriodTerms(context, timeline);
            ContinuousDutyEncoder.Encode(context, periods, rules);
            RestEncoder.Encode(context, periods);
        }

        RequestsTerm.Encode(context);
        FairnessTerm.Encode(context);
        ContinuityTerm.Encode(context);
        var objective = LinearExpr.NewBuilder();
        foreach (var term in context.Penalties.Values)
        {
            objective.Add(term);
        }

        context.Model.Minimize(objective);
        return new ScheduleModel(context, clock.Elapsed);
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
        var assigned = new bool[vars.Count];
        foreach (var (person, shift) in schedule.ToPairs())
        {
            var pair = vars.Find(person, shift);
            if (pair < 0)
            {
                Model.AddBoolOr([_context.False()]);
                continue;
            }

            assigned[pair] = true;
        }

        for (var k = 0; k < vars.Count; k++)
        {
            Model.Add(vars.Vars[k] == (assigned[k] ? 1 : 0));
        }
    }

    /// <summary>Adds a hint: the solver starts its search from this schedule where it can.</summary>
    public void Hint(CompiledSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var vars = _context.Vars;
        var assigned = new bool[vars.Count];
        foreach (var (person, shift) in schedule.ToPairs())
        {
            var pair = vars.Find(person, shift);
            if (pair >= 0)
            {
                assigned[pair] = true;
            }
        }

        for (var k = 0; k < vars.Count; k++)
        {
            Model.AddHint(vars.Vars[k], assigned[k]);
        }
    }

    /// <summary>The objective's terms by name.</summary>
    internal IReadOnlyDictionary<string, LinearExprBuilder> Terms => _context.Penalties;

    /// <summary>The schedule of a solution (pairs whose variable is true).</summary>
    internal CompiledSchedule Decode(Func<ILiteral, bool> value)
    {
        var vars = _context.Vars;
        var pairs = new List<(int Person, int Shift)>();
        for (var k = 0; k < vars.Count; k++)
        {
            if (value(vars.Vars[k]))
            {
                pairs.Add((vars.PairPerson[k], vars.PairShift[k]));
            }
        }

        return CompiledSchedule.FromPairs(Problem, pairs.ToArray());
    }

    /// <summary>Whether a rule is hard in this model's problem.</summary>
    public bool IsHard(RuleId rule) => _context.SoftWeight(rule) is null;
}
