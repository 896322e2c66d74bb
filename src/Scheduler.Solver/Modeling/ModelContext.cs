using Google.OrTools.Sat;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Model;
using Scheduler.Solver.Encoders;

namespace Scheduler.Solver.Modeling;

/// <summary>
/// What every encoder shares: the CP-SAT model, the problem, the assignment variables, each person's
/// timeline, and the objective's penalty terms. Hard rules become constraints; a soft rule's constraint
/// gets a violation literal or slack whose cost goes to the objective, tagged with the rule.
/// </summary>
internal sealed class ModelContext
{
    // The most steps a soft rule's slack may take.
    private const long SlackSpan = 1_000_000;

    private readonly Clause _clause = new();
    private readonly Dictionary<string, LinearTerms> _penalties = new(StringComparer.Ordinal);
    private readonly Dictionary<ConstraintGroup, int>? _assumptions;
    private int? _false;
    private WorkingDays? _workingDays;
    private int _person = -1;
    private int _shift = -1;

    /// <param name="problem">The problem to encode.</param>
    /// <param name="carried">Fairness counts earlier weeks carry in, or null.</param>
    /// <param name="historyJudged">See <see cref="HistoryJudged"/>.</param>
    /// <param name="explaining">
    /// Every hard constraint is enforced by an assumption literal of its group (rule and person or shift, see
    /// <see cref="Assumptions"/>), and absences become groups too: eligible pairs during an absence get a variable
    /// that the absence's literal forbids.
    /// </param>
    public ModelContext(CompiledProblem problem, FairnessCounts? carried = null, bool historyJudged = false, bool explaining = false)
    {
        Problem = problem;
        Carried = carried;
        HistoryJudged = historyJudged;
        Weights = problem.Source.Objective;
        Model = new CpModel();
        Proto = new ProtoWriter(Model);
        Vars = new AssignmentVariables(Proto, problem, withAbsent: explaining);
        Timelines = new Timeline[problem.PersonCount];
        for (var p = 0; p < problem.PersonCount; p++)
        {
            Timelines[p] = new Timeline(Proto, problem, Vars, p);
        }

        if (explaining)
        {
            _assumptions = [];
            ForbidAbsentPairs();
        }
    }

    /// <summary>The assumption literal of every constraint group (when explaining), in creation order.</summary>
    public IReadOnlyDictionary<ConstraintGroup, int> Assumptions => _assumptions ?? [];

    /// <summary>The constraints emitted next belong to this person's groups (until the next call of either).</summary>
    public void ForPerson(int person) => (_person, _shift) = (person, -1);

    /// <summary>The constraints emitted next belong to this shift's groups.</summary>
    public void ForShift(int shift) => (_person, _shift) = (-1, shift);

    /// <summary>
    /// When explaining and the rule is hard, the assumption literal of the rule's group for the current person or
    /// shift (made on first use); else null, and the constraint is unconditional.
    /// </summary>
    public int? Assumption(RuleId rule)
    {
        if (_assumptions is null || SoftWeight(rule) is not null)
        {
            return null;
        }

        var group = new ConstraintGroup(rule, _person, _shift, -1);
        if (!_assumptions.TryGetValue(group, out var literal))
        {
            literal = Proto.NewBool();
            _assumptions.Add(group, literal);
        }

        return literal;
    }

    /// <summary>The enforcement of a hard rule's linear constraint: its <see cref="Assumption"/>, or none.</summary>
    public int[]? Enforcement(RuleId rule) => Assumption(rule) is { } literal ? [literal] : null;

    // Each eligible pair during an absence: the absence's assumption forbids it.
    private void ForbidAbsentPairs()
    {
        for (var k = 0; k < Vars.Count; k++)
        {
            var p = Vars.PairPerson[k];
            var s = Vars.PairShift[k];
            var starts = Problem.AbsenceStarts(p);
            var ends = Problem.AbsenceEnds(p);
            for (var a = 0; a < starts.Length; a++)
            {
                if (starts[a] < Problem.ShiftEnd[s] && ends[a] > Problem.ShiftStart[s])
                {
                    var group = new ConstraintGroup(RuleId.Availability, p, -1, a);
                    if (!_assumptions!.TryGetValue(group, out var literal))
                    {
                        literal = Proto.NewBool();
                        _assumptions.Add(group, literal);
                    }

                    Proto.Or([ProtoWriter.Not(Vars.Index[k]), ProtoWriter.Not(literal)]);
                }
            }
        }
    }

    public CpModel Model { get; }

    /// <summary>Direct constraint writing for the hot paths.</summary>
    public ProtoWriter Proto { get; }

    public CompiledProblem Problem { get; }

    public ObjectiveWeights Weights { get; }

    /// <summary>Fairness counts that earlier weeks carry in (a week-by-week solve), or null.</summary>
    public FairnessCounts? Carried { get; }

    /// <summary>
    /// Whether the history is earlier weeks of the same solve, already judged (and, for soft rules, already
    /// charged) in their own models: a soft rule's cost for a history period that was already broken is then
    /// not charged again.
    /// </summary>
    public bool HistoryJudged { get; }

