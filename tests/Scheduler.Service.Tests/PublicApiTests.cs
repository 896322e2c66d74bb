using System.Reflection;
using Scheduler.Core.Compiled;
using Scheduler.Formats;
using Scheduler.Solver;

namespace Scheduler.Service.Tests;

/// <summary>
/// The packages' public API holds only Scheduler's and the framework's types (and NodaTime's zone in the calendar):
/// an embedder never needs OR-Tools, Protobuf or MessagePack types, so those can change under it.
/// </summary>
public sealed class PublicApiTests
{
    private static readonly string[] s_foreign = ["Google.", "MessagePack"];

    [Fact]
    public void PublicApi_OfEveryLibrary_HasNoOrToolsProtobufOrMessagePackType()
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var assembly in new[] { typeof(CompiledProblem).Assembly, typeof(ProblemFile).Assembly, typeof(ScheduleSolver).Assembly, typeof(SchedulerEngine).Assembly })
        {
            foreach (var type in assembly.GetExportedTypes())
            {
                foreach (var (where, used) in Signatures(type))
                {
                    if (IsForeign(used))
                    {
                        found.Add($"{where}: {used.FullName}");
                    }
                }
            }
        }

        Assert.Empty(found);
    }

    [Fact]
    public void IsForeign_OrToolsTypeInAGeneric_Found()
    {
        // The check itself can fail: an OR-Tools type nested in a framework generic is seen.
        Assert.True(IsForeign(typeof(List<Google.OrTools.Sat.CpModel>)));
        Assert.False(IsForeign(typeof(List<CompiledProblem>)));
    }

    private static IEnumerable<(string Where, Type Used)> Signatures(Type type)
    {
        const BindingFlags visible = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (type.BaseType is { } baseType)
        {
            yield return (type.FullName!, baseType);
        }

        foreach (var i in type.GetInterfaces())
        {
            yield return (type.FullName!, i);
        }

        foreach (var member in type.GetMembers(visible | BindingFlags.NonPublic))
        {
            var where = $"{type.FullName}.{member.Name}";
            switch (member)
            {
                case MethodBase m when m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly:
                    if (m is MethodInfo method)
                    {
                        yield return (where, method.ReturnType);
                    }

                    foreach (var p in m.GetParameters())
                    {
                        yield return (where, p.ParameterType);
                    }

                    break;
                case PropertyInfo p when p.GetMethod is { } get && (get.IsPublic || get.IsFamily):
                    yield return (where, p.PropertyType);
                    break;
                case FieldInfo f when f.IsPublic || f.IsFamily:
                    yield return (where, f.FieldType);
                    break;
                case EventInfo e when e.AddMethod is { IsPublic: true }:
                    yield return (where, e.EventHandlerType!);
                    break;
            }
        }
    }

    private static bool IsForeign(Type type)
    {
        if (type.HasElementType)
        {
            return IsForeign(type.GetElementType()!);
        }

        if (type.IsGenericType && type.GetGenericArguments().Any(IsForeign))
        {
            return true;
        }

        var name = type.Namespace ?? "";
        return s_foreign.Any(f => name.StartsWith(f, StringComparison.Ordinal));
    }
}
