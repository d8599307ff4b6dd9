// The conversation list: open, rename (inline form) and delete (inline confirmation).
import { json } from "./api.js";
import { el } from "./dom.js";
import { t } from "./i18n.js";

/** The sidebar list in `list`; `onOpen(id)` opens one, `onDeleted(id)` is told when one is gone. */
export class ConversationList {
  constructor(list, empty, { onOpen, onDeleted, onError }) {
    this.list = list;
    this.empty = empty;
    this.onOpen = onOpen;
    this.onDeleted = onDeleted;
    this.onError = onError;
    this.items = [];
    this.current = null;
  }

  /** Reload the list from the server and draw it. */
  async refresh() {
    try {
      this.items = await json("v1/conversations");
    } catch (error) {
      this.onError(error);
      return;
    }
    this.draw();
  }

  /** Mark `id` as the open conversation. */
  select(id) {
    this.current = id;
    for (const button of this.list.querySelectorAll(".conversation-open")) {
      if (button.closest("li").dataset.id === id) button.setAttribute("aria-current", "true");
      else button.removeAttribute("aria-current");
    }
  }

  draw() {
    this.empty.hidden = this.items.length > 0;
    this.list.replaceChildren(...this.items.map((item) => this.row(item)));
  }

  row(item) {
    const title = item.title || t("untitled");
    const li = el("li", { class: "conversation", "data-id": item.id });
    const open = el("button", { type: "button", class: "conversation-open",
      "aria-current": item.id === this.current ? "true" : null, onclick: () => this.onOpen(item.id) },
    el("span", { class: "conversation-title" }, title),
    el("span", { class: "conversation-count" }, item.turns === 1 ? t("oneTurn") : t("turns", { n: item.turns })));
    const rename = el("button", { type: "button", class: "small conversation-rename",
      "aria-label": t("renameNamed", { title }), onclick: () => this.renaming(li, item) }, t("rename"));
    const remove = el("button", { type: "button", class: "small conversation-delete",
      "aria-label": t("deleteNamed", { title }), onclick: () => this.confirming(li, item) }, t("delete"));
    li.append(open, el("div", { class: "conversation-actions" }, rename, remove));
    return li;
  }

  renaming(li, item) {
    const input = el("input", { type: "text", class: "rename-input", maxlength: 200, required: true,
      "aria-label": t("renameLabel") });
    input.value = item.title || "";
    const cancel = () => li.replaceWith(this.row(item));
    const form = el("form", { class: "rename-form" }, input,
      el("button", { type: "submit", class: "small primary" }, t("save")),
      el("button", { type: "button", class: "small", onclick: cancel }, t("cancel")));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        const body = { title: input.value };
        await json(`v1/conversations/${encodeURIComponent(item.id)}`, { method: "PATCH", body });
      } catch (error) {
        this.onError(error);
        return;
      }
      await this.refresh();
      this.list.querySelector(`li[data-id="${CSS.escape(item.id)}"] .conversation-open`)?.focus();
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Escape") cancel();
    });
    li.replaceChildren(form);
    input.focus();
    input.select();
  }

  confirming(li, item) {
    const title = item.title || t("untitled");
    const cancel = () => li.replaceWith(this.row(item));
    const yes = el("button", { type: "button", class: "small danger confirm-delete", onclick: async () => {
      try {
        await json(`v1/conversations/${encodeURIComponent(item.id)}`, { method: "DELETE" });
      } catch (error) {
        this.onError(error);
        return;
      }
      this.onDeleted(item.id);
      await this.refresh();
    } }, t("delete"));
    li.replaceChildren(el("div", { class: "confirm", role: "group", "aria-label": t("confirmDelete", { title }) },
      el("p", {}, t("confirmDelete", { title })), yes,
      el("button", { type: "button", class: "small", onclick: cancel }, t("cancel"))));
    yes.focus();
  }
}
