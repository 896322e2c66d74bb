using System.Globalization;
using System.Text;
using Scheduler.Formats.Export;

namespace Scheduler.Cli.Bench;

/// <summary>A point of a line chart.</summary>
/// <param name="X">Horizontal value.</param>
/// <param name="Y">Vertical value.</param>
internal readonly record struct ChartPoint(double X, double Y);

/// <summary>One line of a line chart: a step line through its points (each value holds until the next point).</summary>
/// <param name="Name">Legend text (escaped when drawn).</param>
/// <param name="Color">Stroke colour (escaped when drawn).</param>
/// <param name="Dash">The stroke's dash pattern (SVG stroke-dasharray), or null for a solid line.</param>
/// <param name="Points">The points; those with a non-finite coordinate are left out, the rest are drawn in order of X.</param>
/// <param name="EndX">Where the last value still holds (the end of the run), or null to stop at the last point.</param>
internal sealed record ChartSeries(string Name, string Color, string? Dash, IReadOnlyList<ChartPoint> Points, double? EndX = null);

/// <summary>A bar of a bar chart.</summary>
/// <param name="Name">The bar's label (escaped when drawn).</param>
/// <param name="Color">Fill colour (escaped when drawn).</param>
/// <param name="Value">The bar's value, or null for none (drawn as 'none').</param>
internal sealed record ChartBar(string Name, string Color, double? Value);

/// <summary>One panel of a bar chart, with its own vertical scale.</summary>
/// <param name="Title">The panel's title (escaped when drawn).</param>
/// <param name="Bars">Its bars, left to right.</param>
/// <param name="Reference">A value drawn as a dashed line across the panel (the best known), or null.</param>
internal sealed record BarPanel(string Title, IReadOnlyList<ChartBar> Bars, double? Reference);

/// <summary>An axis: its range, from one tick to another, and the step between ticks.</summary>
/// <param name="Min">The lowest tick, at or below every value.</param>
/// <param name="Max">The highest tick, at or above every value.</param>
/// <param name="Step">1, 2, 2.5 or 5 times a power of ten.</param>
/// <param name="Decimals">The decimals that show every tick exactly.</param>
internal sealed record ChartAxis(double Min, double Max, double Step, int Decimals)
{
    /// <summary>The ticks from <see cref="Min"/> to <see cref="Max"/>, <see cref="Step"/> apart, rounded to <see cref="Decimals"/>.</summary>
    public IReadOnlyList<double> Ticks
    {
        get
        {
            var first = (long)Math.Round(Min / Step);
            var last = (long)Math.Round(Max / Step);
            var ticks = new List<double>();
            for (var k = first; k <= last; k++)
            {
                ticks.Add(SvgChart.Round(k * Step, Decimals));
            }

            return ticks;
        }
    }

    /// <summary>A value's label: thousands separated, <see cref="Decimals"/> decimals, invariant culture.</summary>
    public string Label(double value) => SvgChart.Number(value, Decimals);

    /// <summary>Where <paramref name="value"/> lies between <paramref name="from"/> (at <see cref="Min"/>) and <paramref name="to"/> (at <see cref="Max"/>).</summary>
    public double Map(double value, double from, double to) => from + (value - Min) / (Max - Min) * (to - from);
}

/// <summary>
/// Dependency-free SVG charts: a line chart of step lines (objective over time) and a bar chart of panels with
/// their own scales (best objective per instance). Fixed sizes, ticks at 1, 2, 2.5 or 5 times a power of ten,
/// numbers in the invariant culture, every text escaped (from files: instance and strategy names), no ids and
/// no randomness, so the same data always gives the same bytes.
/// </summary>
/// <remarks>
/// The charts are <c>svg</c> elements with the SVG namespace, to be put inline in HTML as they are, or written as
/// files with <see cref="Standalone"/>. A line chart carries <c>class="chart line-chart"</c> and
/// <c>data-series</c>, the number of its lines (each a <c>path class="trace"</c>); a bar chart carries
/// <c>class="chart bar-chart"</c> and <c>data-bars</c>, the number of its bars with a value (each a
/// <c>rect class="bar"</c>, at least 1 px high), so a check can count what should be drawn. A range of one
/// value is widened (0 to 1 for zero, 10 % either side otherwise), so nothing divides by zero.
/// </remarks>
internal static class SvgChart
{
    /// <summary>Width of a line chart in pixels.</summary>
    public const int LineWidth = 880;

