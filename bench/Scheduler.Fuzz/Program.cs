using System.Globalization;
using System.Runtime.InteropServices;
using Scheduler.Core.Model;
using Scheduler.Formats;
using Scheduler.Fuzz;
using SharpFuzz;

// Scheduler.Fuzz TARGET [--warm-up DIR]      run under afl-fuzz (bench/fuzz/run.sh starts it)
// Scheduler.Fuzz TARGET --replay PATH...     run files or folders through the target, uninstrumented
// Scheduler.Fuzz --make-seeds REPO           write the generated seeds (JSON twins, checkpoints) into bench/fuzz/corpus
if (args is ["--make-seeds", var repository])
{
    MakeSeeds(repository);
    return 0;
}

if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    await Console.Error.WriteLineAsync(
        $"usage: Scheduler.Fuzz TARGET [--replay PATH...] | --make-seeds REPO; targets: {string.Join(", ", FuzzTargets.All.Keys)}").ConfigureAwait(false);
    return 2;
}

if (args.Length == 1 || (args.Length == 3 && args[1] == "--warm-up"))
{
    if (args.Length == 3)
    {
        WarmUp(target, args[2]);
    }

    // Out of process: a stack overflow or a crash of the runtime ends the child, not the fork server, and is
    // still reported to afl-fuzz as a crash.
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        _ = target(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    });
    return 0;
}

if (args[1] != "--replay" || args.Length < 3)
{
    await Console.Error.WriteLineAsync("usage: Scheduler.Fuzz TARGET --replay PATH...").ConfigureAwait(false);
    return 2;
}

var files = args[2..]
    .SelectMany(path => Directory.Exists(path) ? Directory.EnumerateFiles(path).Order(StringComparer.Ordinal) : (IEnumerable<string>)[path])
    .ToList();
