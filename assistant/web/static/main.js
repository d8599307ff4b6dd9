// The chat page: composer, streaming answers, conversation list, API key prompt, feedback export.
import { download, events, json, onKeyNeeded, request } from "./api.js";
import { ConversationList } from "./conversations.js";
import { DocumentPanel } from "./documents.js";
import { el } from "./dom.js";
import { detectLanguage, setLanguage, t } from "./i18n.js";
import { TurnView } from "./message.js";

const EXAMPLES = [
  "Who ranks first in the GFCI 38 FinTech ranking?",
  "Forecast global fintech investment (KPMG) for 2025-H2",
  "How has Shenzhen ranked in the GFCI FinTech ranking over time?",
  "2025年全球金融科技中心发展指数排名第二的是哪个城市？",
];

const $ = (id) => document.getElementById(id);
const messages = $("messages");
const composer = $("composer");
const input = $("question");
const sendButton = $("send");
const welcome = $("welcome");
const sidebar = $("sidebar");
const sidebarToggle = $("toggle-sidebar");
const state = { conversationId: null, turns: 0, busy: false };

const notice = el("p", { class: "notice", role: "alert", hidden: true });
composer.before(notice);

function showError(error) {
  notice.textContent = t("requestFailed", { detail: error.message || String(error) });
  notice.hidden = false;
}

function clearError() {
  notice.hidden = true;
  notice.textContent = "";
}

const conversations = new ConversationList($("conversation-list"), $("conversation-empty"), {
  onOpen: openConversation,
  onDeleted: (id) => {
    if (id === state.conversationId) startNew();
  },
  onError: showError,
});

const documentPanel = new DocumentPanel($("documents"), { onError: showError });

function remember(id) {
  const url = id ? `#c=${encodeURIComponent(id)}` : `${location.pathname}${location.search}`;
  history.replaceState(null, "", url);
}

function setSidebar(open) {
  sidebar.classList.toggle("open", open);
  sidebarToggle.setAttribute("aria-expanded", String(open));
}

function startNew() {
  Object.assign(state, { conversationId: null, turns: 0 });
  messages.replaceChildren();
  welcome.hidden = false;
  conversations.select(null);
  remember(null);
  setSidebar(false);
  input.focus();
}

async function openConversation(id) {
  if (state.busy) return;
  clearError();
  let detail;
  try {
    detail = await json(`v1/conversations/${encodeURIComponent(id)}`);
  } catch (error) {
    showError(error);
    if (error.status === 404) await conversations.refresh();
    return;
  }
  Object.assign(state, { conversationId: id, turns: detail.turns.length });
  messages.replaceChildren();
  welcome.hidden = detail.turns.length > 0;
  for (const turn of detail.turns) {
    new TurnView(messages, turn.question, turn.answer.language).finish(turn.answer, turn.index);
  }
  if (detail.turns.length) setLanguage(detail.turns.at(-1).answer.language);
  conversations.select(id);
  remember(id);
  setSidebar(false);
  messages.lastElementChild?.scrollIntoView({ block: "start" });
}

async function ask(question) {
  state.busy = true;
  sendButton.disabled = true;
  clearError();
  welcome.hidden = true;
  const lang = detectLanguage(question);
  setLanguage(lang);
  const view = new TurnView(messages, question, lang);
  view.root.scrollIntoView({ block: "end" });
  try {
    const body = { message: question, conversation_id: state.conversationId };
    const response = await request("v1/chat/stream", { method: "POST", body });
    let finished = false;
    for await (const { event, data } of events(response)) {
      if (event === "tool") view.tool(data);
      else if (event === "delta") view.delta(data.text);
      else if (event === "error") {
        view.fail(data.detail);
        finished = true;
      } else if (event === "done") {
        if (data.conversation_id !== state.conversationId) {
          Object.assign(state, { conversationId: data.conversation_id, turns: 0 });
        }
        view.finish(data, state.turns++);
        view.root.scrollIntoView({ block: "start" });
        setLanguage(data.language);
        remember(data.conversation_id);
        finished = true;
      }
    }
    if (!finished) view.fail(t("streamEnded"));
  } catch (error) {
    view.fail(t("requestFailed", { detail: error.message }));
  } finally {
    state.busy = false;
    sendButton.disabled = false;
  }
  // The next question may be sent while the conversation list catches up.
  await conversations.refresh();
  conversations.select(state.conversationId);
}

composer.addEventListener("submit", (event) => {
  event.preventDefault();
  const question = input.value.trim();
  if (!question || state.busy) return;
  input.value = "";
  ask(question);
});

input.addEventListener("keydown", (event) => {
  // Enter sends; Shift+Enter is a new line; Enter that confirms an IME composition (Chinese input) does neither.
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
    event.preventDefault();
    composer.requestSubmit();
  }
});

$("new-conversation").addEventListener("click", startNew);
sidebarToggle.addEventListener("click", () => setSidebar(!sidebar.classList.contains("open")));
$("export-feedback").addEventListener("click", (event) => {
  event.preventDefault();
  download("v1/feedback.csv", "feedback.csv").catch(showError);
});

$("examples").append(
  el("p", { class: "examples-label", "data-i18n": "examplesLabel" }, t("examplesLabel")),
  el("ul", {}, EXAMPLES.map((example) => el("li", {}, el("button", { type: "button", class: "example",
    onclick: () => {
      if (!state.busy) ask(example);
    } }, example)))),
);

onKeyNeeded((reason) => new Promise((resolve) => {
  const dialog = $("key-dialog");
  const keyInput = $("api-key");
  $("key-reason").textContent = `${t("keyMissing")} (${reason})`;
  keyInput.value = "";
  dialog.returnValue = "";
  dialog.addEventListener("close", () => {
    resolve(dialog.returnValue === "save" ? keyInput.value.trim() || null : null);
  }, { once: true });
  dialog.showModal();
  keyInput.focus();
}));
$("key-cancel").addEventListener("click", () => $("key-dialog").close("cancel"));

document.addEventListener("ui-language", () => {
  conversations.draw();
  documentPanel.draw();
});
setLanguage(navigator.language && navigator.language.toLowerCase().startsWith("zh") ? "zh" : "en");
await conversations.refresh(); // first, so a missing API key is asked for once
await documentPanel.refresh();
const opened = new URLSearchParams(location.hash.slice(1)).get("c");
if (opened) await openConversation(opened);