    /// <summary>Height of a line chart in pixels.</summary>
    public const int LineHeight = 380;

    /// <summary>Width of a bar chart in pixels (its height grows by a row of panels every <see cref="BarColumns"/> panels).</summary>
    public const int BarWidth = 880;

    /// <summary>Panels in a row of a bar chart.</summary>
    public const int BarColumns = 3;

    /// <summary>Height of a row of panels of a bar chart.</summary>
    public const int BarRowHeight = 250;

    private const int BarHeader = 56;
    private const int LegendRow = 18;
    private const string Grid = "#e4e4e4";
    private const string Ink = "#333";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// A line chart: one step line per series, a dot at each point, the lines' legend on the right, and a dashed
    /// black line at <paramref name="reference"/> (with <paramref name="referenceLabel"/> in the legend) when given.
    /// Series without a finite point are left out; with none left the chart says so.
    /// </summary>
    public static string Line(string title, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series, double? reference = null, string? referenceLabel = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        const double left = 78, top = 34, right = LineWidth - 212, bottom = LineHeight - 46;
        var lines = series
            .Select(s => (Series: s, Points: s.Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).OrderBy(p => p.X).ToList()))
            .Where(l => l.Points.Count > 0)
            .ToList();
        var known = reference is { } r0 && double.IsFinite(r0) ? r0 : (double?)null;
        var xs = lines.SelectMany(l => l.Points.Select(p => p.X).Append(l.Series.EndX is { } e && double.IsFinite(e) ? e : l.Points[^1].X)).Append(0).ToList();
        var ys = lines.SelectMany(l => l.Points.Select(p => p.Y)).ToList();
        if (known is { } rr)
        {
            ys.Add(rr);
        }

        // A little room above and below, so that no line runs along the frame.
        var x = Scale(xs.Min(), xs.Max(), 8);
        var margin = ys.Count > 0 ? (ys.Max() - ys.Min()) * 0.02 : 0;
        var y = ys.Count > 0 ? Scale(ys.Min() - margin, ys.Max() + margin, 6) : Scale(0, 1);
        double X(double v) => x.Map(v, left, right);
        double Y(double v) => y.Map(v, bottom, top);

        var b = new StringBuilder();
        Open(b, "chart line-chart", string.Create(Invariant, $" data-series=\"{lines.Count}\""), LineWidth, LineHeight, title);
        b.Append(string.Create(Invariant, $"<text x=\"{left}\" y=\"20\" font-size=\"14\" font-weight=\"bold\" fill=\"{Ink}\">{Escape(Clip(title, 100))}</text>\n"));
        Frame(b, x, y, left, top, right, bottom, X, Y);
        b.Append(string.Create(Invariant, $"<text x=\"{P((left + right) / 2)}\" y=\"{LineHeight - 8}\" text-anchor=\"middle\" fill=\"{Ink}\">{Escape(xLabel)}</text>\n"));
        YLabel(b, yLabel, 16, (top + bottom) / 2);
        if (lines.Count == 0)
        {
            b.Append(string.Create(Invariant, $"<text x=\"{P((left + right) / 2)}\" y=\"{P((top + bottom) / 2)}\" text-anchor=\"middle\" fill=\"#888\">no schedule in any run</text>\n"));
        }

        if (known is { } rv)
        {
            b.Append(string.Create(Invariant,
                $"<line class=\"reference\" x1=\"{P(left)}\" y1=\"{P(Y(rv))}\" x2=\"{P(right)}\" y2=\"{P(Y(rv))}\" stroke=\"#000\" stroke-width=\"1.2\" stroke-dasharray=\"5 4\"/>\n"));
        }

