#!/usr/bin/env bash
# Checks in a headless browser that the charts of a bench report render.
#
#   bench/check-report.sh DIR [OUT.png]
#
# DIR is a `scheduler bench --out DIR` folder (report.html and results.json); OUT.png, DIR/report.png by default,
# receives the screenshot, to look at.
#
# Needs bash, python3 (standard library only) and Chromium. When neither `chromium` nor `chromium-browser` is on
# the PATH it runs `apt-get install -y chromium` (Debian's package; needs root and the network). Chromium runs with
# --no-sandbox, so that it also runs as root in a container. Set CHROMIUM to use another browser binary.
#
# It loads DIR/report.html from disk in headless Chromium, 1400 px wide:
#  1. A copy with a probe script added (the report has no script) is loaded with --dump-dom. The probe measures
#     every chart (svg.chart), its plot areas (rect.plot), its lines (path.trace) and bars (rect.bar) as laid out,
#     and the page's height. Then: one line chart per instance of DIR/results.json, titled with it, and one bar
#     chart; each line chart has a line for each run with a trace and each bar chart a bar for each instance and
#     strategy with a schedule, as many as the chart says (data-series, data-bars); every line has a path, and
#     every line and bar has a size and lies inside a plot area.
#  2. The report itself is loaded with --screenshot (as tall as the page, at least 3000 px). The PNG is decoded
#     (zlib) and must not be blank; in each chart's box there must be dark pixels (axes, ticks, labels), and in its
#     plot areas pixels of the colour of each of its lines and bars.
# Exit codes: 0 every chart rendered; 1 one did not (each failure on its own line); 2 bad use or no browser.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: $0 DIR [OUT.png]" >&2
    exit 2
fi

if [[ ! -d $1 ]]; then
    echo "check-report: no folder $1" >&2
    exit 2
fi
dir=$(cd "$1" && pwd)
out=${2:-$dir/report.png}
if [[ ! -f $dir/report.html || ! -f $dir/results.json ]]; then
    echo "check-report: $dir has no report.html and results.json (run 'scheduler bench --out $1' first)" >&2
    exit 2
fi

browser=${CHROMIUM:-}
if [[ -z $browser ]]; then
    browser=$(command -v chromium || command -v chromium-browser || true)
fi
if [[ -z $browser ]]; then
    if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
        echo "check-report: no chromium on the PATH; install it (Debian: apt-get install -y chromium, as root) or set CHROMIUM" >&2
        exit 2
    fi
    echo "check-report: installing chromium (apt-get install -y chromium)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >/dev/null \
        || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >/dev/null; }
    browser=$(command -v chromium)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

file_url() {
    python3 -c 'import pathlib, sys; print(pathlib.Path(sys.argv[1]).resolve().as_uri())' "$1"
}

run_browser() {
    timeout 180 "$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars \
        --no-first-run --no-default-browser-check --force-device-scale-factor=1 --user-data-dir="$work/profile" "$@" \
        2>>"$work/browser.log"
}

# 1. The probe: the report with a script at its end that writes its measurements into the page.
python3 - "$dir/report.html" "$work/probe.html" <<'PY'
import sys
page = open(sys.argv[1], encoding="utf-8").read()
probe = """<script>
(function () {
  function box(e) { var r = e.getBoundingClientRect(); return [r.left + scrollX, r.top + scrollY, r.width, r.height]; }
  var out = { height: document.documentElement.scrollHeight, charts: [] };
  document.querySelectorAll("svg.chart").forEach(function (svg) {
    var line = svg.classList.contains("line-chart");
    var title = svg.querySelector("title");
    var chart = { kind: line ? "line" : "bar", title: title ? title.textContent : "", box: box(svg),
      declared: Number(svg.getAttribute(line ? "data-series" : "data-bars")),
      plots: Array.prototype.map.call(svg.querySelectorAll("rect.plot"), box), marks: [] };
    svg.querySelectorAll("path.trace").forEach(function (p) {
      chart.marks.push({ color: p.getAttribute("stroke"), d: (p.getAttribute("d") || "").trim(), box: box(p.parentNode) });
    });
    svg.querySelectorAll("rect.bar").forEach(function (r) {
      chart.marks.push({ color: r.getAttribute("fill"), d: "rect", box: box(r) });
    });
    out.charts.push(chart);
  });
  var pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>
"""
at = page.rfind("</body>")
if at < 0:
    sys.exit("check-report: report.html has no </body>")
