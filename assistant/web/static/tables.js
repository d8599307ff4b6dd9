// Tool results as tables: one layout per analytics tool, with the method, assumptions and notes below.
import { el, formatNumber, signed } from "./dom.js";
import { t } from "./i18n.js";

const dash = "—";

function orNot(value, status) {
  if (value !== null && value !== undefined) return formatNumber(value);
  return status === "not published" ? t("notPublished") : dash;
}

function rankCell(row) {
  if (row.rank !== null && row.rank !== undefined) return String(row.rank);
  return row.rank_status === "not published" ? t("notPublished") : dash;
}

const status = (value) => t(`status.${value}`);

/** For each tool: [column labels, rows of cell values]. */
const LAYOUTS = {
  ranking: (r) => [
    [t("rank"), t("tier"), t("city"), t("score")],
    r.rows.map((row) => [rankCell(row), row.tier ?? dash, row.city, orNot(row.score, row.score_status)]),
  ],
  city_rank: (r) => [
    [t("index"), t("edition"), t("rank"), t("tier"), t("score")],
    r.rows.map((row) => [
      row.index_name, row.edition, rankCell(row), row.tier ?? dash, orNot(row.score, row.score_status),
    ]),
  ],
  rank_history: (r) => [
    [t("edition"), t("status"), t("rank"), t("tier"), t("change")],
    r.points.map((p) => [p.edition, status(p.status), p.rank ?? dash, p.tier ?? dash, signed(p.change) || dash]),
  ],
  compare: (r) => [
    [t("city"), t("status"), t("rank"), t("tier"), t("score"), t("behindBest")],
    r.entries.map((e) => [
      e.city, status(e.status), e.rank ?? dash, e.tier ?? dash, orNot(e.score, e.score_status),
      e.places_behind_best ?? dash,
    ]),
  ],
  consensus_ranking: (r) => [
    [t("consensusRank"), t("city"), t("meanRank"), t("indicesCounted")],
    r.entries.map((e) => [e.consensus_rank, e.city, e.mean_normalised_rank.toFixed(3), e.indices_counted]),
  ],
  movers: (r) => [
    [t("city"), t("movement"), t("from"), t("to"), t("change")],
    [
      ...r.rises.map((m) => [m.city, t("rise"), m.from_rank, m.to_rank, signed(m.change)]),
      ...r.falls.map((m) => [m.city, t("fall"), m.from_rank, m.to_rank, signed(m.change)]),
      ...r.unchanged.map((m) => [m.city, t("unchanged"), m.from_rank, m.to_rank, "0"]),
    ],
  ],
  metric: (r) => [
    [t("geography"), t("period"), t("value"), t("unit"), t("kind"), t("source")],
    r.rows.map((row) => [
      row.geography, row.period, orNot(row.value, row.value_status), row.unit ?? dash, t(`kind.${row.kind}`),
      row.source,
    ]),
  ],
  forecast: (r) => [
    [t("period"), t("value"), t("kind"), t("source")],
    [
      ...r.points_used.map((p) => [p.period, formatNumber(p.value), t(`kind.${p.kind}`), p.source]),
      [r.target_period, forecastCell(r), t("forecastPoint"), `${t("method")}: ${r.method_id}`],
    ],
  ],
  calculate: (r) => [
    [t("operand"), t("value"), t("unit"), t("period"), t("source")],
    [
      ...r.inputs.map((v) => [v.label, formatNumber(v.value), v.unit ?? dash, v.period ?? dash, v.source ?? dash]),
      [t("computedResult"), formatNumber(r.result), r.unit ?? dash, dash, r.method ?? dash],
    ],
  ],
  search_reports: (r) => [
    [t("document"), t("section")],
    r.hits.map((hit) => [hit.title, hit.section ?? dash]),
  ],
};

function forecastCell(r) {
  const point = `${formatNumber(r.point_forecast)} ${r.unit}`;
  if (r.lower === null || r.upper === null) return point;
  const level = r.interval_level ? `${formatNumber(r.interval_level * 100)}% ` : "";
  return `${point} (${t("interval", { level, lower: formatNumber(r.lower), upper: formatNumber(r.upper) })})`;
}

function table(caption, columns, rows) {
  return el(
    "div",
    { class: "table-scroll", tabindex: "0", role: "region", "aria-label": caption },
    el(
      "table",
      { class: "data-table" },
      el("caption", { class: "visually-hidden" }, caption),
      el("thead", {}, el("tr", {}, columns.map((c) => el("th", { scope: "col" }, c)))),
      el("tbody", {}, rows.map((cells) => el("tr", {}, cells.map((c) => el("td", {}, String(c ?? dash)))))),
    ),
  );
}

function explanation(result) {
  const parts = [];
  if (result.method) parts.push(el("p", {}, el("strong", {}, `${t("method")}: `), result.method));
  for (const [key, list] of [["assumptions", result.assumptions], ["notes", result.notes]]) {
    if (list && list.length) {
      parts.push(el("p", {}, el("strong", {}, `${t(key)}:`)), el("ul", {}, list.map((x) => el("li", {}, x))));
    }
  }
  for (const [key, cities] of [["newInList", result.only_in_to], ["leftList", result.only_in_from]]) {
    if (cities && cities.length) parts.push(el("p", {}, t(key, { cities: cities.join(", ") })));
  }
  return parts.length ? el("div", { class: "tool-notes" }, parts) : null;
}

function describeArguments(args) {
  return Object.entries(args || {})
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([key, value]) => `${key}: ${typeof value === "object" ? JSON.stringify(value) : value}`)
    .join(", ");
}

/** A <details> block for one tool call: its name and arguments, its result as a table, and its notes. */
export function renderToolCall(call) {
  const title = t(`tool.${call.name}`) === `tool.${call.name}` ? call.name : t(`tool.${call.name}`);
  const open = call.name !== "search_reports";
  const details = el(
    "details",
    { class: `tool-call tool-${call.name}`, "data-tool": call.name, open },
    el("summary", {}, el("span", { class: "tool-name" }, title), " ",
      el("span", { class: "tool-args" }, describeArguments(call.arguments))),
  );
  const result = call.result;
  if (result && typeof result === "object" && typeof result.error === "string") {
    details.append(el("p", { class: "tool-error", role: "note" }, result.error));
    return details;
  }
  const layout = LAYOUTS[call.name];
  if (layout && result) {
    try {
      const [columns, rows] = layout(result);
      details.append(table(title, columns, rows), explanation(result) || "");
      return details;
    } catch (error) {
      console.warn(`Unexpected ${call.name} result`, error);
    }
  }
  details.append(el("pre", { class: "raw-result" }, JSON.stringify(result, null, 2)));
  return details;
}
