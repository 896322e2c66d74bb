using System.Buffers;
using System.Globalization;
using System.Text;
using MessagePack;
using Scheduler.Core.Checking;
using Scheduler.Core.Compiled;
using Scheduler.Core.Diagnosis;
using Scheduler.Core.Model;
using Scheduler.Formats;
using Scheduler.Solver;

namespace Scheduler.Service;

/// <summary>The methods: each reads its params, calls the engine and writes its result map (docs/PROTOCOL.md).</summary>
internal sealed partial class Connection
{
    private const int DefaultMaxViolations = 100;

    private static readonly byte[][] s_ruleNames = Enum.GetValues<RuleId>()
        .Select(r => Encoding.UTF8.GetBytes(char.ToLowerInvariant(r.ToString()[0]) + r.ToString()[1..]))
        .ToArray();

    // Per connection: the quick methods run one at a time on the reading loop, so one pair serves them all.
    private readonly ViolationSink _added = new(16);
    private readonly ViolationSink _removed = new(16);

    // Solves and evaluations started on this connection, waited for when it ends.
    private readonly List<Task> _work = [];

    private void Hello(ref MessagePackWriter w, ref ParamReader p)
    {
        long? version = null;
        while (p.NextKey(out var key))
        {
            if (key.SequenceEqual("version"u8)) version = p.Integer("params.version", 0, uint.MaxValue);
            else p.Skip();
        }

        if (version is not { } asked)
        {
            throw ParamReader.Bad("params.version", "missing");
        }

        if (asked < SchedulerServer.ProtocolVersion)
        {
            throw new ProtocolException(ErrorCodes.UnsupportedVersion, $"this server speaks protocol {SchedulerServer.ProtocolVersion} only", "params.version");
        }

        w.WriteMapHeader(5);
        w.WriteString("protocol"u8);
        w.Write(SchedulerServer.ProtocolVersion);
        w.WriteString("server"u8);
        w.Write(SchedulerServer.ServerName);
        w.WriteString("tzdb"u8);
        w.Write(Core.Time.ProgramCalendar.TzdbVersion);
        w.WriteString("maxFrame"u8);
        w.Write(_server.Options.MaxFrame);
        w.WriteString("methods"u8);
        w.WriteArrayHeader(SchedulerServer.MethodNames.Count);
        foreach (var name in SchedulerServer.MethodNames)
        {
            w.Write(name);
        }
    }

    private void LoadProblem(ref MessagePackWriter w, ref ParamReader p)
    {
        ReadOnlySequence<byte>? bytes = null;
        while (p.NextKey(out var key))
        {
            if (key.SequenceEqual("problem"u8)) bytes = p.Bytes("params.problem");
            else p.Skip();
        }

        var file = bytes ?? throw ParamReader.Bad("params.problem", "missing");
        LoadedProblem loaded;
        try
        {
            loaded = Engine.LoadProblem(file.IsSingleSegment ? file.FirstSpan : file.ToArray());
        }
        catch (ModelException e)
        {
            throw Invalid(e, "params.problem");
        }

        var problem = loaded.Problem;
        w.WriteMapHeader(5);
        w.WriteString("hash"u8);
        w.Write(loaded.Hash);
        w.WriteString("name"u8);
        w.Write(problem.Source.Name);
        w.WriteString("people"u8);
        w.Write(problem.PersonCount);
        w.WriteString("shifts"u8);
        w.Write(problem.ShiftCount);
        w.WriteString("days"u8);
        w.Write(problem.HorizonDays);
    }

    private void LoadSchedule(ref MessagePackWriter w, ref ParamReader p)
    {
        string? problem = null;
        ReadOnlySequence<byte>? bytes = null;
        while (p.NextKey(out var key))
        {
            if (key.SequenceEqual("problem"u8)) problem = p.String("params.problem");
            else if (key.SequenceEqual("schedule"u8)) bytes = p.Bytes("params.schedule");
            else p.Skip();
        }

        var loaded = Engine.LoadSchedule(Required(problem, "params.problem"), ReadSchedule(bytes ?? throw ParamReader.Bad("params.schedule", "missing")));
        w.WriteMapHeader(2);
        w.WriteString("hash"u8);
        w.Write(loaded.Hash);
        w.WriteString("assignments"u8);
        w.Write(loaded.Schedule.AssignmentCount);
    }

    private void Unload(ref MessagePackWriter w, ref ParamReader p)
    {
        string? hash = null;
        while (p.NextKey(out var key))
        {
            if (key.SequenceEqual("hash"u8)) hash = p.String("params.hash");
            else p.Skip();
        }

        var unloaded = Engine.Unload(Required(hash, "params.hash"));
        w.WriteMapHeader(1);
        w.WriteString("unloaded"u8);
        w.Write(unloaded);
    }

