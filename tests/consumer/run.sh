#!/usr/bin/env bash
# Packs Scheduler.Core, Scheduler.Formats, Scheduler.Solver and Scheduler.Service from this checkout into a local folder feed, builds
# the consumer project (a copy outside the repository) against them, and runs it: load -> validate -> solve -> check a change -> export.
# Usage: bash tests/consumer/run.sh   (from anywhere; exit code 0 when the consumer ran and checked out)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A version no earlier run used, so that NuGet's package cache cannot hand back stale packages.
version="0.0.0-consumer.$(date +%s).$$"

for project in Scheduler.Core Scheduler.Formats Scheduler.Solver Scheduler.Service; do
  dotnet pack "$repo/src/$project" -c Release -o "$work/feed" -p:Version="$version" --nologo -v quiet
done

mkdir "$work/consumer"
cp "$repo/tests/consumer/Consumer.csproj" "$repo/tests/consumer/Program.cs" "$work/consumer/"
cat > "$work/consumer/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$work/feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="local"><package pattern="Scheduler.*" /></packageSource>
    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
  </packageSourceMapping>
</configuration>
XML
# Keep the consumer clear of any Directory.Build.props or global.json above the temporary folder.
echo '<Project />' > "$work/Directory.Build.props"
echo '<Project />' > "$work/Directory.Packages.props"

dotnet build "$work/consumer" -c Release -p:SchedulerVersion="$version" --nologo -v quiet
dotnet "$work/consumer/bin/Release/net10.0/Consumer.dll" \
  "$repo/problems/tiny.msgpack" "$repo/problems/tiny.schedule.msgpack" "$work/tiny.csv"
echo "consumer: packages $version built and ran from a clean project"
