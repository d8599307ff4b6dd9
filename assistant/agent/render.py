"""Answer text in English or Chinese from one analytics result (a JSON-ready dict).

Every number written here is a field of the result, as the tool returned it. Each renderer also returns
the terms (city names) a citation should contain to hold the fact, and chart data where a series is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from assistant import names
from assistant.agent.language import Language


@dataclass
class Rendered:
    text: str
    terms: list[str] = field(default_factory=list)
    chart: dict[str, Any] | None = None


def city(name: str, lang: Language) -> str:
    return names.display_name("city", name, lang)


def index_name(family: str, lang: Language) -> str:
    return names.display_name("index", family, lang)


def metric_name(metric: str, lang: Language) -> str:
    return names.display_name("metric", metric, lang)


def place(rank: int, lang: Language) -> str:
    if lang == "zh":
        return f"第{rank}名"
    suffix = "th" if 10 <= rank % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    return f"{rank}{suffix}"


def number(value: float) -> str:
    """A value as the data holds it: no trailing .0, no rounding."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def rounded(value: float) -> str:
    """A computed value shown to two decimals (the grounding check allows rounding to what is shown)."""
    return f"{value:.2f}"


def _join(items: list[str], lang: Language) -> str:
    return ("、" if lang == "zh" else ", ").join(items)


def _standing(row: dict[str, Any], lang: Language) -> str:
    if row.get("rank") is not None:
        text = place(row["rank"], lang)
    elif row.get("tier") is not None:
        text = (
            f"第{row['tier']}梯队（具体名次未公布）"
            if lang == "zh"
            else f"tier {row['tier']} (exact rank not published)"
        )
    else:
        text = "名次未公布" if lang == "zh" else "rank not published"
    if row.get("score") is not None:
        text += f"，评分{number(row['score'])}" if lang == "zh" else f", rating {number(row['score'])}"
    return text


def _standing_or_absent(row: dict[str, Any], lang: Language) -> str:
    if row.get("status") == "not listed":
        return "未上榜" if lang == "zh" else "not listed"
    return _standing(row, lang)


def _edition_label(family: str, edition: str, lang: Language) -> str:
    return f"{index_name(family, lang)}（{edition}）" if lang == "zh" else f"the {index_name(family, lang)} {edition}"


def _notes(result: dict[str, Any], lang: Language) -> str:
    notes = [*result.get("notes", []), *result.get("assumptions", [])]
    if not notes:
        return ""
    return ("\n注：" if lang == "zh" else "\nNote: ") + " ".join(notes)


def render_ranking(result: dict[str, Any], lang: Language) -> Rendered:
    rows = result["rows"]
    ranked = [f"{place(r['rank'], lang)} {city(r['city'], lang)}" for r in rows if r["rank"] is not None]
    tiers: dict[int, list[str]] = {}
    for row in rows:
        if row["rank"] is None and row["tier"] is not None:
            tiers.setdefault(row["tier"], []).append(city(row["city"], lang))
    label = _edition_label(result["index_family"], result["edition"], lang)
    parts = [f"{label}：" + _join(ranked, lang) + "。" if lang == "zh" else f"In {label}: {_join(ranked, lang)}."]
    if not ranked:
        parts = [f"{label}：" if lang == "zh" else f"In {label}:"]
    for tier, cities in tiers.items():
        parts.append(
            f"第{tier}梯队（梯队内顺序未公布）：{_join(cities, lang)}。"
            if lang == "zh"
            else f"Tier {tier} (order within the tier not published): {_join(cities, lang)}."
        )
    terms = [row["city"] for row in rows[:5]]
    return Rendered(" ".join(parts) + _notes(result, lang), terms)


def render_city_rank(result: dict[str, Any], lang: Language, wants_score: bool = False) -> Rendered:
    rows = result["rows"] if len(result["rows"]) <= 6 else result["latest"]
    name = city(result["city"], lang)
    lines = [f"- {_edition_label(r['index_family'], r['edition'], lang)}: {_standing(r, lang)}" for r in rows]
    head = f"{name}的排名：" if lang == "zh" else f"{name}'s places:"
    if len(rows) < len(result["rows"]):
        head = f"{name}在各指数最新一期的排名：" if lang == "zh" else f"{name} in the latest edition of each index:"
    text = head + "\n" + "\n".join(lines)
    if wants_score and all(r["score"] is None for r in rows):
        text += (
            "\n这些排名没有公布城市得分，只有名次或梯队。"
            if lang == "zh"
            else "\nNo score was published for these rankings: the sources give ranks or tiers only."
        )
    return Rendered(text + _notes(result, lang), [result["city"]])


