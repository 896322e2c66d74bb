namespace Scheduler.Testing;

/// <summary>Finds the shared test data (acgme-vectors, benchmarks) that sits beside the repository.</summary>
public static class SharedData
{
    /// <summary>The shared folder: $SCHEDULER_SHARED, or the first ancestor's "shared" folder holding acgme-vectors.</summary>
    public static string Root
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("SCHEDULER_SHARED");
            if (!string.IsNullOrEmpty(fromEnv))
            {
                return fromEnv;
            }

            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared");
                if (Directory.Exists(Path.Combine(candidate, "acgme-vectors")))
                {
                    return candidate;
                }
            }

            throw new DirectoryNotFoundException("shared test data not found: put the shared folder beside the repository or set SCHEDULER_SHARED");
        }
    }

    /// <summary>The ACGME rule vectors folder.</summary>
    public static string AcgmeVectors => Path.Combine(Root, "acgme-vectors");

    /// <summary>The Curtois-Qu shift scheduling benchmark folder (Instance1.txt ... Instance12.txt, best_known.csv).</summary>
    public static string CurtoisQu => Path.Combine(Root, "benchmarks", "curtois-qu");

    /// <summary>The repository root (the folder holding Scheduler.sln).</summary>
    public static string RepositoryRoot
    {
        get
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
}
