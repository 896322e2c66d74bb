using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using FsCheck.Xunit;
using Scheduler.Cli.Bench;

namespace Scheduler.Cli.Tests;

/// <summary>The bench report's SVG charts: nice ticks, escaping, empty, one-point, equal and negative data, and the same bytes for the same data.</summary>
public sealed partial class SvgChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static ChartSeries Series(string name, params (double X, double Y)[] points) =>
        new(name, "#1f77b4", null, [.. points.Select(p => new ChartPoint(p.X, p.Y))], 10);

    // Parses the chart as a file of its own (well-formed XML with the SVG namespace) and checks that no number is NaN or infinite.
    private static XElement Parse(string svg)
    {
        var root = XDocument.Parse(SvgChart.Standalone(svg)).Root!;
        Assert.Equal(Svg + "svg", root.Name);
        Assert.DoesNotMatch("NaN|Infinity|\u221E|E\\+|E-", svg);
        return root;
    }

    // Every coordinate of the lines and dots of a line chart lies inside its plot area.
    private static void AssertInsidePlot(XElement root)
    {
        var plot = root.Descendants(Svg + "rect").Single(r => (string?)r.Attribute("class") == "plot");
        double Get(XElement e, string name) => double.Parse((string)e.Attribute(name)!, CultureInfo.InvariantCulture);
        var (left, top) = (Get(plot, "x"), Get(plot, "y"));
        var (right, bottom) = (left + Get(plot, "width"), top + Get(plot, "height"));
        foreach (var path in root.Descendants(Svg + "path").Where(p => (string?)p.Attribute("class") == "trace"))
        {
            double x = 0, y = 0;
            foreach (Match m in Command().Matches((string)path.Attribute("d")!))
            {
                var values = m.Groups[2].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                (x, y) = m.Groups[1].Value switch { "M" => (values[0], values[1]), "H" => (values[0], y), _ => (x, values[0]) };
                Assert.InRange(x, left, right);
                Assert.InRange(y, top, bottom);
            }
        }

        foreach (var dot in root.Descendants(Svg + "circle"))
        {
            Assert.InRange(Get(dot, "cx"), left, right);
            Assert.InRange(Get(dot, "cy"), top, bottom);
        }
    }

    [GeneratedRegex(@"([MHV])([-\d. ]+)")]
    private static partial Regex Command();

    [Theory]
    [InlineData(10.0, 5, 2.0)]
    [InlineData(1.0, 5, 0.2)]
    [InlineData(7.0, 5, 2.0)]
    [InlineData(12.0, 5, 2.5)]
    [InlineData(30.0, 6, 5.0)]
    [InlineData(0.03, 5, 0.01)]
    [InlineData(4735.0, 6, 1000.0)]
    [InlineData(0.0, 5, 1.0)]
    public void NiceStep_Span_IsOneTwoTwoAndAHalfOrFiveTimesAPowerOfTen(double span, int target, double step) =>
        Assert.Equal(step, SvgChart.NiceStep(span, target), 9);

    [Fact]
    public void Scale_Seconds_TicksEverySecondFromZero()
    {
        var axis = SvgChart.Scale(0, 5.1, 8);

        Assert.Equal([0, 1, 2, 3, 4, 5, 6], axis.Ticks);
        Assert.Equal("6", axis.Label(6));
    }

    [Fact]
    public void Scale_NegativeToPositive_HoldsZeroWithoutMinusZero()
    {
        var axis = SvgChart.Scale(-1234, 567);

        Assert.Equal(-1500, axis.Min);
        Assert.Equal(1000, axis.Max);
        Assert.Contains(0, axis.Ticks);
        Assert.Equal(["-1,500", "-1,000", "-500", "0", "500", "1,000"], axis.Ticks.Select(axis.Label));
        Assert.Equal("0.00", SvgChart.Number(-0.0001, 2));
    }

    [Theory]
    [InlineData(200.0)]
    [InlineData(-5.0)]
    [InlineData(0.0)]
    [InlineData(0.001)]
    public void Scale_OneValue_IsWidenedAroundIt(double value)
    {
        var axis = SvgChart.Scale(value, value);

        Assert.True(axis.Min <= value && value <= axis.Max && axis.Min < axis.Max, $"{axis}");
        Assert.True(axis.Ticks.Count >= 2);
    }

    [Fact]
    public void Scale_ZeroValue_IsZeroToOne() => Assert.Equal((0d, 1d), (SvgChart.Scale(0, 0).Min, SvgChart.Scale(0, 0).Max));

    [Property(MaxTest = 300)]
    public void Scale_AnyRange_TicksCoverItEvenlyWithDistinctLabels(int seed)
    {
        var rng = new Random(seed);
        var magnitude = Math.Pow(10, rng.Next(-2, 10));
        var min = (rng.NextDouble() * 2 - 1) * magnitude;
        var span = rng.Next(4) == 0 ? 0 : magnitude * Math.Pow(10, -3 * rng.NextDouble());
        var max = min + span;
        var target = rng.Next(3, 9);

        var axis = SvgChart.Scale(min, max, target);

        var ticks = axis.Ticks;
        Assert.True(axis.Min <= min && max <= axis.Max, $"{axis} for [{min}, {max}]");
        Assert.Equal(axis.Min, ticks[0]);
        Assert.Equal(axis.Max, ticks[^1]);
        Assert.InRange(ticks.Count, 2, 2 * target + 3);
        for (var i = 1; i < ticks.Count; i++)
        {
            Assert.Equal(axis.Step, ticks[i] - ticks[i - 1], axis.Step * 1e-6);
        }

        var mantissa = axis.Step / Math.Pow(10, Math.Floor(Math.Log10(axis.Step) + 1e-9));
        Assert.Contains(Math.Round(mantissa, 6), new[] { 1, 2, 2.5, 5 });
        Assert.Equal(ticks.Count, ticks.Select(axis.Label).Distinct().Count());
    }

    [Fact]
    public void Escape_MarkupQuotesAndControlCharacters_AreEscapedOrReplaced()
    {
        Assert.Equal("a&lt;b&gt; &amp; &quot;c&quot; &#39;d&#39; \uFFFD\uFFFD e\u00e9\U0001F600", SvgChart.Escape("a<b> & \"c\" 'd' \u0001\uD800 e\u00e9\U0001F600"));
        Assert.Equal("", SvgChart.Escape(null));
    }

    [Fact]
    public void Line_NamesFromFiles_AreEscapedAndTheChartIsWellFormed()
    {
        const string hostile = "<script>alert('x')</script>&\"\u0007";

        var svg = SvgChart.Line(hostile, "seconds", "objective", [Series(hostile, (0.5, 10), (2, 5))], 4, hostile);

        Assert.DoesNotContain("<script>", svg, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;\uFFFD", svg, StringComparison.Ordinal);
        var root = Parse(svg);
        Assert.Equal("1", (string?)root.Attribute("data-series"));
        AssertInsidePlot(root);
    }

    [Fact]
    public void Line_NoSeriesOrOnlyNonFinitePoints_DrawsAxesAndSaysSo()
    {
        foreach (var series in new[] { Array.Empty<ChartSeries>(), [Series("empty"), Series("nan", (double.NaN, 3), (1, double.PositiveInfinity))] })
        {
            var root = Parse(SvgChart.Line("none", "seconds", "objective", series));

            Assert.Equal("0", (string?)root.Attribute("data-series"));
            Assert.DoesNotContain(root.Descendants(Svg + "path"), p => (string?)p.Attribute("class") == "trace");
            Assert.Contains(root.Descendants(Svg + "text"), t => t.Value == "no schedule in any run");
        }
    }

    [Fact]
    public void Line_OnePoint_IsADotAndAStepToTheEnd()
    {
        var root = Parse(SvgChart.Line("one", "seconds", "objective", [Series("weekly, seed 1", (4.5, 200))]));

        var path = root.Descendants(Svg + "path").Single(p => (string?)p.Attribute("class") == "trace");
        Assert.Matches(@"^M[\d.]+ [\d.]+ H[\d.]+$", (string)path.Attribute("d")!); // held to EndX = 10
        Assert.Equal("4", (string?)root.Descendants(Svg + "circle").Single().Attribute("r"));
        AssertInsidePlot(root);
    }

    [Fact]
    public void Line_AllEqualValuesAtTimeZero_NoDivisionByZero()
    {
        var series = new ChartSeries("flat", "#d62728", "8 4", [new(0, 7), new(0, 7), new(0, 7)]);

        var root = Parse(SvgChart.Line("flat", "seconds", "objective", [series], 7, "best known 7"));

        AssertInsidePlot(root);
        Assert.Contains(root.Descendants(Svg + "text"), t => t.Value == "best known 7");
        Assert.Single(root.Descendants(Svg + "line"), l => (string?)l.Attribute("class") == "reference");
    }

    [Fact]
    public void Line_NegativeObjectives_StepLineWithNegativeTicksInsideThePlot()
    {
        var root = Parse(SvgChart.Line("negative", "seconds", "objective", [Series("a", (1, -10), (2, -300), (3, -1250))], -1300, "best known -1,300"));

        AssertInsidePlot(root);
        var labels = root.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("-1,500", labels);
        Assert.Contains("-1,250", labels);
        Assert.Contains("0", labels);
    }

    [Fact]
    public void Line_ManySeries_LegendEndsWithHowManyMore()
    {
        var series = Enumerable.Range(1, 40).Select(i => Series($"s{i}", (i, i))).ToList();

        var root = Parse(SvgChart.Line("many", "seconds", "objective", series));

        Assert.Equal("40", (string?)root.Attribute("data-series"));
        Assert.Contains(root.Descendants(Svg + "text"), t => t.Value.StartsWith("and ", StringComparison.Ordinal) && t.Value.EndsWith(" more", StringComparison.Ordinal));
        Assert.All(root.Descendants(Svg + "text").Select(t => double.Parse((string)t.Attribute("y")!, CultureInfo.InvariantCulture)), y => Assert.InRange(y, 0, SvgChart.LineHeight));
    }

    [Fact]
    public void Bars_NoneZeroNegativeAndReference_OneRectPerValueAtLeastOnePixelHigh()
    {
        var panels = new[]
        {
            new BarPanel("a<b", [new ChartBar("monolithic", "#1f77b4", 449), new ChartBar("weekly", "#d62728", null)], 190),
            new BarPanel("zero", [new ChartBar("monolithic", "#1f77b4", 0), new ChartBar("weekly", "#d62728", 0)], null),
            new BarPanel("negative", [new ChartBar("monolithic", "#1f77b4", -50), new ChartBar("weekly", "#d62728", 20)], -60),
            new BarPanel("fourth row", [new ChartBar("monolithic", "#1f77b4", 3.5)], null),
        };

        var svg = SvgChart.Bars("Best", "objective", panels, [("monolithic", "#1f77b4"), ("weekly", "#d62728")], "best known");

        var root = Parse(svg);
        Assert.Equal("6", (string?)root.Attribute("data-bars"));
        var rects = root.Descendants(Svg + "rect").Where(r => (string?)r.Attribute("class") == "bar").ToList();
        Assert.Equal(6, rects.Count);
        Assert.All(rects, r => Assert.True(double.Parse((string)r.Attribute("height")!, CultureInfo.InvariantCulture) >= 1));
        Assert.Equal((SvgChart.BarRowHeight * 2 + 64).ToString(CultureInfo.InvariantCulture), (string?)root.Attribute("height"));
        Assert.Contains("a&lt;b (best known 190)", svg, StringComparison.Ordinal);
        Assert.Contains(root.Descendants(Svg + "text"), t => t.Value == "none");
        Assert.Contains(root.Descendants(Svg + "text"), t => t.Value == "3.50");
        Assert.Equal(2, root.Descendants(Svg + "line").Count(l => (string?)l.Attribute("class") == "reference"));
    }

    [Fact]
    public void Bars_ManyStrategies_LegendStaysWithinTheWidth()
    {
        var legend = Enumerable.Range(1, 12).Select(i => ($"weekly+{i} with a long name", "#2ca02c")).ToList();

        var root = Parse(SvgChart.Bars("Best", "objective", [new BarPanel("p", [.. legend.Select(l => new ChartBar(l.Item1, l.Item2, 5))], null)], legend));

        Assert.Contains(root.Descendants(Svg + "text"), t => t.Value.StartsWith("and ", StringComparison.Ordinal) && t.Value.EndsWith(" more", StringComparison.Ordinal));
        Assert.All(root.Descendants(Svg + "text").Select(t => double.Parse((string)t.Attribute("x")!, CultureInfo.InvariantCulture)), x => Assert.InRange(x, 0, SvgChart.BarWidth));
    }

    [Fact]
    public void Bars_NoPanels_SaysNoRuns() =>
        Assert.Contains(Parse(SvgChart.Bars("Best", "objective", [], [])).Descendants(Svg + "text"), t => t.Value == "no runs");

    [Fact]
    public void Charts_SameDataUnderAnotherCulture_SameBytes()
    {
        string Draw() =>
            SvgChart.Line("t", "seconds", "objective", [Series("a", (0.25, 1234.5), (1.75, 999.25)), Series("b", (0.5, 1100))], 1000.5, "best known")
            + SvgChart.Bars("b", "objective", [new BarPanel("p", [new ChartBar("x", "#000", 1234.5)], 1000.5)], [("x", "#000")]);
        var invariant = Draw();
        var previous = CultureInfo.CurrentCulture;
        try
        {
            var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ",";
            comma.NumberFormat.NumberGroupSeparator = ".";
            comma.NumberFormat.NegativeSign = "\u2212";
            CultureInfo.CurrentCulture = comma;

            Assert.Equal(invariant, Draw());
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        Assert.Contains("1,234.5", invariant, StringComparison.Ordinal);
    }
}
