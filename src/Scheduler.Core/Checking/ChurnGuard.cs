using System.Globalization;

namespace Scheduler.Core.Checking;

/// <summary>How much change a re-solved schedule may bring (shares of person-days, 0 to 1).</summary>
/// <param name="MaxGlobal">Refuse above this churn over everyone (default 20 %).</param>
/// <param name="MaxPerson">Refuse when any one person's churn is above this (default 50 %).</param>
/// <param name="WarnPerson">Warn when a person's churn is above this (default 30 %).</param>
public sealed record ChurnLimits(double MaxGlobal = 0.20, double MaxPerson = 0.50, double WarnPerson = 0.30)
{
    /// <summary>The defaults: refuse above 20 % overall or 50 % for anyone, warn above 30 % for anyone.</summary>
    public static ChurnLimits Default { get; } = new();
}

/// <summary>The churn guard's verdict: refused or not, why, and the people it warns about.</summary>
/// <param name="Refused">True when a limit is passed.</param>
/// <param name="Reasons">Each limit passed, as a sentence with the numbers (and the people).</param>
/// <param name="Warnings">People above the warning share but within the refusal limit.</param>
public sealed record ChurnVerdict(bool Refused, IReadOnlyList<string> Reasons, IReadOnlyList<string> Warnings);

/// <summary>
/// Judges a change of a published schedule by its churn (<see cref="ScheduleDiff"/>): refused above the global or the
/// per-person limit, with a warning per person above the warning share. People whose change the caller exempts (say,
/// those whose own absence forced it) are left out of the per-person limits, not out of the global churn.
/// </summary>
public static class ChurnGuard
{
    /// <summary>The verdict on <paramref name="diff"/> under <paramref name="limits"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is not a share from 0 to 1.</exception>
    public static ChurnVerdict Judge(ScheduleDiff diff, ChurnLimits? limits = null, IReadOnlySet<int>? exempt = null)
    {
        ArgumentNullException.ThrowIfNull(diff);
        limits ??= ChurnLimits.Default;
        foreach (var share in new[] { limits.MaxGlobal, limits.MaxPerson, limits.WarnPerson })
        {
            if (!(share is >= 0 and <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(limits), share, "a churn limit is a share from 0 to 1");
            }
        }

        var ic = CultureInfo.InvariantCulture;
        var reasons = new List<string>();
        var warnings = new List<string>();
        if (diff.Churn > limits.MaxGlobal)
        {
            reasons.Add(string.Format(ic, "churn {0:P1} over the {1:P0} limit: {2} of {3} person-days changed",
                diff.Churn, limits.MaxGlobal, diff.Changes.Count, diff.WorkedDays));
        }

        foreach (var person in diff.People)
        {
            if (exempt?.Contains(person.Person) == true)
            {
                continue;
            }

            var sentence = string.Format(ic, "{0}: churn {1:P1} ({2} of {3} days worked)",
                ViolationText.Who(diff.Problem, person.Person), person.Churn, person.ChangedDays, person.WorkedDays);
            if (person.Churn > limits.MaxPerson)
            {
                reasons.Add(string.Format(ic, "{0}, over the {1:P0} limit for anyone", sentence, limits.MaxPerson));
            }
            else if (person.Churn > limits.WarnPerson)
            {
                warnings.Add(string.Format(ic, "{0}, over {1:P0}", sentence, limits.WarnPerson));
            }
        }

        return new ChurnVerdict(reasons.Count > 0, reasons, warnings);
    }
}