    private void Validate(ref MessagePackWriter w, ref ParamReader p)
    {
        string? problem = null;
        string? scheduleHash = null;
        Schedule? schedule = null;
        var max = DefaultMaxViolations;
        while (p.NextKey(out var key))
        {
            if (key.SequenceEqual("problem"u8)) problem = p.String("params.problem");
            else if (key.SequenceEqual("schedule"u8) && p.NextType == MessagePackType.Binary) schedule = ReadSchedule(p.Bytes("params.schedule"));
            else if (key.SequenceEqual("schedule"u8)) scheduleHash = p.String("params.schedule");
            else if (key.SequenceEqual("max"u8)) max = (int)p.Integer("params.max", 0, int.MaxValue);
            else p.Skip();
        }

        var report = schedule is not null ? ValidateUnloaded(Required(problem, "params.problem"), schedule)
            : Engine.Validate(Required(problem, "params.problem"), Required(scheduleHash, "params.schedule"));
        var hard = report.HardCount;
        w.WriteMapHeader(5);
        w.WriteString("compliant"u8);
        w.Write(report.IsCompliant);
        w.WriteString("hard"u8);
        w.Write(hard);
        w.WriteString("soft"u8);
        w.Write(report.Violations.Count - hard);
        w.WriteString("byRule"u8);
        var rules = 0;
        foreach (var rule in Enum.GetValues<RuleId>())
        {
            rules += report.Count(rule) > 0 ? 1 : 0;
        }

        w.WriteMapHeader(rules);
        foreach (var rule in Enum.GetValues<RuleId>())
        {
            if (report.Count(rule) > 0)
            {
                w.WriteString(s_ruleNames[(int)rule]);
                w.Write(report.Count(rule));
            }
        }

        w.WriteString("violations"u8);
        var listed = Math.Min(max, report.Violations.Count);
        w.WriteArrayHeader(listed);
        for (var i = 0; i < listed; i++)
        {
            WriteViolation(ref w, report.Problem, report.Violations[i], text: true);
        }
    }

    private ComplianceReport ValidateUnloaded(string problem, Schedule schedule)
    {
        try
        {
            return Engine.Validate(problem, schedule);
        }
        catch (ModelException e)
        {
            throw Invalid(e, "params.schedule");
        }
    }

    private void CheckSwap(ref MessagePackWriter w, ref ParamReader p)
    {
        string? problem = null, schedule = null, person = null, shift = null, otherPerson = null, otherShift = null;
        ChangeKind? kind = null;
        var text = true;
        while (p.NextKey(out var key))
        {
            if (key.SequenceEqual("problem"u8)) problem = p.String("params.problem");
            else if (key.SequenceEqual("schedule"u8)) schedule = p.String("params.schedule");
            else if (key.SequenceEqual("kind"u8)) kind = Kind(p.String("params.kind"));
            else if (key.SequenceEqual("person"u8)) person = p.String("params.person");
            else if (key.SequenceEqual("shift"u8)) shift = p.String("params.shift");
            else if (key.SequenceEqual("otherPerson"u8)) otherPerson = p.String("params.otherPerson");
            else if (key.SequenceEqual("otherShift"u8)) otherShift = p.String("params.otherShift");
            else if (key.SequenceEqual("text"u8)) text = p.Boolean("params.text");
            else p.Skip();
        }

        var problemHash = Required(problem, "params.problem");
        var change = new ScheduleChange(
            kind ?? throw ParamReader.Bad("params.kind", "missing"), Required(person, "params.person"), Required(shift, "params.shift"), otherPerson, otherShift);
        var legal = Engine.CheckChange(problemHash, Required(schedule, "params.schedule"), change, _added, _removed);
        var compiled = Engine.GetProblem(problemHash).Problem;
        w.WriteMapHeader(3);
        w.WriteString("legal"u8);
        w.Write(legal);
        w.WriteString("added"u8);
        WriteViolations(ref w, compiled, _added.Items, text);
        w.WriteString("removed"u8);
        WriteViolations(ref w, compiled, _removed.Items, text);
    }

    private static ChangeKind Kind(string name)
    {
        for (var i = 0; i < ScheduleChange.KindNames.Count; i++)
        {
            if (name == ScheduleChange.KindNames[i])
            {
                return (ChangeKind)i;
            }
        }

        throw ParamReader.Bad("params.kind", $"expected {string.Join(", ", ScheduleChange.KindNames)}, got '{name}'");
    }