def render_rank_history(result: dict[str, Any], lang: Language) -> Rendered:
    steps = []
    for point in result["points"]:
        standing = (
            _standing(point, lang) if point["status"] != "not listed" else ("未上榜" if lang == "zh" else "not listed")
        )
        change = point.get("change")
        if change:
            moved = (
                (f"上升{change}位" if change > 0 else f"下降{-change}位")
                if lang == "zh"
                else (f"up {change}" if change > 0 else f"down {-change}")
            )
            standing += f"（{moved}）" if lang == "zh" else f" ({moved})"
        steps.append(f"{point['edition']}: {standing}")
    name, label = city(result["city"], lang), index_name(result["index_family"], lang)
    text = (f"{name}在{label}中的排名轨迹：" if lang == "zh" else f"{name} in the {label}: ") + " → ".join(steps)
    net = result.get("net_change")
    if net is not None:
        text += (
            f"。从首个到最近一个有名次的版本，净变化{net:+d}位（正数为上升）。"
            if lang == "zh"
            else f". Net change from the first to the last ranked edition: {net:+d} places (positive = a rise)."
        )
    points = [{"x": p["edition"], "y": p["rank"]} for p in result["points"]]
    chart = {
        "kind": "line",
        "title": f"{result['city']} — {label}",
        "x_label": "edition",
        "y_label": "rank",
        "series": [{"name": result["city"], "points": points}],
        "note": "Lower is better; gaps are editions without a rank.",
    }
    return Rendered(text + _notes(result, lang), [result["city"]], chart)


def render_compare(result: dict[str, Any], lang: Language) -> Rendered:
    parts = [f"{city(e['city'], lang)}: {_standing_or_absent(e, lang)}" for e in result["entries"]]
    label = _edition_label(result["index_family"], result["edition"], lang)
    text = (f"{label}对比：" if lang == "zh" else f"In {label}: ") + ("；" if lang == "zh" else "; ").join(parts) + "."
    return Rendered(text + _notes(result, lang), [e["city"] for e in result["entries"]])


def render_consensus(result: dict[str, Any], lang: Language) -> Rendered:
    entries = result["entries"][:10]
    items = [
        f"{e['consensus_rank']}. {city(e['city'], lang)} ({e['mean_normalised_rank']:.3f}, {e['indices_counted']})"
        for e in entries
    ]
    used = _join([f"{index_name(f, lang)} {ed}" for f, ed in result["editions_used"].items()], lang)
    method = result.get("method") or ""
    text = (
        f"跨指数综合排名（括号内：平均归一化名次，0为最好；计入的指数数量）：{_join(items, lang)}。"
        f"使用的版本：{used}。方法：{method}"
        if lang == "zh"
        else f"Consensus ranking (in brackets: mean normalised rank, 0 = top; indices counted): {_join(items, lang)}. "
        f"Editions used: {used}. Method: {method}"
    )
    return Rendered(text + _notes(result, lang), [e["city"] for e in entries[:2]])


def render_movers(result: dict[str, Any], lang: Language) -> Rendered:
    def moves(items: list[dict[str, Any]]) -> str:
        return (
            _join(
                [f"{city(m['city'], lang)} {m['change']:+d} ({m['from_rank']} → {m['to_rank']})" for m in items],
                lang,
            )
            or "—"
        )

    label = index_name(result["index_family"], lang)
    span = f"{result['from_edition']} → {result['to_edition']}"
    entered = _join([city(c, lang) for c in result["only_in_to"]], lang) or "—"
    left = _join([city(c, lang) for c in result["only_in_from"]], lang) or "—"
    text = (
        f"{label} {span}：上升：{moves(result['rises'])}；下降：{moves(result['falls'])}；"
        f"不变：{moves(result['unchanged'])}；新上榜：{entered}；跌出已知榜单：{left}。"
        if lang == "zh"
        else f"{label}, {span}: rises: {moves(result['rises'])}; falls: {moves(result['falls'])}; "
        f"unchanged: {moves(result['unchanged'])}; new in the known list: {entered}; no longer in it: {left}."
    )
    terms = [m["city"] for m in (result["rises"] + result["falls"])[:2]]
    return Rendered(text + _notes(result, lang), terms)


