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
public class RuleBenchmarks : XlCheckBenchmark
{
    [Params(RuleId.WeeklyHours, RuleId.DaysOff, RuleId.CallFrequency, RuleId.ContinuousDuty, RuleId.Rest,
        RuleId.ConsecutiveNights, RuleId.DoubleBooking, RuleId.Availability, RuleId.Eligibility,
        RuleId.Coverage, RuleId.Supervision, RuleId.FacultyClinicSessions)]
    public RuleId Rule { get; set; }

    [Benchmark(Description = "one rule")]
    public int OneRule()
    {
        Sink.Clear();
        var p = Problem;
        var rules = p.PersonRules;
        for (var person = 0; person < p.PersonCount; person++)
        {
            var duties = Schedule.Duties(person);
            switch (Rule)
            {
                case RuleId.WeeklyHours: WeeklyHours.Check(p, rules[person], person, duties, p.FirstWindow, p.LastWindow, Sink); break;
                case RuleId.DaysOff: DaysOff.Check(p, rules[person], person, duties, p.FirstWindow, p.LastWindow, Sink); break;
                case RuleId.CallFrequency: CallFrequency.Check(p, rules[person], person, duties, p.FirstWindow, p.LastWindow, Sink); break;
                case RuleId.ContinuousDuty: ContinuousDuty.Check(p, rules[person], person, duties, Sink); break;
                case RuleId.Rest: Rest.Check(p, rules[person], person, duties, Sink); break;
                case RuleId.ConsecutiveNights: ConsecutiveNights.Check(p, rules[person], person, duties, Sink); break;
                case RuleId.DoubleBooking: DoubleBooking.Check(person, duties, Sink); break;
                case RuleId.Availability: Availability.Check(p, person, duties, Sink); break;
                case RuleId.Eligibility: Eligibility.Check(p, person, duties, Sink); break;
                case RuleId.FacultyClinicSessions: FacultyClinicSessions.Check(p, person, duties, 0, p.WeekCount - 1, Sink); break;
                default: break;
            }
        }

        for (var shift = 0; Rule is RuleId.Coverage or RuleId.Supervision && shift < p.ShiftCount; shift++)
        {
            if (Rule == RuleId.Coverage)
            {
                Coverage.Check(p, shift, Schedule.PeopleOn(shift).Length, Sink);
            }
            else
            {
                Supervision.Check(p, shift, Schedule.PeopleOn(shift), Sink);
            }
        }

        return Sink.Count;
    }
}