    private void Diff(ref MessagePackWriter w, ref ParamReader p)
    {
        string? problem = null, published = null, changed = null;
        while (p.NextKey(out var key))
        {
            if (key.SequenceEqual("problem"u8)) problem = p.String("params.problem");
            else if (key.SequenceEqual("published"u8)) published = p.String("params.published");
            else if (key.SequenceEqual("changed"u8)) changed = p.String("params.changed");
            else p.Skip();
        }

        var problemHash = Required(problem, "params.problem");
        var publishedHash = Required(published, "params.published");
        var changedHash = Required(changed, "params.changed");
        Engine.GetProblem(problemHash);
        foreach (var (hash, field) in new[] { (publishedHash, "params.published"), (changedHash, "params.changed") })
        {
            try
            {
                Engine.GetSchedule(problemHash, hash);
            }
            catch (UnknownHandleException e)
            {
                throw new ProtocolException(ErrorCodes.UnknownHash, e.Message, field);
            }
        }

        var diff = Engine.Diff(problemHash, publishedHash, changedHash);
        var compiled = diff.Problem;
        w.WriteMapHeader(7);
        w.WriteString("workedDays"u8);
        w.Write(diff.WorkedDays);
        w.WriteString("changedDays"u8);
        w.Write(diff.Changes.Count);
        w.WriteString("churn"u8);
        w.Write(diff.Churn);
        w.WriteString("removed"u8);
        w.Write(diff.RemovedCount);
        w.WriteString("added"u8);
        w.Write(diff.AddedCount);
        w.WriteString("people"u8);
        w.WriteArrayHeader(diff.People.Count);
        foreach (var person in diff.People)
        {
            w.WriteMapHeader(4);
            w.WriteString("person"u8);
            w.Write(compiled.PersonId(person.Person));
            w.WriteString("workedDays"u8);
            w.Write(person.WorkedDays);
            w.WriteString("changedDays"u8);
            w.Write(person.ChangedDays);
            w.WriteString("churn"u8);
            w.Write(person.Churn);
        }

        w.WriteString("changes"u8);
        w.WriteArrayHeader(diff.Changes.Count);
        foreach (var change in diff.Changes)
        {
            w.WriteMapHeader(4);
            w.WriteString("person"u8);
            w.Write(compiled.PersonId(change.Person));
            w.WriteString("date"u8);
            w.Write(compiled.Source.StartDate.AddDays(change.Day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteString("removed"u8);
            WriteShiftIds(ref w, compiled, change.Removed);
            w.WriteString("added"u8);
            WriteShiftIds(ref w, compiled, change.Added);
        }
    }

    private static void WriteShiftIds(ref MessagePackWriter w, CompiledProblem problem, IReadOnlyList<int> shifts)
    {
        w.WriteArrayHeader(shifts.Count);
        foreach (var s in shifts)
        {
            w.Write(problem.ShiftId(s));
        }
    }

    private void Partners(ref MessagePackWriter w, ref ParamReader p)
    {
        string? problem = null, schedule = null, person = null, shift = null;
        var within = SwapPartners.DefaultWithinDays;
        while (p.NextKey(out var key))
        {
            if (key.SequenceEqual("problem"u8)) problem = p.String("params.problem");
            else if (key.SequenceEqual("schedule"u8)) schedule = p.String("params.schedule");
            else if (key.SequenceEqual("person"u8)) person = p.String("params.person");
            else if (key.SequenceEqual("shift"u8)) shift = p.String("params.shift");
            else if (key.SequenceEqual("within"u8)) within = (int)p.Integer("params.within", 0, 366);
            else p.Skip();
        }

        var problemHash = Required(problem, "params.problem");
        var partners = Engine.Partners(problemHash, Required(schedule, "params.schedule"), Required(person, "params.person"), Required(shift, "params.shift"), within);
        var compiled = Engine.GetProblem(problemHash).Problem;
        w.WriteMapHeader(1);
        w.WriteString("partners"u8);
        w.WriteArrayHeader(partners.Count);
        foreach (var x in partners)
        {
            w.WriteMapHeader(7);
            w.WriteString("person"u8);
            w.Write(compiled.PersonId(x.Person));
            w.WriteString("kind"u8);
            w.Write(x.OtherShift < 0 ? "take" : "swap");
            w.WriteString("otherShift"u8);
            w.Write(x.OtherShift < 0 ? null : compiled.ShiftId(x.OtherShift));
            w.WriteString("dutyMinutes"u8);
            w.Write(x.DutyMinutes);
            w.WriteString("calls"u8);
            w.Write(x.Calls);
            w.WriteString("nights"u8);
            w.Write(x.Nights);
            w.WriteString("softAdded"u8);
            w.Write(x.SoftAdded);
        }
    }

    private void Export(ref MessagePackWriter w, ref ParamReader p)
    {
        string? problem = null, schedule = null, format = null, person = null;
        while (p.NextKey(out var key))
        {
            if (key.SequenceEqual("problem"u8)) problem = p.String("params.problem");
            else if (key.SequenceEqual("schedule"u8)) schedule = p.String("params.schedule");
            else if (key.SequenceEqual("format"u8)) format = p.String("params.format");
            else if (key.SequenceEqual("person"u8)) person = p.String("params.person");
            else p.Skip();
        }

        if (!ScheduleExport.TryParseFormat(Required(format, "params.format"), out var exportFormat))
        {
            throw ParamReader.Bad("params.format", $"expected {string.Join(", ", ScheduleExport.FormatNames)}, got '{format}'");
        }

        var output = new StringWriter(CultureInfo.InvariantCulture);
        var count = Engine.Export(Required(problem, "params.problem"), Required(schedule, "params.schedule"), exportFormat, output, person);
        w.WriteMapHeader(2);
        w.WriteString("text"u8);
        w.Write(output.ToString());
        w.WriteString("assignments"u8);
        w.Write(count);
    }

    private void Cancel(ref MessagePackWriter w, ref ParamReader p)
    {
        long? target = null;
        while (p.NextKey(out var key))
        {
            if (key.SequenceEqual("target"u8)) target = p.Integer("params.target", 0, uint.MaxValue);
            else p.Skip();
        }

        var found = _inFlight.TryGetValue((uint)(target ?? throw ParamReader.Bad("params.target", "missing")), out var flight);
        if (found)
        {
            flight!.Cancel(byClient: true);
        }

        w.WriteMapHeader(1);
        w.WriteString("cancelled"u8);
        w.Write(found);
    }

    /// <summary>Starts a solve, an evaluation, an explanation, a re-solve or a contingency run: its params are read now (they live in the frame), its answer comes when it ends.</summary>
    private void Start(Request request)
    {
        var p = new ParamReader(request.Params);
        var run = request.Method switch
        {
            Method.Solve => ReadSolve(ref p, request.Id),
            Method.Evaluate => ReadEvaluate(ref p, request.Id),
            Method.Resolve => ReadResolve(ref p, request.Id),
            Method.Contingency => ReadContingency(ref p, request.Id),
            _ => ReadExplain(ref p, request.Id),
        };
        var flight = new InFlight(request.Deadline, _closing.Token);
        _inFlight[request.Id] = flight;
        if (_work.Count >= 64)
        {
            _work.RemoveAll(t => t.IsCompleted);
        }

        _work.Add(run(flight));
    }

    private Func<InFlight, Task> ReadSolve(ref ParamReader p, uint id)
    {
        string? problem = null;
        double? timeLimit = null, deterministic = null;
        var options = new SolverOptions();
        var progress = false;
        while (p.NextKey(out var key))
        {
            if (key.SequenceEqual("problem"u8)) problem = p.String("params.problem");
            else if (key.SequenceEqual("timeLimit"u8)) timeLimit = Positive(p.Number("params.timeLimit"), "params.timeLimit");
            else if (key.SequenceEqual("deterministicTime"u8)) deterministic = Positive(p.Number("params.deterministicTime"), "params.deterministicTime");
            else if (key.SequenceEqual("workers"u8)) options = options with { Workers = (int)p.Integer("params.workers", 1, 64) };
            else if (key.SequenceEqual("seed"u8)) options = options with { Seed = (int)p.Integer("params.seed", int.MinValue, int.MaxValue) };
            else if (key.SequenceEqual("strategy"u8)) options = WithStrategy(options, p.String("params.strategy"));
            else if (key.SequenceEqual("cpSat"u8)) options = options with { CpSatParameters = CpSat(p.String("params.cpSat")) };
            else if (key.SequenceEqual("progress"u8)) progress = p.Boolean("params.progress");
            else p.Skip();
        }

        // As `scheduler solve`: a deterministic limit alone stops the search, so that the run can be reproducible.
        options = options with
        {
            TimeLimit = timeLimit is { } seconds ? TimeSpan.FromSeconds(seconds) : deterministic is null ? SolverOptions.Default.TimeLimit : null,
            DeterministicTimeLimit = deterministic,
        };
        var hash = Required(problem, "params.problem");
        var compiled = Engine.GetProblem(hash).Problem;
        try
        {
            options.StrategyFor(compiled);
        }
        catch (ArgumentException e)
        {
            throw ParamReader.Bad("params.strategy", e.Message);
        }

        return flight => SolveAsync(id, hash, options, progress, flight);
    }

    private Func<InFlight, Task> ReadEvaluate(ref ParamReader p, uint id)
    {
        string? problem = null, schedule = null;
        while (p.NextKey(out var key))
        {
            if (key.SequenceEqual("problem"u8)) problem = p.String("params.problem");
            else if (key.SequenceEqual("schedule"u8)) schedule = p.String("params.schedule");
            else p.Skip();
        }

        var problemHash = Required(problem, "params.problem");
        var scheduleHash = Required(schedule, "params.schedule");
        Engine.GetSchedule(problemHash, scheduleHash); // unknown hashes are answered now
        return flight => EvaluateAsync(id, problemHash, scheduleHash, flight);
    }

    private Func<InFlight, Task> ReadExplain(ref ParamReader p, uint id)
    {
        string? problem = null, schedule = null;
        double timeLimit = 30;
        var core = true;
        while (p.NextKey(out var key))
        {
            if (key.SequenceEqual("problem"u8)) problem = p.String("params.problem");
            else if (key.SequenceEqual("schedule"u8)) schedule = p.String("params.schedule");
            else if (key.SequenceEqual("timeLimit"u8)) timeLimit = Positive(p.Number("params.timeLimit"), "params.timeLimit");
            else if (key.SequenceEqual("core"u8)) core = p.Boolean("params.core");
            else p.Skip();
        }

        // Unknown hashes are answered now.
        var problemHash = Required(problem, "params.problem");
        if (schedule is null)
        {
            Engine.GetProblem(problemHash);
        }
        else
        {
            Engine.GetSchedule(problemHash, schedule);
        }

        TimeSpan? limit = core ? TimeSpan.FromSeconds(timeLimit) : null;
        return flight => ExplainAsync(id, problemHash, schedule, limit, flight);
    }

    private Func<InFlight, Task> ReadResolve(ref ParamReader p, uint id)
    {
        string? problem = null, schedule = null;
        ReadOnlySequence<byte>? changeFile = null;
        var options = new SolverOptions { TimeLimit = TimeSpan.FromSeconds(60) };
        var limits = ChurnLimits.Default;
        var progress = false;
        while (p.NextKey(out var key))
        {
            if (key.SequenceEqual("problem"u8)) problem = p.String("params.problem");
            else if (key.SequenceEqual("schedule"u8)) schedule = p.String("params.schedule");
            else if (key.SequenceEqual("change"u8)) changeFile = p.Bytes("params.change");
            else if (key.SequenceEqual("timeLimit"u8)) options = options with { TimeLimit = TimeSpan.FromSeconds(Positive(p.Number("params.timeLimit"), "params.timeLimit")) };
            else if (key.SequenceEqual("workers"u8)) options = options with { Workers = (int)p.Integer("params.workers", 1, 64) };
            else if (key.SequenceEqual("seed"u8)) options = options with { Seed = (int)p.Integer("params.seed", int.MinValue, int.MaxValue) };
            else if (key.SequenceEqual("changeWeight"u8)) options = options with { ChangeWeight = (int)p.Integer("params.changeWeight", 1, 1_000_000) };
            else if (key.SequenceEqual("maxChurn"u8)) limits = limits with { MaxGlobal = Share(p.Number("params.maxChurn"), "params.maxChurn") };
            else if (key.SequenceEqual("maxPersonChurn"u8)) limits = limits with { MaxPerson = Share(p.Number("params.maxPersonChurn"), "params.maxPersonChurn") };
            else if (key.SequenceEqual("warnPersonChurn"u8)) limits = limits with { WarnPerson = Share(p.Number("params.warnPersonChurn"), "params.warnPersonChurn") };
            else if (key.SequenceEqual("progress"u8)) progress = p.Boolean("params.progress");
            else p.Skip();
        }

        var problemHash = Required(problem, "params.problem");
        var scheduleHash = Required(schedule, "params.schedule");
        var compiled = Engine.GetSchedule(problemHash, scheduleHash).Schedule.Problem; // unknown hashes are answered now
        var bytes = changeFile ?? throw ParamReader.Bad("params.change", "missing");
        ChangeRequest change;
        try
        {
            change = ChangeFile.Read(bytes.IsSingleSegment ? bytes.FirstSpan : bytes.ToArray(), compiled);
        }
        catch (ModelException e)
        {
            throw Invalid(e, "params.change");
        }

        return flight => AnswerLaterAsync(id, flight, "stopped before the re-solve ended", async buffer =>
        {
            var reporter = progress ? new ImmediateProgress(report => TryPost(Progress(id, report))) : null;
            Resolution resolution;
            try
            {
                resolution = await Engine.ResolveAsync(problemHash, scheduleHash, change, options, limits, reporter, flight.MarkStarted, flight.Token).ConfigureAwait(false);
            }
            catch (ModelException e)
            {
                throw Invalid(e, "params.change");
            }

            WriteResolution(buffer, id, resolution);
        });
    }

    private static double Share(double value, string field) => value is >= 0 and <= 1 ? value : throw ParamReader.Bad(field, "expected a share from 0 to 1");

    private static void WriteResolution(ArrayBufferWriter<byte> buffer, uint id, Resolution resolution)
    {
        var (plan, result, diff, verdict) = resolution.Outcome;
        var problem = plan.Problem;
        var w = new MessagePackWriter(buffer);
        BeginResult(ref w, id);
        w.WriteMapHeader(16);
        w.WriteString("status"u8);
        w.Write(result.Status.ToString().ToLowerInvariant());
        w.WriteString("cancelled"u8);
        w.Write(result.Cancelled);
        w.WriteString("explanation"u8);
        w.Write(result.Explanation);
        w.WriteString("problemHash"u8);
        w.Write(resolution.ProblemHash);
        w.WriteString("scheduleHash"u8);
        w.Write(resolution.ScheduleHash);
        w.WriteString("schedule"u8);
        if (result.Schedule is { } schedule) w.Write(ScheduleFile.ToBytes(schedule.ToSchedule() with { ProblemHash = resolution.ProblemHash }, FileFormat.MessagePack));
        else w.WriteNil();
        w.WriteString("from"u8);
        w.Write(problem.Source.StartDate.AddDays(plan.FromDay).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteString("to"u8);
        w.Write(problem.Source.StartDate.AddDays(plan.ToDay - 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteString("hard"u8);
        w.Write(result.Report?.HardCount ?? 0);
        w.WriteString("removed"u8);
        w.Write(diff?.RemovedCount ?? 0);
        w.WriteString("added"u8);
        w.Write(diff?.AddedCount ?? 0);
        w.WriteString("changedDays"u8);
        w.Write(diff?.Changes.Count ?? 0);
        w.WriteString("churn"u8);
        w.Write(diff?.Churn ?? 0);
        w.WriteString("refused"u8);
        w.Write(verdict?.Refused ?? false);
        w.WriteString("reasons"u8);
        WriteStrings(ref w, verdict?.Reasons ?? []);
        w.WriteString("warnings"u8);
        WriteStrings(ref w, verdict?.Warnings ?? []);
        w.Flush();
    }

    private static void WriteStrings(ref MessagePackWriter w, IReadOnlyList<string> items)
    {
        w.WriteArrayHeader(items.Count);
        foreach (var item in items)
        {
            w.Write(item);
        }
    }

    private Func<InFlight, Task> ReadContingency(ref ParamReader p, uint id)
    {
        string? problem = null, schedule = null, from = null, to = null;
        var n = 1;
        var pairs = Contingency.DefaultPairs;
        var limit = TimeSpan.FromSeconds(5);
        while (p.NextKey(out var key))
        {
            if (key.SequenceEqual("problem"u8)) problem = p.String("params.problem");
            else if (key.SequenceEqual("schedule"u8)) schedule = p.String("params.schedule");
            else if (key.SequenceEqual("from"u8)) from = p.String("params.from");
            else if (key.SequenceEqual("to"u8)) to = p.String("params.to");
            else if (key.SequenceEqual("n"u8)) n = (int)p.Integer("params.n", 1, 2);
            else if (key.SequenceEqual("pairs"u8)) pairs = (int)p.Integer("params.pairs", 1, 10_000);
            else if (key.SequenceEqual("timeLimit"u8)) limit = TimeSpan.FromSeconds(Positive(p.Number("params.timeLimit"), "params.timeLimit"));
            else p.Skip();
        }

        var problemHash = Required(problem, "params.problem");
        var scheduleHash = Required(schedule, "params.schedule");
        var compiled = Engine.GetSchedule(problemHash, scheduleHash).Schedule.Problem;
        var first = from is null ? 0 : Day(compiled, from, "params.from");
        var last = to is null ? Math.Min(compiled.HorizonDays - 1, first + 6) : Day(compiled, to, "params.to");
        if (last < first)
        {
            throw ParamReader.Bad("params.to", "before from");
        }

        return flight => AnswerLaterAsync(id, flight, "stopped before the contingency run ended", async buffer =>
        {
            var risks = await Engine.ContingencyAsync(problemHash, scheduleHash, first, last + 1, n, pairs, limit, flight.MarkStarted, flight.Token).ConfigureAwait(false);
            var w = new MessagePackWriter(buffer);
            BeginResult(ref w, id);
            w.WriteMapHeader(2);
            w.WriteString("cancelled"u8);
            w.Write(flight.Token.IsCancellationRequested);
            w.WriteString("absences"u8);
            w.WriteArrayHeader(risks.Count);
            foreach (var r in risks)
            {
                w.WriteMapHeader(6);
                w.WriteString("people"u8);
                w.WriteArrayHeader(r.People.Count);
                foreach (var person in r.People)
                {
                    w.Write(compiled.PersonId(person));
                }

                w.WriteString("kind"u8);
                w.Write(r.Kind switch { CopingKind.AtRisk => "atRisk", var k => k.ToString().ToLowerInvariant() });
                w.WriteString("shifts"u8);
                w.Write(r.Shifts);
                w.WriteString("changes"u8);
                w.Write(r.Changes);
                w.WriteString("certain"u8);
                w.Write(r.Certain);
                w.WriteString("shiftsAtRisk"u8);
                WriteShiftIds(ref w, compiled, r.ShiftsAtRisk);
            }

            w.Flush();
        });
    }

    // A date of the horizon as a day number.
    private static int Day(CompiledProblem problem, string text, string field)
    {
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw ParamReader.Bad(field, $"expected a date yyyy-MM-dd, got '{text}'");
        }

        var day = date.DayNumber - problem.Source.StartDate.DayNumber;
        return day >= 0 && day < problem.HorizonDays ? day : throw ParamReader.Bad(field, $"{text} is outside the horizon");
    }

    private Task ExplainAsync(uint id, string problem, string? schedule, TimeSpan? coreLimit, InFlight flight) =>
        AnswerLaterAsync(id, flight, "stopped before the explanation ended", async buffer =>
        {
            var explanation = await Engine.ExplainAsync(problem, schedule, coreLimit, flight.MarkStarted, flight.Token).ConfigureAwait(false);
            var w = new MessagePackWriter(buffer);
            BeginResult(ref w, id);
            WriteExplanation(ref w, Engine.GetProblem(problem).Problem, explanation);
            w.Flush();
        });

    private static void WriteExplanation(ref MessagePackWriter w, CompiledProblem problem, Explanation explanation)
    {
        w.WriteMapHeader(4);
        w.WriteString("feasible"u8);
        w.Write(explanation.Feasible);
        w.WriteString("capacity"u8);
        var capacity = explanation.Capacity;
        w.WriteMapHeader(3);
        w.WriteString("feasible"u8);
        w.Write(capacity.Feasible);
        w.WriteString("omitted"u8);
        w.Write(capacity.Omitted);
        w.WriteString("findings"u8);
        w.WriteArrayHeader(capacity.Findings.Count);
        foreach (var f in capacity.Findings)
        {
            w.WriteMapHeader(7);
            w.WriteString("kind"u8);
            w.Write(char.ToLowerInvariant(f.Kind.ToString()[0]) + f.Kind.ToString()[1..]);
            w.WriteString("hard"u8);
            w.Write(f.Hard);
            w.WriteString("message"u8);
            w.Write(f.Message);
            w.WriteString("needed"u8);
            w.Write(f.Needed);
            w.WriteString("available"u8);
            w.Write(f.Available);
            w.WriteString("shifts"u8);
            w.WriteArrayHeader(f.Shifts.Count);
            foreach (var s in f.Shifts)
            {
                w.Write(problem.ShiftId(s));
            }

            w.WriteString("person"u8);
            w.Write(f.Person >= 0 ? problem.PersonId(f.Person) : null);
        }

        w.WriteString("core"u8);
        if (explanation.Core is not { } core)
        {
            w.WriteNil();
        }
        else
        {
            w.WriteMapHeader(5);
            w.WriteString("status"u8);
            w.Write(core.Status switch { CoreStatus.Feasible => "feasible", CoreStatus.Infeasible => "infeasible", _ => "unknown" });
            w.WriteString("minimal"u8);
            w.Write(core.Minimal);
            w.WriteString("solves"u8);
            w.Write(core.Solves);
            w.WriteString("elapsedMs"u8);
            w.Write(core.Elapsed.TotalMilliseconds);
            w.WriteString("items"u8);
            w.WriteArrayHeader(core.Items.Count);
            foreach (var item in core.Items)
            {
                w.WriteMapHeader(5);
                w.WriteString("rule"u8);
                w.WriteString(s_ruleNames[(int)item.Group.Rule]);
                w.WriteString("person"u8);
                w.Write(item.Group.Person >= 0 ? problem.PersonId(item.Group.Person) : null);
                w.WriteString("shift"u8);
                w.Write(item.Group.Shift >= 0 ? problem.ShiftId(item.Group.Shift) : null);
                w.WriteString("activity"u8);
                w.Write(item.Group.Activity >= 0 ? problem.Source.Activities[item.Group.Activity].Id : null);
                w.WriteString("message"u8);
                w.Write(item.Message);
            }
        }

        w.WriteString("shortShifts"u8);
        if (explanation.ShortShifts is not { } shortShifts)
        {
            w.WriteNil();
            return;
        }

        w.WriteArrayHeader(shortShifts.Count);
        foreach (var shortShift in shortShifts)
        {
            w.WriteMapHeader(5);
            w.WriteString("shift"u8);
            w.Write(problem.ShiftId(shortShift.Shift));
            w.WriteString("assigned"u8);
            w.Write(shortShift.Assigned);
            w.WriteString("needed"u8);
            w.Write(shortShift.Needed);
            w.WriteString("mend"u8);
            if (shortShift.Mend is { } mend) WriteCandidate(ref w, problem, mend);
            else w.WriteNil();
            w.WriteString("candidates"u8);
            w.WriteArrayHeader(shortShift.Candidates.Count);
            foreach (var candidate in shortShift.Candidates)
            {
                WriteCandidate(ref w, problem, candidate);
            }
        }
    }

    private static void WriteCandidate(ref MessagePackWriter w, CompiledProblem problem, ShortfallCandidate candidate)
    {
        w.WriteMapHeader(4);
        w.WriteString("person"u8);
        w.Write(problem.PersonId(candidate.Person));
        w.WriteString("reason"u8);
        w.Write(candidate.Reason switch
        {
            CandidateReason.Absent => "absent",
            CandidateReason.Overlapping => "overlapping",
            CandidateReason.WouldBreak => "wouldBreak",
            _ => "free",
        });
        w.WriteString("otherShift"u8);
        w.Write(candidate.OtherShift >= 0 ? problem.ShiftId(candidate.OtherShift) : null);
        w.WriteString("breaks"u8);
        w.WriteArrayHeader(candidate.Breaks.Count);
        foreach (var v in candidate.Breaks)
        {
            w.WriteMapHeader(2);
            w.WriteString("rule"u8);
            w.WriteString(s_ruleNames[(int)v.Rule]);
            w.WriteString("message"u8);
            w.Write(ViolationText.Describe(problem, v));
        }
    }

    private Task SolveAsync(uint id, string problem, SolverOptions options, bool progress, InFlight flight) =>
        AnswerLaterAsync(id, flight, "stopped while waiting for a solve slot", async buffer =>
        {
            var reporter = progress ? new ImmediateProgress(report => TryPost(Progress(id, report))) : null;
            var result = await Engine.SolveAsync(problem, options, reporter, flight.MarkStarted, flight.Token).ConfigureAwait(false);
            if (!flight.Started)
            {
                WriteError(buffer, id, Reason(flight), "stopped while waiting for a solve slot", null);
            }
            else
            {
                WriteSolveResult(buffer, id, problem, result);
            }
        });

    private Task EvaluateAsync(uint id, string problem, string schedule, InFlight flight) =>
        AnswerLaterAsync(id, flight, "stopped before the evaluation ended", async buffer =>
        {
            IReadOnlyDictionary<string, long> terms;
            try
            {
                terms = await Engine.EvaluateAsync(problem, schedule, flight.Token).ConfigureAwait(false);
            }
            catch (InvalidOperationException e)
            {
                throw ParamReader.Bad("params.schedule", e.Message);
            }

            var w = new MessagePackWriter(buffer);
            BeginResult(ref w, id);
            w.WriteMapHeader(2);
            w.WriteString("objective"u8);
            w.Write(terms.Values.Sum());
            w.WriteString("terms"u8);
            WriteTerms(ref w, terms);
            w.Flush();
        });

    /// <summary>
    /// Runs a request in flight and posts its one response: what <paramref name="write"/> puts in the buffer, or the
    /// error it throws (cancelled, deadline or shutdown: <paramref name="stopped"/>), then takes it out of flight.
    /// </summary>
    private async Task AnswerLaterAsync(uint id, InFlight flight, string stopped, Func<ArrayBufferWriter<byte>, Task> write)
    {
        var buffer = Frames.Buffers.Get();
        try
        {
            await write(buffer).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            buffer.ResetWrittenCount();
            WriteError(buffer, id, Reason(flight), stopped, null);
        }
        catch (Exception e) when (Failure(e) is { } failure)
        {
            buffer.ResetWrittenCount();
            WriteError(buffer, id, failure.Code, failure.Message, failure.Field);
        }
        finally
        {
            End(id, flight);
        }

        await PostAsync(buffer).ConfigureAwait(false);
    }

    /// <summary>Takes a finished request out of flight before its response is queued, so its id is free again when the client reads it.</summary>
    private void End(uint id, InFlight flight)
    {
        _inFlight.TryRemove(id, out _);
        flight.Dispose();
    }

    private string Reason(InFlight flight) =>
        _closing.IsCancellationRequested ? ErrorCodes.ShuttingDown : flight.ByClient ? ErrorCodes.Cancelled : ErrorCodes.DeadlineExceeded;

    private void WriteSolveResult(ArrayBufferWriter<byte> buffer, uint id, string problem, SolveResult result)
    {
        byte[]? file = null;
        string? scheduleHash = null;
        if (result.Schedule is { } schedule)
        {
            file = ScheduleFile.ToBytes(schedule.ToSchedule() with { ProblemHash = problem }, FileFormat.MessagePack);
            try
            {
                scheduleHash = Engine.LoadSchedule(problem, schedule).Hash;
            }
            catch (UnknownHandleException)
            {
                // The problem was unloaded (or evicted) during the solve: the schedule still goes back, unloaded.
            }
        }

        var w = new MessagePackWriter(buffer);
        BeginResult(ref w, id);
        w.WriteMapHeader(11);
        w.WriteString("status"u8);
        w.Write(result.Status switch
        {
            SolveStatus.Optimal => "optimal",
            SolveStatus.Feasible => "feasible",
            SolveStatus.Infeasible => "infeasible",
            _ => "unknown",
        });
        w.WriteString("cancelled"u8);
        w.Write(result.Cancelled);
        w.WriteString("objective"u8);
        WriteNullable(ref w, result.Objective);
        w.WriteString("bound"u8);
        w.Write(result.BestBound);
        w.WriteString("gap"u8);
        if (result.Gap is { } gap) w.Write(gap);
        else w.WriteNil();
        w.WriteString("terms"u8);
        WriteTerms(ref w, result.ObjectiveTerms);
        w.WriteString("explanation"u8);
        w.Write(result.Explanation);
        w.WriteString("schedule"u8);
        if (file is null) w.WriteNil();
        else w.Write(file);
        w.WriteString("scheduleHash"u8);
        w.Write(scheduleHash);
        w.WriteString("hard"u8);
        w.Write(result.Report?.HardCount ?? 0);
        w.WriteString("wallMs"u8);
        w.Write(result.Statistics.WallTime.TotalMilliseconds);
        w.Flush();
    }

    private static ArrayBufferWriter<byte> Progress(uint id, SolveProgress report)
    {
        var buffer = Frames.Buffers.Get();
        var w = new MessagePackWriter(buffer);
        w.WriteMapHeader(2);
        w.WriteString("id"u8);
        w.Write(id);
        w.WriteString("progress"u8);
        w.WriteMapHeader(9);
        w.WriteString("objective"u8);
        w.Write(report.Objective);
        w.WriteString("bound"u8);
        w.Write(report.BestBound);
        w.WriteString("gap"u8);
        w.Write(report.Gap);
        w.WriteString("elapsedMs"u8);
        w.Write(report.Elapsed.TotalMilliseconds);
        w.WriteString("solutions"u8);
        w.Write(report.Solutions);
        w.WriteString("week"u8);
        w.Write(report.Week);
        w.WriteString("weeks"u8);
        w.Write(report.Weeks);
        w.WriteString("committed"u8);
        w.Write(report.Committed);
        w.WriteString("neighbourhoods"u8);
        w.Write(report.Neighbourhoods);
        w.Flush();
        return buffer;
    }

    private static void WriteTerms(ref MessagePackWriter w, IReadOnlyDictionary<string, long> terms)
    {
        w.WriteMapHeader(terms.Count);
        foreach (var (name, value) in terms)
        {
            w.Write(name);
            w.Write(value);
        }
    }

    private static void WriteNullable(ref MessagePackWriter w, long? value)
    {
        if (value is { } v) w.Write(v);
        else w.WriteNil();
    }

    private static void WriteViolations(ref MessagePackWriter w, CompiledProblem problem, ReadOnlySpan<Violation> violations, bool text)
    {
        w.WriteArrayHeader(violations.Length);
        foreach (ref readonly var v in violations)
        {
            WriteViolation(ref w, problem, v, text);
        }
    }

    private static void WriteViolation(ref MessagePackWriter w, CompiledProblem problem, in Violation v, bool text)
    {
        w.WriteMapHeader(text ? 9 : 8);
        w.WriteString("rule"u8);
        w.WriteString(s_ruleNames[(int)v.Rule]);
        w.WriteString("person"u8);
        w.Write(v.Person >= 0 ? problem.PersonId(v.Person) : null);
        w.WriteString("shift"u8);
        w.Write(v.Shift >= 0 ? problem.ShiftId(v.Shift) : null);
        w.WriteString("from"u8);
        w.Write(v.From);
        w.WriteString("to"u8);
        w.Write(v.To);
        w.WriteString("measured"u8);
        w.Write(v.Measured);
        w.WriteString("limit"u8);
        w.Write(v.Limit);
        w.WriteString("soft"u8);
        w.Write(problem.IsSoft(v));
        if (text)
        {
            w.WriteString("text"u8);
            w.Write(ViolationText.Describe(problem, v));
        }
    }

    private static Schedule ReadSchedule(ReadOnlySequence<byte> bytes)
    {
        try
        {
            return ScheduleFile.Read(bytes.IsSingleSegment ? bytes.FirstSpan : bytes.ToArray());
        }
        catch (ModelException e)
        {
            throw Invalid(e, "params.schedule");
        }
    }

    private static ProtocolException Invalid(ModelException e, string field) =>
        new(ErrorCodes.BadParams, e.Message, e.Errors.Count > 0 ? Field(field, e.Errors[0].Path) : field);

    private static string Required(string? value, string field) => value ?? throw ParamReader.Bad(field, "missing");

    private static double Positive(double value, string field) => value > 0 ? value : throw ParamReader.Bad(field, "expected a positive number");

    private static SolverOptions WithStrategy(SolverOptions options, string name)
    {
        if (name == "auto")
        {
            return options with { Strategy = SolveStrategy.Auto, LookaheadWeeks = 0 };
        }

        return SolverOptions.ParseStrategyName(name) is var (strategy, lookahead)
            ? options with { Strategy = strategy, LookaheadWeeks = lookahead }
            : throw ParamReader.Bad("params.strategy", $"expected auto, {SolverOptions.StrategyNames}; got '{name}'");
    }

    private static string CpSat(string parameters)
    {
        try
        {
            new SolverOptions { CpSatParameters = parameters }.Validate();
            return parameters;
        }
        catch (ArgumentException e)
        {
            throw ParamReader.Bad("params.cpSat", e.Message);
        }
    }

    /// <summary>A solve or evaluation in flight: its cancellation (the client's cancel, its deadline, the connection ending).</summary>
    private sealed class InFlight : IDisposable
    {
        private readonly CancellationTokenSource _cancel;
        private volatile bool _byClient;
        private volatile bool _started;

        public InFlight(TimeSpan? deadline, CancellationToken closing)
        {
            _cancel = CancellationTokenSource.CreateLinkedTokenSource(closing);
            if (deadline is { } after)
            {
                _cancel.CancelAfter(after);
            }
        }

        public CancellationToken Token => _cancel.Token;

        public bool ByClient => _byClient;

        public bool Started => _started;

        public void MarkStarted() => _started = true;

        public void Cancel(bool byClient)
        {
            _byClient = byClient;
            try
            {
                _cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // it has just ended
            }
        }

        public void Dispose() => _cancel.Dispose();
    }
}