def render_metric(result: dict[str, Any], lang: Language) -> Rendered:
    lines = []
    for row in result["rows"]:
        figure = (
            f"{number(row['value'])} {row['unit']}"
            if row["value"] is not None
            else ("未给出数字" if lang == "zh" else "no figure given")
        )
        kind = (
            {"actual": "实际值", "forecast": "预测值", "qualitative": "定性"}[row["kind"]]
            if lang == "zh"
            else row["kind"]
        )
        extra = f"; {row['note']}" if row.get("note") else ""
        lines.append(
            f"- {city(row['geography'], lang)}, {row['period']}: {figure} ({kind}{extra}; source: {row['source']})"
        )
    text = f"{metric_name(result['metric'], lang)}：\n" if lang == "zh" else f"{metric_name(result['metric'], lang)}:\n"
    chart = None
    numeric = [r for r in result["rows"] if r["value"] is not None]
    halves = [r for r in numeric if "-H" in r["period"]]
    numeric = max((halves, [r for r in numeric if "-H" not in r["period"]]), key=len)  # never mix period lengths
    if len(numeric) >= 3 and len({r["geography"] for r in numeric}) == 1:
        chart = {
            "kind": "bar",
            "title": result["metric_name"],
            "x_label": "period",
            "y_label": numeric[0]["unit"],
            "series": [
                {
                    "name": numeric[0]["geography"],
                    "points": [{"x": r["period"], "y": r["value"]} for r in numeric],
                }
            ],
        }
    return Rendered(text + "\n".join(lines) + _notes(result, lang), [r["geography"] for r in result["rows"][:1]], chart)


def render_forecast(result: dict[str, Any], lang: Language) -> Rendered:
    unit, point = result["unit"], rounded(result["point_forecast"])
    interval = ""
    if result.get("lower") is not None and result.get("upper") is not None:
        level = f"{result['interval_level'] * 100:g}% " if result.get("interval_level") else ""
        interval = (
            f"，{level}预测区间 {rounded(result['lower'])} 至 {rounded(result['upper'])}"
            if lang == "zh"
            else f", {level}prediction interval {rounded(result['lower'])} to {rounded(result['upper'])}"
        )
    used = _join([f"{p['period']}: {number(p['value'])}" for p in result["points_used"]], lang)
    name, geo = metric_name(result["metric"], lang), city(result["geography"], lang)
    text = (
        f"{geo}{name}在{result['target_period']}的预测值：{point} {unit}（方法：{result['method_id']}{interval}）。"
        f"依据的数据点：{used}。方法说明：{result.get('method') or ''}"
        if lang == "zh"
        else f"Forecast of {name} ({geo}) for {result['target_period']}: {point} {unit} "
        f"(method: {result['method_id']}{interval}). Points used: {used}. Method: {result.get('method') or ''}"
    )
    points = [{"x": p["period"], "y": p["value"]} for p in result["points_used"]]
    points.append(
        {
            "x": result["target_period"],
            "y": result["point_forecast"],
            "lower": result.get("lower"),
            "upper": result.get("upper"),
            "forecast": True,
        }
    )
    chart = {
        "kind": "line",
        "title": f"{result['metric_name']} — {result['geography']}",
        "x_label": "period",
        "y_label": unit,
        "series": [{"name": result["metric_name"], "points": points}],
        "note": " ".join([f"{result['method_id']}: {result.get('method') or ''}", *result.get("assumptions", [])]),
    }
    return Rendered(text + _notes(result, lang), [result["geography"]], chart)


RENDERERS: dict[str, Callable[..., Rendered]] = {
    "ranking": render_ranking,
    "city_rank": render_city_rank,
    "rank_history": render_rank_history,
    "compare": render_compare,
    "consensus_ranking": render_consensus,
    "movers": render_movers,
    "metric": render_metric,
    "forecast": render_forecast,
}
