// One turn of a conversation: the question, the answer as it streams in, then the finished answer with
// citations, tool tables, chart, engine, grounding warning, copy and feedback.
import { renderActions } from "./actions.js";
import { renderChart } from "./chart.js";
import { el } from "./dom.js";
import { inLanguage, t } from "./i18n.js";
import { renderToolCall } from "./tables.js";

let turnCount = 0;

function engineLabel(engine) {
  if (engine === "offline") return t("engineOffline");
  if (engine.startsWith("offline")) return t("engineFallback");
  return t("engineLlm", { name: engine });
}

function engineKind(engine) {
  if (engine === "offline") return "offline";
  return engine.startsWith("offline") ? "fallback" : "llm";
}

const langAttribute = (lang) => (lang === "zh" ? "zh-CN" : "en");

/** The view of one turn, appended to `container`; fill it with delta()/tool() then finish() or fail(). */
export class TurnView {
  constructor(container, question, lang) {
    this.id = `turn-${++turnCount}`;
    this.lang = lang;
    this.streamed = el("div", { class: "answer-text streaming" });
    this.status = el("p", { class: "answer-status" }, inLanguage(lang, () => t("thinking")));
    this.answerBox = el("section", { class: "answer", "aria-busy": "true", lang: langAttribute(lang) },
      el("h3", { class: "visually-hidden" }, inLanguage(lang, () => t("assistant"))), this.status, this.streamed);
    this.root = el(
      "article",
      { class: "turn", id: this.id },
      el("div", { class: "question" }, el("h3", { class: "visually-hidden" }, inLanguage(lang, () => t("you"))),
        el("p", { class: "question-text" }, question)),
      this.answerBox,
    );
    container.append(this.root);
  }

  /** A tool call arrived (before the text). */
  tool(call) {
    this.status.textContent = inLanguage(this.lang, () => t("usingTool", { name: t(`tool.${call.name}`) }));
  }

  /** A piece of the answer text: appended as its own text node. */
  delta(text) {
    this.streamed.append(document.createTextNode(text));
  }

  /** The stream failed or the request was refused. */
  fail(message) {
    this.answerBox.setAttribute("aria-busy", "false");
    this.status.remove();
    this.answerBox.append(el("p", { class: "error", role: "alert" }, message));
  }

  /** Replace the streamed text with the full answer (turnIndex: its position in the conversation). */
  finish(answer, turnIndex) {
    this.lang = answer.language;
    this.root.dataset.turnIndex = String(turnIndex);
    const box = inLanguage(answer.language, () => this.renderAnswer(answer, turnIndex));
    this.answerBox.replaceWith(box);
    this.answerBox = box;
  }

  renderAnswer(answer, turnIndex) {
    const meta = el("p", { class: "answer-meta" },
      el("span", { class: `engine engine-${engineKind(answer.engine)}` }, engineLabel(answer.engine)),
      answer.answered ? null : el("span", { class: "not-answered" }, t("notAnswered")));
    const warning = answer.grounded ? null : el("div", { class: "warning", role: "note" },
      t("notGrounded", { numbers: answer.flagged_numbers.join(", ") || "?" }));
    const tools = answer.tool_calls.length
      ? el("section", { class: "tools" }, el("h4", {}, t("toolsUsed")), answer.tool_calls.map(renderToolCall))
      : null;
    const sources = answer.citations.length
      ? el("section", { class: "sources" }, el("h4", {}, t("sources")),
        el("ol", {}, answer.citations.map((c) => this.renderSource(c))))
      : null;
    return el("section", { class: "answer", "aria-busy": "false", lang: langAttribute(answer.language) },
      el("h3", { class: "visually-hidden" }, t("assistant")),
      meta, warning, this.renderText(answer), answer.chart ? renderChart(answer.chart) : null, tools, sources,
      renderActions(answer, turnIndex, this.id));
  }

  /** The answer text; each [n] with a citation becomes a button that opens that passage. */
  renderText(answer) {
    const byNumber = new Map(answer.citations.map((c) => [String(c.number), c]));
    const text = el("div", { class: "answer-text" });
    answer.answer.split(/\[(\d+)\]/).forEach((part, index) => {
      const citation = index % 2 ? byNumber.get(part) : null;
      if (!citation) {
        text.append(document.createTextNode(index % 2 ? `[${part}]` : part));
        return;
      }
      text.append(el("button", {
        type: "button", class: "cite", "data-cite": part, "aria-expanded": "false",
        "aria-controls": this.passageId(part), "aria-label": t("openSource", { n: part, title: citation.title }),
        onclick: () => this.openSource(part),
      }, `[${part}]`));
    });
    return text;
  }

  passageId(number) {
    return `${this.id}-source-${number}-passage`;
  }

  renderSource(citation) {
    const number = String(citation.number);
    const section = citation.section
      ? [el("dt", {}, t("section")), el("dd", { class: "passage-section" }, citation.section)]
      : null;
    const passage = el("div", { class: "passage", id: this.passageId(number), hidden: true, tabindex: "-1" },
      el("dl", {},
        el("dt", {}, t("document")), el("dd", { class: "passage-title" }, citation.title),
        section,
        citation.page ? [el("dt", {}, t("page")), el("dd", { class: "passage-page" }, String(citation.page))] : null,
        el("dt", {}, t("source")), el("dd", { class: "passage-source" }, citation.source)),
      el("blockquote", { class: "passage-snippet" }, citation.snippet));
    const toggle = el("button", { type: "button", class: "source-toggle", "aria-expanded": "false",
      "aria-controls": passage.id, onclick: () => this.toggleSource(number) },
    el("span", { class: "source-number" }, `[${number}]`), " ", citation.title);
    return el("li", { class: "source", "data-source": number }, toggle, passage);
  }

  toggleSource(number, open) {
    const passage = this.root.querySelector(`#${this.passageId(number)}`);
    if (!passage) return null;
    const show = open ?? passage.hidden;
    passage.hidden = !show;
    const controls = this.root.querySelectorAll(`[aria-controls="${passage.id}"]`);
    for (const control of controls) control.setAttribute("aria-expanded", String(show));
    return passage;
  }

  openSource(number) {
    const passage = this.toggleSource(number, true);
    if (!passage) return;
    passage.scrollIntoView({ block: "nearest", behavior: "smooth" });
    passage.focus({ preventScroll: true });
  }
}