        foreach (var (s, points) in lines)
        {
            var d = new StringBuilder();
            d.Append(string.Create(Invariant, $"M{P(X(points[0].X))} {P(Y(points[0].Y))}"));
            for (var i = 1; i < points.Count; i++)
            {
                d.Append(string.Create(Invariant, $" H{P(X(points[i].X))} V{P(Y(points[i].Y))}"));
            }

            if (s.EndX is { } end && double.IsFinite(end) && end > points[^1].X)
            {
                d.Append(string.Create(Invariant, $" H{P(X(end))}"));
            }

            b.Append(string.Create(Invariant,
                $"<g><title>{Escape(s.Name)}</title><path class=\"trace\" d=\"{d}\" fill=\"none\" stroke=\"{Escape(s.Color)}\" stroke-width=\"2\"{DashAttribute(s.Dash)} stroke-linejoin=\"round\"/>"));
            // A dot at each point; a line of one point is its dot alone, so that one is larger.
            var radius = points.Count == 1 ? "4" : "2.5";
            foreach (var p in points)
            {
                b.Append(string.Create(Invariant, $"<circle cx=\"{P(X(p.X))}\" cy=\"{P(Y(p.Y))}\" r=\"{radius}\" fill=\"{Escape(s.Color)}\"/>"));
            }

            b.Append("</g>\n");
        }

        // Legend: one row per line (as many as fit beside the plot), then the reference.
        var rows = lines.Select(l => (l.Series.Name, l.Series.Color, l.Series.Dash)).ToList();
        var room = (int)((bottom - top) / LegendRow) - (known is null ? 0 : 1);
        if (rows.Count > room)
        {
            var more = rows.Count - (room - 1);
            rows = [.. rows.Take(room - 1), (string.Create(Invariant, $"and {more} more"), "none", null)];
        }

        if (known is not null)
        {
            rows.Add((referenceLabel ?? "reference", "#000", "5 4"));
        }

        var ly = top + 6;
        foreach (var (name, color, dash) in rows)
        {
            var lx = right + 18;
            b.Append(string.Create(Invariant,
                $"<line x1=\"{P(lx)}\" y1=\"{P(ly)}\" x2=\"{P(lx + 30)}\" y2=\"{P(ly)}\" stroke=\"{Escape(color)}\" stroke-width=\"2\"{DashAttribute(dash)}/><text x=\"{P(lx + 38)}\" y=\"{P(ly + 4)}\" fill=\"{Ink}\">{Escape(Clip(name, 24))}</text>\n"));
            ly += LegendRow;
        }

