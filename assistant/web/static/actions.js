// The actions under an answer: copy it (with its sources), rate it up or down, add a comment.
import { json } from "./api.js";
import { el, svg } from "./dom.js";
import { inLanguage, t } from "./i18n.js";

const THUMB = "M2 20h2c.55 0 1-.45 1-1v-9c0-.55-.45-1-1-1H2v11zm19.83-7.12c.11-.25.17-.52.17-.8V11c0-1.1-.9-2-2-2h-5.5"
  + "l.92-4.65c.05-.22.02-.46-.08-.66-.23-.45-.52-.86-.88-1.22L14 2 7.59 8.41C7.21 8.79 7 9.3 7 9.83v7.84"
  + "C7 18.95 8.05 20 9.34 20h8.11c.7 0 1.36-.37 1.72-.97l2.66-6.15z";

function thumbIcon(down) {
  return svg("svg", { viewBox: "0 0 24 24", width: 18, height: 18, "aria-hidden": "true", focusable: "false",
    class: down ? "icon flipped" : "icon" }, svg("path", { d: THUMB }));
}

/** Copy with the Clipboard API, else with a hidden textarea and execCommand (older or insecure pages). */
async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Permission refused: try the old way below.
    }
  }
  const area = el("textarea", { class: "copy-buffer", readonly: true, "aria-hidden": "true" });
  area.value = text;
  document.body.append(area);
  area.select();
  let copied = false;
  try {
    copied = document.execCommand("copy");
  } catch {
    copied = false;
  }
  area.remove();
  return copied;
}

/** The answer's text followed by its numbered sources, as plain text. */
function plainText(answer) {
  if (!answer.citations.length) return answer.answer;
  const lines = answer.citations.map((c) => {
    const section = c.section ? ` — ${c.section}` : "";
    return `[${c.number}] ${c.title}${section} (${c.source})`;
  });
  return `${answer.answer}\n\n${t("sources")}:\n${lines.join("\n")}`;
}

/** Copy, thumbs up/down (sent at once) and an optional comment (sent with the rating) for one turn. */
export function renderActions(answer, turnIndex, idPrefix) {
  const lang = answer.language;
  const status = el("span", { class: "action-status", role: "status" });
  const say = (key, values) => {
    status.textContent = inLanguage(lang, () => t(key, values));
  };
  const copy = el("button", { type: "button", class: "copy", onclick: async () => {
    const text = inLanguage(lang, () => plainText(answer));
    say((await copyText(text)) ? "copied" : "copyFailed");
  } }, t("copy"));

  let rating = null;
  const send = async (comment, savedKey) => {
    const body = { conversation_id: answer.conversation_id, turn_index: turnIndex, rating, comment };
    try {
      await json("v1/feedback", { method: "POST", body });
      say(savedKey);
    } catch (error) {
      say("requestFailed", { detail: error.message });
    }
  };
  const comment = el("textarea", { id: `${idPrefix}-comment`, rows: 2, maxlength: 2000 });
  const form = el("form", { class: "feedback-form", hidden: true },
    el("label", { for: comment.id }, t("commentLabel")), comment,
    el("button", { type: "submit" }, t("sendComment")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send(comment.value, "commentSaved");
  });
  const thumbs = [["up", t("helpful")], ["down", t("notHelpful")]].map(([value, label]) => el("button", {
    type: "button", class: `thumb thumb-${value}`, "aria-pressed": "false", "aria-label": label, title: label,
    onclick: () => {
      rating = value;
      for (const thumb of thumbs) {
        thumb.setAttribute("aria-pressed", String(thumb.classList.contains(`thumb-${value}`)));
      }
      form.hidden = false;
      send(null, "feedbackSaved");
    },
  }, thumbIcon(value === "down")));
  return el("div", { class: "answer-actions" }, el("div", { class: "action-row" }, copy, thumbs, status), form);
}
