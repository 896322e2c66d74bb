namespace Scheduler.Testing;

/// <summary>
/// Finds the test data kept in the repository: the ACGME rule vectors (tests/data/acgme-vectors), the Curtois-Qu
/// benchmark instances (problems/curtois-qu) and the shipped problems (problems/).
/// </summary>
public static class TestData
{
    private static readonly Lazy<string> s_root = new(FindRepositoryRoot);

    /// <summary>The repository root (the folder holding Scheduler.sln), found upward from the test binaries.</summary>
    public static string RepositoryRoot => s_root.Value;

    /// <summary>The ACGME rule vectors folder: every <c>*.json</c> in it is a case.</summary>
    public static string AcgmeVectors => Path.Combine(RepositoryRoot, "tests", "data", "acgme-vectors");

    /// <summary>The Curtois-Qu shift scheduling benchmark folder (Instance1.txt ... Instance12.txt, best_known.csv).</summary>
    public static string CurtoisQu => Path.Combine(RepositoryRoot, "problems", "curtois-qu");

    /// <summary>The path of a shipped problem or schedule file, e.g. <c>Problem("tiny.msgpack")</c>.</summary>
    public static string Problem(string fileName) => Path.Combine(RepositoryRoot, "problems", fileName);

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Scheduler.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("repository root (Scheduler.sln) not found above " + AppContext.BaseDirectory);
    }
}