        b.Append("</svg>\n");
        return b.ToString();
    }

    /// <summary>
    /// A bar chart of panels, <see cref="BarColumns"/> to a row, each with its own vertical scale (which always
    /// holds 0), its bars labelled with their values and names, and its reference as a dashed black line; a legend
    /// of <paramref name="legend"/> (and the reference, named <paramref name="referenceLabel"/>, when a panel has one)
    /// under the title.
    /// </summary>
    public static string Bars(string title, string yLabel, IReadOnlyList<BarPanel> panels, IReadOnlyList<(string Name, string Color)> legend, string referenceLabel = "reference")
    {
        ArgumentNullException.ThrowIfNull(panels);
        ArgumentNullException.ThrowIfNull(legend);
        var columns = Math.Clamp(panels.Count, 1, BarColumns);
        var rowCount = Math.Max(1, (panels.Count + BarColumns - 1) / BarColumns);
        var height = BarHeader + rowCount * BarRowHeight + 8;
        var panelWidth = (BarWidth - 16.0) / columns;
        var valued = panels.Sum(p => p.Bars.Count(bar => bar.Value is { } v && double.IsFinite(v)));

        var b = new StringBuilder();
        Open(b, "chart bar-chart", string.Create(Invariant, $" data-bars=\"{valued}\""), BarWidth, height, title);
        b.Append(string.Create(Invariant, $"<text x=\"16\" y=\"20\" font-size=\"14\" font-weight=\"bold\" fill=\"{Ink}\">{Escape(Clip(title, 100))}</text>\n"));
        var lx = 16.0;
        for (var i = 0; i < legend.Count; i++)
        {
            var (name, color) = legend[i];
            if (lx + 30 + 6.5 * Math.Min(24, name.Length) > BarWidth - 110)
            {
                b.Append(string.Create(Invariant, $"<text x=\"{P(lx)}\" y=\"44\" fill=\"{Ink}\">and {legend.Count - i} more</text>\n"));
                lx += 80;
                break;
            }

            b.Append(string.Create(Invariant,
                $"<rect x=\"{P(lx)}\" y=\"34\" width=\"12\" height=\"12\" fill=\"{Escape(color)}\"/><text x=\"{P(lx + 17)}\" y=\"44\" fill=\"{Ink}\">{Escape(Clip(name, 24))}</text>\n"));
            lx += 30 + 6.5 * Math.Min(24, name.Length);
        }

        if (panels.Any(p => p.Reference is { } rv && double.IsFinite(rv)))
        {
            b.Append(string.Create(Invariant,
                $"<line x1=\"{P(lx)}\" y1=\"40\" x2=\"{P(lx + 24)}\" y2=\"40\" stroke=\"#000\" stroke-width=\"1.2\" stroke-dasharray=\"5 4\"/><text x=\"{P(lx + 30)}\" y=\"44\" fill=\"{Ink}\">{Escape(referenceLabel)}</text>\n"));
        }

        if (panels.Count == 0)
        {
            b.Append(string.Create(Invariant, $"<text x=\"{BarWidth / 2}\" y=\"{BarHeader + BarRowHeight / 2}\" text-anchor=\"middle\" fill=\"#888\">no runs</text>\n"));
        }

        for (var k = 0; k < panels.Count; k++)
        {
            Panel(b, panels[k], 8 + k % BarColumns * panelWidth, BarHeader + k / BarColumns * BarRowHeight, panelWidth, yLabel);
        }

        b.Append("</svg>\n");
        return b.ToString();
    }

    /// <summary>The chart as a file of its own: the XML declaration, then the chart (which carries its namespace).</summary>
    public static string Standalone(string svg) => "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg;

    /// <summary>
    /// An axis over [<paramref name="min"/>, <paramref name="max"/>] with about <paramref name="target"/> steps:
    /// a nice step (<see cref="NiceStep"/>) and the ticks around the range. One value (or a range too small to
    /// step) is widened first: zero to [0, 1], another value by 10 % of it either side; a non-finite range is [0, 1].
    /// </summary>
    public static ChartAxis Scale(double min, double max, int target = 5)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || !double.IsFinite(max - min))
        {
            (min, max) = (0, 1);
        }

        if (min > max)
        {
            (min, max) = (max, min);
        }

        if (max - min <= Math.Max(Math.Abs(min), Math.Abs(max)) * 1e-12)
        {
            var pad = min == 0 ? 1 : Math.Abs(min) * 0.1;
            (min, max) = min == 0 ? (0, 1) : (min - pad, max + pad);
        }

        var step = NiceStep(max - min, target);
        var decimals = 0;
        while (decimals < 12 && Math.Abs(step * Math.Pow(10, decimals) - Math.Round(step * Math.Pow(10, decimals))) > 1e-9 * Math.Max(1, step * Math.Pow(10, decimals)))
        {
            decimals++;
        }

        var lo = Math.Floor(min / step + 1e-9) * step;
        var hi = Math.Ceiling(max / step - 1e-9) * step;
        return new ChartAxis(Round(lo, decimals), Round(hi, decimals), step, decimals);
    }

    /// <summary>1, 2, 2.5, 5 or 10 times the power of ten at or below <paramref name="span"/> / <paramref name="target"/>: the smallest at or above it.</summary>
    public static double NiceStep(double span, int target)
    {
        if (!(span > 0) || !double.IsFinite(span) || target < 1)
        {
            return 1;
        }

        var raw = span / target;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var f = raw / magnitude;
        var nice = f <= 1 + 1e-9 ? 1 : f <= 2 + 1e-9 ? 2 : f <= 2.5 + 1e-9 ? 2.5 : f <= 5 + 1e-9 ? 5 : 10;
        return nice * magnitude;
    }

    /// <summary>XML escaping for text and attribute values, as the HTML export escapes (<see cref="HtmlExport.Escape"/>).</summary>
    public static string Escape(string? value) => HtmlExport.Escape(value);

    /// <summary><paramref name="value"/> rounded to <paramref name="decimals"/>, thousands separated, invariant culture; never "-0".</summary>
    public static string Number(double value, int decimals) =>
        Round(value, decimals).ToString("N" + decimals.ToString(Invariant), Invariant);

    /// <summary>Rounded to <paramref name="decimals"/> (0..15), with -0 made 0.</summary>
    public static double Round(double value, int decimals)
    {
        var r = Math.Round(value, Math.Clamp(decimals, 0, 15));
        return r == 0 ? 0 : r;
    }

    // A value as a label: whole numbers without decimals, others with two.
    private static string Value(double value) => Number(value, value == Math.Round(value) ? 0 : 2);

    // A coordinate: one decimal, invariant culture.
    private static string P(double value) => Round(value, 1).ToString("0.#", Invariant);

    private static string DashAttribute(string? dash) => dash is null ? "" : $" stroke-dasharray=\"{Escape(dash)}\"";

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "\u2026";

    private static void Open(StringBuilder b, string cssClass, string data, int width, int height, string title)
    {
        b.Append(string.Create(Invariant,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{cssClass}\"{data} width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\" aria-label=\"{Escape(title)}\">\n"));
        b.Append(string.Create(Invariant, $"<title>{Escape(title)}</title>\n<rect width=\"{width}\" height=\"{height}\" fill=\"#fff\"/>\n"));
    }

    private static void YLabel(StringBuilder b, string label, double x, double y) =>
        b.Append(string.Create(Invariant, $"<text x=\"{P(x)}\" y=\"{P(y)}\" transform=\"rotate(-90 {P(x)} {P(y)})\" text-anchor=\"middle\" fill=\"{Ink}\">{Escape(label)}</text>\n"));

    // The plot area: grid lines and labels at the ticks, then the axes.
    private static void Frame(StringBuilder b, ChartAxis x, ChartAxis y, double left, double top, double right, double bottom, Func<double, double> mapX, Func<double, double> mapY)
    {
        b.Append(string.Create(Invariant, $"<rect class=\"plot\" x=\"{P(left)}\" y=\"{P(top)}\" width=\"{P(right - left)}\" height=\"{P(bottom - top)}\" fill=\"#fff\"/>\n"));
        foreach (var t in y.Ticks)
        {
            var v = P(mapY(t));
            b.Append(string.Create(Invariant,
                $"<line x1=\"{P(left)}\" y1=\"{v}\" x2=\"{P(right)}\" y2=\"{v}\" stroke=\"{Grid}\"/><text x=\"{P(left - 6)}\" y=\"{v}\" dy=\"4\" text-anchor=\"end\" fill=\"{Ink}\">{y.Label(t)}</text>\n"));
        }

        foreach (var t in x.Ticks)
        {
            var v = P(mapX(t));
            b.Append(string.Create(Invariant,
                $"<line x1=\"{v}\" y1=\"{P(top)}\" x2=\"{v}\" y2=\"{P(bottom)}\" stroke=\"{Grid}\"/><line x1=\"{v}\" y1=\"{P(bottom)}\" x2=\"{v}\" y2=\"{P(bottom + 4)}\" stroke=\"{Ink}\"/><text x=\"{v}\" y=\"{P(bottom + 16)}\" text-anchor=\"middle\" fill=\"{Ink}\">{x.Label(t)}</text>\n"));
        }

        b.Append(string.Create(Invariant,
            $"<path d=\"M{P(left)} {P(top)} V{P(bottom)} H{P(right)}\" fill=\"none\" stroke=\"{Ink}\"/>\n"));
    }

    private static void Panel(StringBuilder b, BarPanel panel, double ox, double oy, double width, string yLabel)
    {
        double left = ox + 70, right = ox + width - 12, top = oy + 44, bottom = oy + BarRowHeight - 26;
        var reference = panel.Reference is { } r && double.IsFinite(r) ? r : (double?)null;
        var values = panel.Bars.Select(bar => bar.Value).OfType<double>().Where(double.IsFinite).Append(0).ToList();
        if (reference is { } rv)
        {
            values.Add(rv);
        }

        var y = Scale(values.Min(), values.Max());
        double Y(double v) => y.Map(v, bottom, top);
        var caption = reference is { } rc ? $"{panel.Title} (best known {Value(rc)})" : panel.Title;
        b.Append(string.Create(Invariant,
            $"<g><text x=\"{P((left + right) / 2)}\" y=\"{P(oy + 18)}\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"{Ink}\">{Escape(Clip(caption, (int)(width / 7)))}</text>\n"));
        YLabel(b, yLabel, ox + 14, (top + bottom) / 2);
        b.Append(string.Create(Invariant, $"<rect class=\"plot\" x=\"{P(left)}\" y=\"{P(top)}\" width=\"{P(right - left)}\" height=\"{P(bottom - top)}\" fill=\"#fff\"/>\n"));
        foreach (var t in y.Ticks)
        {
            var v = P(Y(t));
            b.Append(string.Create(Invariant,
                $"<line x1=\"{P(left)}\" y1=\"{v}\" x2=\"{P(right)}\" y2=\"{v}\" stroke=\"{Grid}\"/><text x=\"{P(left - 6)}\" y=\"{v}\" dy=\"4\" text-anchor=\"end\" fill=\"{Ink}\">{y.Label(t)}</text>\n"));
        }

        var slot = (right - left) / Math.Max(1, panel.Bars.Count);
        var barWidth = Math.Min(slot * 0.62, 64);
        var zero = Y(0);
        for (var i = 0; i < panel.Bars.Count; i++)
        {
            var bar = panel.Bars[i];
            var cx = left + slot * (i + 0.5);
            if (bar.Value is { } value && double.IsFinite(value))
            {
                var yv = Y(value);
                var (top0, h) = value >= 0 ? (Math.Min(yv, zero - 1), Math.Max(1, zero - yv)) : (zero, Math.Max(1, yv - zero));
                var labelY = value < 0 ? top0 + h + 12 : top0 - 4;
                b.Append(string.Create(Invariant,
                    $"<rect class=\"bar\" x=\"{P(cx - barWidth / 2)}\" y=\"{P(top0)}\" width=\"{P(barWidth)}\" height=\"{P(h)}\" fill=\"{Escape(bar.Color)}\"><title>{Escape(bar.Name)}: {Value(value)}</title></rect>"));
                b.Append(string.Create(Invariant,
                    $"<text x=\"{P(cx)}\" y=\"{P(labelY)}\" text-anchor=\"middle\" fill=\"{Ink}\">{Value(value)}</text>\n"));
            }
            else
            {
                b.Append(string.Create(Invariant, $"<text x=\"{P(cx)}\" y=\"{P(zero - 4)}\" text-anchor=\"middle\" fill=\"#888\">none</text>\n"));
            }

            b.Append(string.Create(Invariant,
                $"<text x=\"{P(cx)}\" y=\"{P(bottom + 14)}\" text-anchor=\"middle\" fill=\"{Ink}\">{Escape(Clip(bar.Name, Math.Max(3, (int)(slot / 6.5))))}</text>\n"));
        }

        if (reference is { } line)
        {
            b.Append(string.Create(Invariant,
                $"<line class=\"reference\" x1=\"{P(left)}\" y1=\"{P(Y(line))}\" x2=\"{P(right)}\" y2=\"{P(Y(line))}\" stroke=\"#000\" stroke-width=\"1.2\" stroke-dasharray=\"5 4\"/>\n"));
        }

        b.Append(string.Create(Invariant,
            $"<path d=\"M{P(left)} {P(top)} V{P(bottom)} H{P(right)}\" fill=\"none\" stroke=\"{Ink}\"/><line x1=\"{P(left)}\" y1=\"{P(zero)}\" x2=\"{P(right)}\" y2=\"{P(zero)}\" stroke=\"{Ink}\"/></g>\n"));
    }
}