    public AssignmentVariables Vars { get; }

    public Timeline[] Timelines { get; }

    /// <summary>Working-day literals of the generic rostering rules, built on first use.</summary>
    public WorkingDays WorkingDays => _workingDays ??= new WorkingDays(this);

    /// <summary>The penalty terms by name (a rule's name for soft rules, or an objective term's).</summary>
    public IReadOnlyDictionary<string, LinearTerms> Penalties => _penalties;

    /// <summary>The cost of one unit of a rule's violation, or null when the rule is hard.</summary>
    public int? SoftWeight(RuleId rule) => Weights.SoftWeight(rule);

    /// <summary>A cleared clause to fill and pass to <see cref="Emit"/>.</summary>
    public Clause Clause() => _clause.Reset();

    /// <summary>
    /// Adds a clause: hard, it must hold; soft, breaking it costs <paramref name="units"/> times the rule's weight.
    /// </summary>
    public void Emit(Clause clause, RuleId rule, long units)
    {
        if (clause.Satisfied)
        {
            return;
        }

        if (SoftWeight(rule) is { } weight)
        {
            if (weight == 0)
            {
                return;
            }

            var violated = Proto.NewBool();
            clause.Literals.Add(violated);
            Penalty(rule.ToString(), violated, weight * units);
        }
        else if (Assumption(rule) is { } assumed)
        {
            clause.Literals.Add(ProtoWriter.Not(assumed));
        }
        else if (clause.Literals.Count == 0)
        {
            // The fixed part (history) already breaks the rule whatever is assigned: no schedule is feasible.
            clause.Literals.Add(False());
        }

        Proto.Or(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(clause.Literals));
    }

    /// <summary>
    /// Adds lower &lt;= terms &lt;= upper. Soft, the slack comes in steps of <paramref name="slackUnit"/> (60 for
    /// whole hours of minutes) and each step outside the bounds costs the rule's weight.
    /// </summary>
    public void Bound(LinearTerms terms, long lower, long upper, RuleId rule, long slackUnit = 1)
    {
        if (SoftWeight(rule) is { } weight)
        {
            if (weight != 0)
            {
                // Slack only where the bound can bind, and no more steps than it can take (a slack whose steps could
                // never help sent CP-SAT's presolve round a dual-strengthening loop for seconds).
                var (lowest, highest) = Proto.Range(terms);
                var maxUnder = lower > lowest ? Math.Min(SlackSpan, Steps(lower - lowest, slackUnit)) : 0;
                var maxOver = upper < highest ? Math.Min(SlackSpan, Steps(highest - upper, slackUnit)) : 0;
                Priced(terms, lower, upper, rule.ToString(), weight, weight, maxUnder, maxOver, slackUnit);
            }

            return;
        }

        Proto.Linear(terms, lower, upper, Enforcement(rule));
    }

    // Steps of a slack unit that cover a gap (rounded up), saturating for gaps beyond the long range.
    private static long Steps(long gap, long unit) => gap < 0 || gap > long.MaxValue / 2 ? SlackSpan : (gap + unit - 1) / unit;

    /// <summary>
    /// Adds lower &lt;= terms &lt;= upper softly: terms plus the slack under minus the slack over lies within the
    /// bounds, each step (of <paramref name="slackUnit"/>) under costs <paramref name="underWeight"/> and each step
    /// over <paramref name="overWeight"/> in the named term. At most one slack is positive at the optimum; a slack
    /// whose most steps is 0, or whose bound is unbounded (beyond a quarter of the long range), is left out.
    /// The slacks are added to <paramref name="terms"/>.
    /// </summary>
    public void Priced(
        LinearTerms terms, long lower, long upper, string name, long underWeight, long overWeight, long maxUnder, long maxOver, long slackUnit = 1)
    {
        if (lower > long.MinValue / 4 && maxUnder > 0)
        {
            var under = Proto.NewInt(0, maxUnder);
            terms.Add(under, slackUnit);
            Penalty(name, under, underWeight);
        }

        if (upper < long.MaxValue / 4 && maxOver > 0)
        {
            var over = Proto.NewInt(0, maxOver);
            terms.Add(over, -slackUnit);
            Penalty(name, over, overWeight);
        }

        Proto.Linear(terms, lower, upper);
    }

    /// <summary>Adds weight x a variable (its index; negative for a Boolean's negation) to the named objective term.</summary>
    public void Penalty(string name, int variable, long weight)
    {
        if (weight != 0)
        {
            Term(name).Add(variable, weight);
        }
    }

    /// <summary>Adds a constant cost to the named objective term.</summary>
    public void Penalty(string name, long constant)
    {
        if (constant != 0)
        {
            Term(name).AddConstant(constant);
        }
    }

    private LinearTerms Term(string name)
    {
        if (!_penalties.TryGetValue(name, out var terms))
        {
            terms = new LinearTerms();
            _penalties.Add(name, terms);
        }

        return terms;
    }

    /// <summary>A literal fixed to false (its index).</summary>
    public int False() => _false ??= Proto.NewInt(0, 0);
}