var failed = 0;
foreach (var file in files)
{
    try
    {
        var refused = target(File.ReadAllBytes(file));
        Console.WriteLine(refused is null ? $"reads   {file}" : $"refused {file}: {refused.Message}");

        // A reader fault wrapped at the boundary (FileCodec) is documented, but it marks a gap in the token checks
        // before it: show where it came from.
        if (refused?.InnerException is { } inner)
        {
            Console.WriteLine($"        from {inner}");
        }
    }
#pragma warning disable CA1031 // Replay reports every failure of every file, whatever it is, then exits non-zero.
    catch (Exception e)
#pragma warning restore CA1031
    {
        failed++;
        Console.WriteLine($"CRASH  {file}");
        Console.WriteLine(e);
    }
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{files.Count} files, {failed} crashes"));
return failed == 0 ? 0 : 1;

// The first read of a process compiles the readers, which on a busy machine can take longer than afl-fuzz's
// timeout, and afl-fuzz then drops the seed as a hang: read the seeds once before the fork server starts. The
// instrumented readers write their coverage to SharpFuzz's trace map, which exists only once the fork server runs,
// so until then they write to a scratch map (Fuzzer.Run points the trace at afl-fuzz's shared memory).
static unsafe void WarmUp(FuzzTarget target, string seeds)
{
    const int MapBytes = 1 << 20;
    // Never freed: the process lives as long as the fuzzer, and the map is 1 MiB.
    var scratch = (byte*)NativeMemory.AllocZeroed(MapBytes);
    SharpFuzz.Common.Trace.SharedMem = scratch;
    foreach (var seed in Directory.EnumerateFiles(seeds))
    {
        _ = target(File.ReadAllBytes(seed));
    }
}

// The seeds that are not shipped files as they are: the JSON twins of the small problems and schedules, and
// checkpoints built from the tiny problem's schedule (binary only, nothing ships one).
static void MakeSeeds(string repository)
{
    var problems = Path.Combine(repository, "problems");
    var corpus = Path.Combine(repository, "bench", "fuzz", "corpus");
    var tiny = ProblemFile.Read(Path.Combine(problems, "tiny.msgpack"));
    var tinySchedule = ScheduleFile.Read(Path.Combine(problems, "tiny.schedule.msgpack"));

    // AFL++ mutates small seeds best: tiny cut to its first two days (every kind of field, a few of each) in
    // both encodings, and tiny's JSON twin whole.
    const int Days = 2;
    var shifts = tiny.Shifts.Where(s => s.End <= Days * 1440).ToList();
    var kept = shifts.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
    var mini = tiny with
    {
        Name = "mini",
        HorizonDays = Days,
        Shifts = shifts,
        Absences = tiny.Absences.Where(a => a.Start < Days * 1440).Select(a => a with { End = Math.Min(a.End, Days * 1440) }).ToList(),
        Requests = tiny.Requests.Where(r => r.ShiftId is { } id ? kept.Contains(id) : r.Day < Days).ToList(),
    };
    File.WriteAllBytes(Path.Combine(corpus, "problem-msgpack", "mini.msgpack"), ProblemFile.ToBytes(mini, FileFormat.MessagePack));
    File.WriteAllBytes(Path.Combine(corpus, "problem-json", "mini.json"), ProblemFile.ToBytes(mini, FileFormat.Json));
    File.WriteAllBytes(Path.Combine(corpus, "problem-json", "tiny.json"), ProblemFile.ToBytes(tiny, FileFormat.Json));
    var miniSchedule = new Schedule("mini", tinySchedule.Assignments.Where(a => kept.Contains(a.ShiftId)).ToList());
    File.WriteAllBytes(Path.Combine(corpus, "schedule", "mini.schedule.json"), ScheduleFile.ToBytes(miniSchedule, FileFormat.Json));
    File.WriteAllBytes(Path.Combine(corpus, "schedule", "tiny.schedule.json"), ScheduleFile.ToBytes(tinySchedule, FileFormat.Json));

    var assignments = tinySchedule.Assignments;
    var people = assignments.Select(a => a.PersonId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    var week = new Checkpoint
    {
        ProblemHash = ContentHash.Of(tiny),
        Settings = "window=7 lookahead=7 seed=1",
        CommittedDays = 7,
        Windows = 1,
        Committed = assignments.Take(assignments.Count / 2).ToList(),
        Hint = assignments.Skip(assignments.Count / 2).Take(8).ToList(),
        Counters = people.Select((person, k) => new CarriedCounts(person, k % 3, k % 2, k % 4)).ToList(),
        Objective = 1234,
        Terms = [new("Coverage", 1000), new("Requests", 234)],
        Log = ["week 1 (days 0-6): optimal, objective 1234", "week 1: backup called in"],
    };
    MakeFrameSeeds(Path.Combine(corpus, "frames"), mini, miniSchedule);

    var checkpoints = Path.Combine(corpus, "checkpoint");
    File.WriteAllBytes(Path.Combine(checkpoints, "week1.sckp"), CheckpointFile.ToBytes(week));
    File.WriteAllBytes(
        Path.Combine(checkpoints, "empty.sckp"),
        CheckpointFile.ToBytes(new Checkpoint { ProblemHash = week.ProblemHash, Settings = "", CommittedDays = 0, Windows = 0, Committed = [] }));
}

// Client byte streams for the frames target: a session on the mini problem through every quick method, and one of
// the requests the protocol refuses (docs/PROTOCOL.md).
static void MakeFrameSeeds(string folder, Problem mini, Schedule miniSchedule)
{
    Directory.CreateDirectory(folder);
    var problem = ContentHash.Of(mini);
    var schedule = ContentHash.Of(miniSchedule);
    var first = miniSchedule.Assignments[0];
    var other = miniSchedule.Assignments.First(a => a.PersonId != first.PersonId && a.ShiftId != first.ShiftId);
    File.WriteAllBytes(Path.Combine(folder, "session.bin"), Frames(
        Request(1, "hello", ("version", 1)),
        Request(2, "load-problem", ("problem", ProblemFile.ToBytes(mini, FileFormat.MessagePack))),
        Request(3, "load-schedule", ("problem", problem), ("schedule", ScheduleFile.ToBytes(miniSchedule, FileFormat.MessagePack))),
        Request(4, "validate", ("problem", problem), ("schedule", schedule), ("max", 5)),
        Request(5, "check-swap", ("problem", problem), ("schedule", schedule), ("kind", "swap"), ("person", first.PersonId), ("shift", first.ShiftId),
            ("otherPerson", other.PersonId), ("otherShift", other.ShiftId)),
        Request(6, "check-swap", ("problem", problem), ("schedule", schedule), ("kind", "remove"), ("person", first.PersonId), ("shift", first.ShiftId),
            ("text", false)),
        Request(7, "export", ("problem", problem), ("schedule", schedule), ("format", "csv"), ("person", first.PersonId)),
        Request(8, "cancel", ("target", 3)),
        Request(9, "unload", ("hash", schedule))));
    File.WriteAllBytes(Path.Combine(folder, "json.bin"), Frames(
        Request(1, "load-problem", ("problem", ProblemFile.ToBytes(mini, FileFormat.Json))),
        Request(2, "validate", ("problem", problem), ("schedule", ScheduleFile.ToBytes(miniSchedule, FileFormat.Json)))));
    File.WriteAllBytes(Path.Combine(folder, "refused.bin"), Frames(
        Request(1, "no-such-method"),
        Request(2, "validate", ("problem", 7)),
        [0x93, 0x01, 0x02, 0x03],
        Request(3, "hello", ("version", 0))));
}

static byte[] Frames(params byte[][] bodies)
{
    var stream = new MemoryStream();
    foreach (var body in bodies)
    {
        var prefix = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(prefix, (uint)body.Length);
        stream.Write(prefix);
        stream.Write(body);
    }

    return stream.ToArray();
}

static byte[] Request(uint id, string method, params (string Key, object Value)[] parameters)
{
    var buffer = new System.Buffers.ArrayBufferWriter<byte>();
    var w = new MessagePack.MessagePackWriter(buffer);
    w.WriteMapHeader(3);
    w.Write("id");
    w.Write(id);
    w.Write("method");
    w.Write(method);
    w.Write("params");
    w.WriteMapHeader(parameters.Length);
    foreach (var (key, value) in parameters)
    {
        w.Write(key);
        switch (value)
        {
            case string text: w.Write(text); break;
            case int number: w.Write(number); break;
            case bool flag: w.Write(flag); break;
            case byte[] bytes: w.Write(bytes); break;
            default: throw new ArgumentException(value.GetType().Name, nameof(parameters));
        }
    }

    w.Flush();
    return buffer.WrittenSpan.ToArray();
}
