namespace Scheduler.Service;

/// <summary>An error response of the service: its code (see <see cref="ErrorCodes"/>), message and field.</summary>
public sealed class ServiceException : Exception
{
    /// <summary>Creates the exception from an error response.</summary>
    public ServiceException(string code, string message, string? field)
        : base(field is null ? $"{code}: {message}" : $"{code}: {field}: {message}")
    {
        Code = code;
        Field = field;
    }

    /// <summary>The error code, one of <see cref="ErrorCodes"/>.</summary>
    public string Code { get; }

    /// <summary>The field the error names, or null.</summary>
    public string? Field { get; }
}

/// <summary>The server's answer to <c>hello</c>.</summary>
public sealed record ServiceInfo(int Protocol, string Server, string Tzdb, int MaxFrame, IReadOnlyList<string> Methods);

/// <summary>A problem the server has loaded.</summary>
public sealed record ServiceProblem(string Hash, string Name, int People, int Shifts, int Days);

/// <summary>A violation as the service reports it (docs/PROTOCOL.md, "A violation").</summary>
public sealed record ServiceViolation(string Rule, string? Person, string? Shift, int From, int To, int Measured, int Limit, bool Soft, string? Text);

/// <summary>The result of <c>validate</c>.</summary>
public sealed record ServiceReport(bool Compliant, int Hard, int Soft, IReadOnlyDictionary<string, int> ByRule, IReadOnlyList<ServiceViolation> Violations);

/// <summary>The result of <c>check-swap</c>.</summary>
public sealed record ServiceChangeCheck(bool Legal, IReadOnlyList<ServiceViolation> Added, IReadOnlyList<ServiceViolation> Removed);

/// <summary>A solve's settings; null leaves the server's default (as <c>scheduler solve</c>'s).</summary>
public sealed record ServiceSolveOptions
{
    /// <summary>Wall-clock limit in seconds.</summary>
    public double? TimeLimit { get; init; }

    /// <summary>CP-SAT's deterministic limit.</summary>
    public double? DeterministicTime { get; init; }

    /// <summary>CP-SAT workers, 1..64.</summary>
    public int? Workers { get; init; }

    /// <summary>The search's seed.</summary>
    public int? Seed { get; init; }

    /// <summary>auto, monolithic, neighbourhood, weekly or weekly+K.</summary>
    public string? Strategy { get; init; }

    /// <summary>Extra CP-SAT parameters.</summary>
    public string? CpSat { get; init; }
}

/// <summary>A progress frame of a solve.</summary>
public sealed record ServiceProgress(long Objective, double Bound, double Gap, double ElapsedMs, int Solutions, int Week, int Weeks, bool Committed, int Neighbourhoods);

/// <summary>The result of <c>solve</c>.</summary>
public sealed record ServiceSolveResult(
    string Status, bool Cancelled, long? Objective, double Bound, double? Gap, IReadOnlyDictionary<string, long> Terms, string? Explanation,
    byte[]? Schedule, string? ScheduleHash, int Hard, double WallMs);

/// <summary>The result of <c>evaluate</c>.</summary>
public sealed record ServiceEvaluation(long Objective, IReadOnlyDictionary<string, long> Terms);

/// <summary>A capacity finding of <c>explain</c>.</summary>
public sealed record ServiceFinding(string Kind, bool Hard, string Message, long Needed, long Available, IReadOnlyList<string> Shifts, string? Person);

/// <summary>
/// An item of a core of <c>explain</c>: a rule for a person, a shift's minimum or supervision (or those of every shift of
/// an activity), or an absence.
/// </summary>
public sealed record ServiceCoreItem(string Rule, string? Person, string? Shift, string? Activity, string Message);

/// <summary>A short shift of <c>explain</c> with a schedule: the people who could mend it, by reason.</summary>
public sealed record ServiceShortShift(string Shift, int Assigned, int Needed, string? MendPerson, IReadOnlyDictionary<string, string> Reasons);

/// <summary>
/// The result of <c>explain</c>: the capacity findings, the core (<see cref="CoreStatus"/> null when none was asked
/// for; else feasible, infeasible or unknown) and, with a schedule, its short shifts.
/// </summary>
public sealed record ServiceExplanation(
    bool Feasible, IReadOnlyList<ServiceFinding> Findings, string? CoreStatus, IReadOnlyList<ServiceCoreItem> Core, IReadOnlyList<ServiceShortShift>? ShortShifts);

/// <summary>A re-solve after a change: the changed problem's hash (the new schedule belongs to it), the new schedule, the re-solved dates, and the churn guard's verdict.</summary>
public sealed record ServiceResolution(
    string Status, bool Cancelled, string ProblemHash, string? ScheduleHash, byte[]? Schedule, string From, string To, int Hard, int Removed, int Added,
    double Churn, bool Refused, IReadOnlyList<string> Reasons, IReadOnlyList<string> Warnings);

/// <summary>One absence of a contingency run: the people taken out, how the schedule copes (idle, mended, resolved, atRisk), and the shifts at risk.</summary>
public sealed record ServiceAbsenceRisk(IReadOnlyList<string> People, string Kind, int Shifts, int Changes, bool Certain, IReadOnlyList<string> ShiftsAtRisk);
