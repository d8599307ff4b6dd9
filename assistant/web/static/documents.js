// The documents panel: upload (button or drag-and-drop anywhere on the page) with progress, the list of the
// analyst's documents with remove, and the count of bundled reports.
import { json, upload } from "./api.js";
import { el } from "./dom.js";
import { t } from "./i18n.js";

export const ACCEPTED = [".pdf", ".md", ".markdown", ".txt", ".text", ".html", ".htm"];

/** The panel in `root`; `onError(error)` shows a failed list or remove. */
export class DocumentPanel {
  constructor(root, { onError }) {
    this.root = root;
    this.onError = onError;
    this.items = [];
    this.input = root.querySelector("#document-file");
    this.list = root.querySelector("#document-list");
    this.summary = root.querySelector("#document-summary");
    this.status = root.querySelector("#upload-status");
    this.bar = root.querySelector("#upload-progress");
    this.input.accept = ACCEPTED.join(",");
    root.querySelector("#upload-button").addEventListener("click", () => this.input.click());
    this.input.addEventListener("change", () => {
      this.uploadAll([...this.input.files]);
      this.input.value = "";
    });
    this.watchDrops(document.body);
  }

  watchDrops(zone) {
    let depth = 0;
    const hasFiles = (event) => [...(event.dataTransfer?.types || [])].includes("Files");
    zone.addEventListener("dragenter", (event) => {
      if (!hasFiles(event)) return;
      depth += 1;
      zone.classList.add("dropping");
    });
    zone.addEventListener("dragleave", () => {
      depth = Math.max(0, depth - 1);
      if (!depth) zone.classList.remove("dropping");
    });
    zone.addEventListener("dragover", (event) => {
      if (hasFiles(event)) event.preventDefault();
    });
    zone.addEventListener("drop", (event) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth = 0;
      zone.classList.remove("dropping");
      this.uploadAll([...event.dataTransfer.files]);
    });
  }

  /** Reload the list from the server and draw it. */
  async refresh() {
    try {
      this.items = (await json("v1/documents")).documents;
    } catch (error) {
      this.onError(error);
      return;
    }
    this.draw();
  }

  draw() {
    const own = this.items.filter((item) => item.origin !== "bundled");
    const bundled = this.items.length - own.length;
    if (own.length) this.summary.textContent = bundled ? t("bundledCount", { n: bundled }) : "";
    else this.summary.textContent = t("noDocuments", { n: bundled });
    this.list.replaceChildren(...own.map((item) => this.row(item)));
  }

  row(item) {
    const details = [item.file_name, item.pages ? t("pagesCount", { n: item.pages }) : null,
      item.chunks === 1 ? t("onePassage") : t("passagesCount", { n: item.chunks })].filter(Boolean).join(" · ");
    const missing = item.status.startsWith("original missing") ? el("span", { class: "muted" }, t("originalMissing")) : null;
    const remove = el("button", { type: "button", class: "small document-remove",
      "aria-label": t("removeNamed", { title: item.title }), onclick: () => this.remove(item) }, t("remove"));
    return el("li", { class: "document", "data-id": item.id },
      el("span", { class: "document-title" }, item.title),
      el("span", { class: "document-details muted" }, details), missing, remove);
  }

  async remove(item) {
    try {
      await json(`v1/documents/${encodeURIComponent(item.id)}`, { method: "DELETE" });
    } catch (error) {
      this.onError(error);
    }
    await this.refresh();
  }

  async uploadAll(files) {
    for (const file of files) await this.uploadOne(file);
    await this.refresh();
  }

  async uploadOne(file) {
    this.bar.hidden = false;
    this.bar.value = 0;
    this.status.classList.remove("error");
    this.status.textContent = t("uploading", { name: file.name, percent: 0 });
    try {
      const added = await upload("v1/documents", file, ({ stage, fraction }) => {
        if (stage === "upload") {
          this.bar.value = fraction;
          this.status.textContent = t("uploading", { name: file.name, percent: Math.round(fraction * 100) });
        } else {
          this.bar.removeAttribute("value"); // indeterminate while the server reads and indexes it
          this.status.textContent = t("indexing", { name: file.name });
        }
      });
      this.status.textContent = t("uploaded", { title: added.title, n: added.chunks });
    } catch (error) {
      this.status.classList.add("error");
      this.status.textContent = t("uploadFailed", { name: file.name, detail: error.message });
    } finally {
      this.bar.hidden = true;
    }
  }
}