open(sys.argv[2], "w", encoding="utf-8").write(page[:at] + probe + page[at:])
PY

if ! run_browser --window-size=1400,3000 --dump-dom "$(file_url "$work/probe.html")" >"$work/dom.html" || [[ ! -s $work/dom.html ]]; then
    echo "check-report: chromium did not load the report (its log follows)" >&2
    tail -n 20 "$work/browser.log" >&2
    exit 1
fi

height=$(python3 -c '
import html, json, re, sys
m = re.search(r"<pre id=\"probe\">(.*?)</pre>", open(sys.argv[1], encoding="utf-8").read(), re.S)
print(min(max(3000, json.loads(html.unescape(m.group(1)))["height"]), 16000) if m else 3000)' "$work/dom.html")

# 2. The screenshot of the report itself.
rm -f "$out"
if ! run_browser --window-size="1400,$height" --screenshot="$out" "$(file_url "$dir/report.html")" >/dev/null || [[ ! -s $out ]]; then
    echo "check-report: chromium wrote no screenshot (its log follows)" >&2
    tail -n 20 "$work/browser.log" >&2
    exit 1
fi

python3 - "$dir/results.json" "$work/dom.html" "$out" <<'PY'
import html, json, math, re, struct, sys, zlib

results_path, dom_path, png_path = sys.argv[1:4]
failures = []

def fail(message):
    failures.append(message)

# What the report should draw: per instance a line for each run with a trace point, a bar for each strategy with a schedule.
runs = json.load(open(results_path, encoding="utf-8"))
instances = sorted({r["instance"] for r in runs})
def has_point(run):
    return any(isinstance(p, list) and len(p) >= 2 and all(isinstance(v, (int, float)) and math.isfinite(v) for v in p[:2]) for p in run.get("trace") or [])
lines = {i: sum(1 for r in runs if r["instance"] == i and has_point(r)) for i in instances}
bars = len({(r["instance"], r["strategy"]) for r in runs if r.get("objective") is not None})

dom = open(dom_path, encoding="utf-8").read()
m = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
if not m:
    print("check-report: the probe found nothing: the page did not load", file=sys.stderr)
    sys.exit(1)
probe = json.loads(html.unescape(m.group(1)))
charts = probe["charts"]
line_charts = [c for c in charts if c["kind"] == "line"]
bar_charts = [c for c in charts if c["kind"] == "bar"]

# 1. The DOM as laid out.
titles = [c["title"] for c in line_charts]
for i in instances:
    if titles.count(f"{i}: objective over time") != 1:
        fail(f"instance {i}: expected one objective-over-time chart, found {titles.count(f'{i}: objective over time')}")
if len(line_charts) != len(instances):
    fail(f"expected {len(instances)} objective-over-time charts (one per instance), found {len(line_charts)}")
if len(bar_charts) != 1:
    fail(f"expected one best-objective bar chart, found {len(bar_charts)}")

def inside(b, plots, slack=4.0):
    x, y, w, h = b
    return any(x >= px - slack and y >= py - slack and x + w <= px + pw + slack and y + h <= py + ph + slack for px, py, pw, ph in plots)

for c in charts:
    name = c["title"] or c["kind"] + " chart"
    if c["box"][2] <= 0 or c["box"][3] <= 0:
        fail(f"{name}: the chart has no size")
    if not c["plots"]:
        fail(f"{name}: no plot area")
    expected = None
    if c["kind"] == "line":
        instance = c["title"].rsplit(": objective over time", 1)[0]
        expected = lines.get(instance)
    else:
        expected = bars
    if expected is not None and (c["declared"] != expected or len(c["marks"]) != expected):
        fail(f"{name}: expected {expected} {'lines' if c['kind'] == 'line' else 'bars'}, the chart declares {c['declared']} and draws {len(c['marks'])}")
    for k, mark in enumerate(c["marks"]):
        what = f"{name}: {'line' if c['kind'] == 'line' else 'bar'} {k + 1}"
        if not mark["d"].startswith(("M", "rect")):
            fail(f"{what}: empty path")
        if mark["box"][2] <= 0 and mark["box"][3] <= 0:
            fail(f"{what}: nothing drawn (zero size)")
        if not inside(mark["box"], c["plots"]):
            fail(f"{what}: outside the plot area ({[round(v, 1) for v in mark['box']]})")

# 2. The screenshot: decode the PNG (8-bit RGB or RGBA, not interlaced) with zlib.
def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, chunks, header = 8, [], None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + n
    width, height, depth, color, _, _, interlace = header
    if depth != 8 or color not in (2, 6) or interlace:
        raise ValueError(f"unsupported PNG (depth {depth}, colour type {color}, interlace {interlace})")
    bpp = 3 if color == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * bpp
    rows, prev = [], bytes(stride)
    mask = (255).__and__
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)]
        if f == 0:
            cur = line
        elif f == 1:
            cur = bytearray(stride)
            for k in range(bpp):
                acc, out = 0, []
                for v in line[k::bpp]:
                    acc = (acc + v) & 255
                    out.append(acc)
                cur[k::bpp] = bytes(out)
            cur = bytes(cur)
        elif f == 2:
            cur = bytes(map(mask, map(int.__add__, line, prev)))
        elif f == 3:
            cur = bytearray(stride)
            for i in range(stride):
                a = cur[i - bpp] if i >= bpp else 0
                cur[i] = (line[i] + ((a + prev[i]) >> 1)) & 255
            cur = bytes(cur)
        elif f == 4:
            cur = bytearray(stride)
            for i in range(stride):
                b = prev[i]
                if i >= bpp:
                    a, c = cur[i - bpp], prev[i - bpp]
                else:
                    a = c = 0
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                cur[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            cur = bytes(cur)
        else:
            raise ValueError(f"bad filter {f} in row {y}")
        rows.append(cur)
        prev = cur
    return width, height, bpp, rows

try:
    width, height, bpp, rows = read_png(png_path)
except (OSError, ValueError, zlib.error, TypeError, struct.error) as e:
    print(f"check-report: cannot read the screenshot {png_path}: {e}", file=sys.stderr)
    sys.exit(1)

def pixels(x0, y0, w, h):
    x0, y0 = max(0, int(x0)), max(0, int(y0))
    x1, y1 = min(width, int(math.ceil(x0 + w))), min(height, int(math.ceil(y0 + h)))
    for y in range(y0, y1):
        row = rows[y]
        for x in range(x0, x1):
            yield row[x * bpp], row[x * bpp + 1], row[x * bpp + 2]

white = b"\xff" * (width * bpp)
blank_rows = sum(1 for r in rows if r == white)
if blank_rows == height:
    fail("the screenshot is blank (all white)")
inked = sum(1 for r in rows for v in r[::bpp * 7] if v < 200)  # a sample: every 7th pixel's red
if inked < 500:
    fail(f"the screenshot is almost blank ({inked} dark pixels sampled)")

def colour(text):
    text = (text or "").strip()
    return tuple(int(text[i:i + 2], 16) for i in (1, 3, 5)) if re.fullmatch(r"#[0-9a-fA-F]{6}", text) else None

shown = 0
for c in charts:
    name = c["title"] or c["kind"] + " chart"
    x, y, w, h = c["box"]
    if y + h > height:
        print(f"check-report: {name} is below the screenshot ({height} px); its pixels are not checked", file=sys.stderr)
        continue
    shown += 1
    dark = sum(1 for p in pixels(x, y, w, h) if max(p) < 110)
    if dark < 150:
        fail(f"{name}: hardly any dark pixels ({dark}): axes and labels did not render")
    wanted = {}
    for mark in c["marks"]:
        rgb = colour(mark["color"])
        if rgb:
            wanted[rgb] = 0
    for plot in c["plots"]:
        for p in pixels(*plot):
            for rgb in wanted:
                if abs(p[0] - rgb[0]) <= 40 and abs(p[1] - rgb[1]) <= 40 and abs(p[2] - rgb[2]) <= 40:
                    wanted[rgb] += 1
    for rgb, count in wanted.items():
        if count < 8:
            fail(f"{name}: {count} pixels of colour #{rgb[0]:02x}{rgb[1]:02x}{rgb[2]:02x} in the plot area: its lines or bars did not render")
    print(f"{name}: {len(c['marks'])} {'lines' if c['kind'] == 'line' else 'bars'}, {dark} dark pixels, "
          + ", ".join(f"#{r:02x}{g:02x}{b:02x} {n} px" for (r, g, b), n in wanted.items()))

if failures:
    for f in failures:
        print(f"check-report: FAIL: {f}", file=sys.stderr)
    sys.exit(1)
print(f"check-report: OK: {len(line_charts)} objective-over-time charts and {len(bar_charts)} bar chart rendered ({shown} checked in the {width}x{height} screenshot {png_path})")
PY
