using BenchmarkDotNet.Attributes;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Rules;

namespace Scheduler.Benchmarks;

/// <summary>
/// Where the full check's time goes: each rule's checker over every person (or shift) of xl, against the
/// whole check in the same run.
/// </summary>
[BenchmarkCategory(Categories.Rules)]
[MemoryDiagnoser]
public class RuleBenchmarks
{
    private CompiledProblem _problem = null!;
    private CompiledSchedule _schedule = null!;
    private readonly ViolationSink _sink = new();

    [Params(RuleId.WeeklyHours, RuleId.DaysOff, RuleId.CallFrequency, RuleId.ContinuousDuty, RuleId.Rest,
        RuleId.ConsecutiveNights, RuleId.DoubleBooking, RuleId.Availability, RuleId.Eligibility,
        RuleId.Coverage, RuleId.Supervision, RuleId.FacultyClinicSessions)]
    public RuleId Rule { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var (problem, schedule) = Instances.Load("xl");
        _problem = CompiledProblem.Compile(problem);
        _schedule = CompiledSchedule.Compile(_problem, schedule);
    }

    [Benchmark(Baseline = true, Description = "whole check")]
    public int Whole()
    {
        _sink.Clear();
        ComplianceChecker.Check(_schedule, _sink);
        return _sink.Count;
    }

    [Benchmark(Description = "one rule")]
    public int OneRule()
    {
        _sink.Clear();
        var p = _problem;
        var rules = p.PersonRules;
        for (var person = 0; person < p.PersonCount; person++)
        {
            var duties = _schedule.Duties(person);
            switch (Rule)
            {
                case RuleId.WeeklyHours: WeeklyHours.Check(p, rules[person], person, duties, p.FirstWindow, p.LastWindow, _sink); break;
                case RuleId.DaysOff: DaysOff.Check(p, rules[person], person, duties, p.FirstWindow, p.LastWindow, _sink); break;
                case RuleId.CallFrequency: CallFrequency.Check(p, rules[person], person, duties, p.FirstWindow, p.LastWindow, _sink); break;
                case RuleId.ContinuousDuty: ContinuousDuty.Check(p, rules[person], person, duties, _sink); break;
                case RuleId.Rest: Rest.Check(p, rules[person], person, duties, _sink); break;
                case RuleId.ConsecutiveNights: ConsecutiveNights.Check(p, rules[person], person, duties, _sink); break;
                case RuleId.DoubleBooking: DoubleBooking.Check(person, duties, _sink); break;
                case RuleId.Availability: Availability.Check(p, person, duties, _sink); break;
                case RuleId.Eligibility: Eligibility.Check(p, person, duties, _sink); break;
                case RuleId.FacultyClinicSessions: FacultyClinicSessions.Check(p, person, duties, 0, p.WeekCount - 1, _sink); break;
                default: break;
            }
        }

        for (var shift = 0; Rule is RuleId.Coverage or RuleId.Supervision && shift < p.ShiftCount; shift++)
        {
            if (Rule == RuleId.Coverage)
            {
                Coverage.Check(p, shift, _schedule.PeopleOn(shift).Length, _sink);
            }
            else
            {
                Supervision.Check(p, shift, _schedule.PeopleOn(shift), _sink);
            }
        }

        return _sink.Count;
    }
}
