using System.CommandLine;
using System.Globalization;
using Scheduler.Core.Checking;
using Scheduler.Core.Model;

namespace Scheduler.Cli;

/// <summary>The churn guard's limits as options (shared by `diff --guard` and `resolve`), and its verdict as text.</summary>
internal sealed class ChurnOptions
{
    private readonly Option<double> _maxGlobal = new("--max-churn")
    {
        Description = "Churn guard: refuse above this churn overall, 0..1 (default 0.2).",
        DefaultValueFactory = _ => ChurnLimits.Default.MaxGlobal,
    };

    private readonly Option<double> _maxPerson = new("--max-person-churn")
    {
        Description = "Churn guard: refuse above this churn for any person (resolve: not counting those the change affects), 0..1 (default 0.5).",
        DefaultValueFactory = _ => ChurnLimits.Default.MaxPerson,
    };

    private readonly Option<double> _warnPerson = new("--warn-person-churn")
    {
        Description = "Churn guard: warn above this churn for a person, 0..1 (default 0.3).",
        DefaultValueFactory = _ => ChurnLimits.Default.WarnPerson,
    };

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_maxGlobal);
        command.Options.Add(_maxPerson);
        command.Options.Add(_warnPerson);
    }

    /// <summary>The limits given.</summary>
    /// <exception cref="ModelException">A limit is not a share from 0 to 1 (naming the option).</exception>
    public ChurnLimits Read(ParseResult parse)
    {
        foreach (var option in new[] { _maxGlobal, _maxPerson, _warnPerson })
        {
            if (parse.GetValue(option) is not (>= 0 and <= 1) and var value)
            {
                throw new ModelException(string.Create(CultureInfo.InvariantCulture, $"bad option: {option.Name} must be a share 0..1, got {value}"));
            }
        }

        return new ChurnLimits(parse.GetValue(_maxGlobal), parse.GetValue(_maxPerson), parse.GetValue(_warnPerson));
    }

    /// <summary>"Guard     within the limits" or "Guard     REFUSED:", then each reason and warning.</summary>
    public static void WriteText(TextWriter o, ChurnVerdict verdict)
    {
        o.WriteLine(verdict.Refused ? "Guard     REFUSED:" : "Guard     within the limits");
        foreach (var reason in verdict.Reasons)
        {
            o.WriteLine($"  - {reason}");
        }

        foreach (var warning in verdict.Warnings)
        {
            o.WriteLine($"  - warning: {warning}");
        }
    }
}
