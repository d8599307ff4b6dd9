// Charts drawn as inline SVG from an answer's `chart` data: lines (ranks inverted: 1 at the top) and bars,
// with forecast points, their prediction interval and the method note.
import { el, formatNumber, svg } from "./dom.js";
import { t } from "./i18n.js";

const HEIGHT = 320;
let chartCount = 0;

function niceStep(span, count) {
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

/** The y domain and its ticks. Ranks: whole numbers from 1. Bars: from 0. */
function yAxis(values, isRank, isBar) {
  let low = Math.min(...values);
  let high = Math.max(...values);
  if (isRank) {
    high = Math.max(high, 2);
    const step = Math.max(1, Math.round(niceStep(high - 1, 5)));
    const ticks = [];
    for (let tick = 1; tick <= high; tick += step) ticks.push(tick);
    return { low: 0.5, high: high + 0.5, ticks }; // half a place of room above first and below last
  }
  if (isBar) low = Math.min(0, low);
  if (high === low) high = low + 1;
  const step = niceStep(high - low, 5);
  low = Math.floor(low / step) * step;
  high = Math.ceil(high / step) * step;
  const ticks = [];
  for (let tick = low; tick <= high + step / 2; tick += step) ticks.push(Number(tick.toFixed(10)));
  return { low, high, ticks };
}

function pointTitle(point) {
  let text = `${point.x}: ${formatNumber(point.y)}`;
  if (point.lower !== null && point.lower !== undefined && point.upper !== null && point.upper !== undefined) {
    text += ` (${formatNumber(point.lower)}–${formatNumber(point.upper)})`;
  }
  return point.forecast ? `${text} — ${t("forecastPoint")}` : text;
}

function hasNumber(value) {
  return typeof value === "number" && Number.isFinite(value);
}

/** A <figure> with the chart's title, an SVG drawing of its series, a legend and its note. */
export function renderChart(chart) {
  const id = `chart-${++chartCount}`;
  const isRank = /\brank\b/i.test(chart.y_label || "");
  const isBar = chart.kind === "bar";
  const series = (chart.series || []).map((s) => ({ name: s.name, points: s.points || [] }));
  const categories = [...new Set(series.flatMap((s) => s.points.map((p) => String(p.x))))];
  const values = series.flatMap((s) => s.points.flatMap((p) => [p.y, p.lower, p.upper])).filter(hasNumber);
  const figure = el("figure", { class: "chart" }, el("figcaption", { id: `${id}-title` }, chart.title));
  if (!categories.length || !values.length) return figure;

  // Drawn for the window's width (fonts stay readable on a phone), then scaled with the page.
  const chartWidth = Math.round(Math.min(640, Math.max(340, window.innerWidth - 48)));
  const rotate = categories.length > 5 || categories.some((c) => c.length > 8);
  // Rotated x labels (-35°) reach down and to the left of their point: leave room for the longest.
  const labelWidth = Math.max(...categories.map((c) => c.length)) * 6.2;
  const margin = { top: 24, right: 48, bottom: rotate ? Math.ceil(28 + labelWidth * 0.58) : 48, left: 64 };
  if (rotate) {
    const firstBand = (chartWidth - margin.left - margin.right) / categories.length;
    margin.left = Math.max(margin.left, Math.ceil(labelWidth * 0.82 - firstBand / 2 + 6));
  }
  const plotWidth = chartWidth - margin.left - margin.right;
  const plotHeight = HEIGHT - margin.top - margin.bottom;
  const plotBottom = HEIGHT - margin.bottom;
  const axis = yAxis(values, isRank, isBar);
  const band = plotWidth / categories.length;
  const xAt = (x) => margin.left + (categories.indexOf(String(x)) + 0.5) * band;
  const share = (v) => (v - axis.low) / (axis.high - axis.low);
  const yAt = (v) => margin.top + (isRank ? share(v) : 1 - share(v)) * plotHeight;

  const drawing = svg("svg", {
    viewBox: `0 0 ${chartWidth} ${HEIGHT}`,
    role: "img",
    "aria-labelledby": `${id}-title ${id}-desc`,
    class: isRank ? "rank-chart" : "value-chart",
  });
  drawing.append(svg("desc", { id: `${id}-desc` }, series.map((s) => s.points.map(pointTitle).join("; ")).join(". ")));

  const grid = svg("g", { class: "grid" });
  for (const tick of axis.ticks) {
    const y = yAt(tick);
    grid.append(
      svg("line", { x1: margin.left, x2: chartWidth - margin.right, y1: y, y2: y }),
      svg("text", { x: margin.left - 8, y: y + 4, "text-anchor": "end" }, formatNumber(tick)),
    );
  }
  const xLabels = svg("g", { class: "x-labels" });
  for (const category of categories) {
    const x = xAt(category);
    const y = plotBottom + 16;
    const attrs = rotate
      ? { x, y, "text-anchor": "end", transform: `rotate(-35 ${x} ${y})` }
      : { x, y, "text-anchor": "middle" };
    xLabels.append(svg("text", attrs, category));
  }
  const axes = svg(
    "g",
    { class: "axes" },
    svg("line", { x1: margin.left, x2: margin.left, y1: margin.top, y2: plotBottom }),
    svg("line", { x1: margin.left, x2: chartWidth - margin.right, y1: plotBottom, y2: plotBottom }),
    svg("text", { class: "axis-label", x: 14, y: margin.top + plotHeight / 2, "text-anchor": "middle",
      transform: `rotate(-90 14 ${margin.top + plotHeight / 2})` }, chart.y_label || ""),
  );
  drawing.append(grid, axes, xLabels);
  series.forEach((s, index) => drawing.append(isBar ? bars(s, index, series.length) : line(s, index)));

  function bars(s, index, count) {
    const group = svg("g", { class: `series series-${index % 6}` });
    const width = (band * 0.7) / count;
    for (const point of s.points.filter((p) => hasNumber(p.y))) {
      const x = xAt(point.x) - (band * 0.7) / 2 + index * width;
      const top = Math.min(yAt(point.y), yAt(Math.max(axis.low, 0)));
      const height = Math.abs(yAt(point.y) - yAt(Math.max(axis.low, 0)));
      group.append(
        svg("rect", { class: "bar", x, y: top, width: Math.max(width - 2, 1), height },
          svg("title", {}, pointTitle(point))),
      );
      if (s.points.length <= 12) {
        group.append(svg("text", { class: "value-label", x: x + width / 2, y: top - 4, "text-anchor": "middle" },
          formatNumber(point.y)));
      }
    }
    return group;
  }

  function line(s, index) {
    const group = svg("g", { class: `series series-${index % 6}` });
    const actual = s.points.filter((p) => !p.forecast);
    let path = "";
    let penDown = false;
    for (const point of actual) {
      if (!hasNumber(point.y)) {
        penDown = false; // a gap: an edition without a rank
        continue;
      }
      path += `${penDown ? "L" : "M"}${xAt(point.x).toFixed(1)},${yAt(point.y).toFixed(1)}`;
      penDown = true;
    }
    if (path) group.append(svg("path", { class: "line", d: path }));
    const lastActual = [...actual].reverse().find((p) => hasNumber(p.y));
    for (const point of s.points.filter((p) => p.forecast && hasNumber(p.y))) {
      group.append(forecastMark(point, lastActual));
    }
    for (const point of actual.filter((p) => hasNumber(p.y))) {
      const x = xAt(point.x);
      const y = yAt(point.y);
      group.append(svg("circle", { class: "point", cx: x, cy: y, r: 4 }, svg("title", {}, pointTitle(point))));
      if (s.points.length <= 12) {
        const label = { class: "value-label", x, y: y - 8, "text-anchor": "middle" };
        group.append(svg("text", label, formatNumber(point.y)));
      }
    }
    return group;
  }

  function forecastMark(point, lastActual) {
    const x = xAt(point.x);
    const y = yAt(point.y);
    const group = svg("g", { class: "forecast" });
    if (lastActual) {
      group.append(svg("line", { class: "forecast-line", x1: xAt(lastActual.x), y1: yAt(lastActual.y), x2: x, y2: y }));
    }
    if (hasNumber(point.lower) && hasNumber(point.upper)) {
      const top = yAt(isRank ? point.lower : point.upper);
      const bottom = yAt(isRank ? point.upper : point.lower);
      group.append(
        svg("g", { class: "interval" },
          svg("rect", { class: "interval-band", x: x - 10, y: top, width: 20, height: bottom - top }),
          svg("line", { x1: x, x2: x, y1: top, y2: bottom }),
          svg("line", { x1: x - 8, x2: x + 8, y1: top, y2: top }),
          svg("line", { x1: x - 8, x2: x + 8, y1: bottom, y2: bottom }),
          svg("title", {}, pointTitle(point))),
        svg("text", { class: "value-label interval-label", x: x + 14, y: top + 4 },
          formatNumber(isRank ? point.lower : point.upper)),
        svg("text", { class: "value-label interval-label", x: x + 14, y: bottom + 4 },
          formatNumber(isRank ? point.upper : point.lower)),
      );
    }
    group.append(
      svg("circle", { class: "point forecast-point", cx: x, cy: y, r: 5 }, svg("title", {}, pointTitle(point))),
      svg("text", { class: "value-label forecast-label", x: x + 14, y: y + 4 }, formatNumber(point.y)),
    );
    return group;
  }

  figure.append(drawing, legend(series, isBar));
  if (chart.note) figure.append(el("p", { class: "chart-note" }, chart.note));
  return figure;
}

function legendItem(swatchClass, label) {
  return el("li", {}, el("span", { class: `swatch ${swatchClass}`, "aria-hidden": "true" }), label);
}

function legend(series, isBar) {
  const items = series.map((s, index) => legendItem(`series-${index % 6}`, s.name));
  const forecasts = series.flatMap((s) => s.points.filter((p) => p.forecast));
  if (forecasts.length && !isBar) {
    items.push(legendItem("forecast-swatch", t("forecastPoint")));
  }
  if (forecasts.some((p) => hasNumber(p.lower) && hasNumber(p.upper)) && !isBar) {
    items.push(legendItem("interval-swatch", t("intervalLegend")));
  }
  return el("ul", { class: "legend" }, items);
}
