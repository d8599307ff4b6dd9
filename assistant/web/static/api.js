// Calls to the /v1 API: JSON requests, the chat event stream, and the API key (asked for on a 401).

const KEY_STORAGE = "fintech-assistant.api-key";

let sessionKey = null; // the key in use when localStorage is unavailable
let askForKey = async () => null;
let pendingKey = null;

/** Register the function that asks the user for a key: (reason) => Promise<key | null>. */
export function onKeyNeeded(ask) {
  askForKey = ask;
}

function storedKey() {
  try {
    return localStorage.getItem(KEY_STORAGE);
  } catch {
    return null;
  }
}

function storeKey(key) {
  try {
    localStorage.setItem(KEY_STORAGE, key);
  } catch {
    // Storage may be disabled: the key then lasts until the page is closed.
  }
  sessionKey = key;
}

function authHeaders() {
  const key = sessionKey || storedKey();
  return key ? { Authorization: `Bearer ${key}` } : {};
}

/** An HTTP error with the server's {"detail"} message. */
export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

async function errorDetail(response) {
  try {
    const body = await response.json();
    if (typeof body.detail === "string") return body.detail;
  } catch {
    // Not JSON: fall through to the status line.
  }
  return `HTTP ${response.status} ${response.statusText}`.trim();
}

async function newKey(reason) {
  // Several requests may fail at once: ask only once.
  pendingKey = pendingKey || askForKey(reason).finally(() => { pendingKey = null; });
  return pendingKey;
}

/** fetch() with the stored key; on 401 ask for a key and retry. Throws ApiError for any other failure. */
export async function request(path, { method = "GET", body } = {}) {
  for (;;) {
    const headers = { ...authHeaders() };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.ok) return response;
    const detail = await errorDetail(response);
    if (response.status === 401) {
      const key = await newKey(detail);
      if (key) {
        storeKey(key);
        continue;
      }
    }
    throw new ApiError(response.status, detail);
  }
}

/** A JSON request; null for 204 No Content. */
export async function json(path, options) {
  const response = await request(path, options);
  return response.status === 204 ? null : response.json();
}

/** The Server-Sent Events of a streaming response, as {event, data} with data parsed from JSON. */
export async function* events(response) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let name = "message";
  let data = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    // A "\r" at the end may be the first half of "\r\n": keep it for the next chunk.
    const cut = buffer.endsWith("\r") ? buffer.length - 1 : buffer.length;
    const lines = buffer.slice(0, cut).split(/\r\n|\r|\n/);
    buffer = lines.pop() + buffer.slice(cut);
    for (const line of lines) {
      if (line === "") {
        if (data.length) yield { event: name, data: JSON.parse(data.join("\n")) };
        name = "message";
        data = [];
      } else if (line.startsWith(":")) {
        continue; // a comment (keep-alive ping)
      } else {
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        let text = colon < 0 ? "" : line.slice(colon + 1);
        if (text.startsWith(" ")) text = text.slice(1);
        if (field === "event") name = text;
        else if (field === "data") data.push(text);
      }
    }
  }
}

/** Download a /v1 file (sent with the key) under `filename`. */
export async function download(path, filename) {
  const response = await request(path);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function sendFile(path, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    for (const [name, value] of Object.entries(authHeaders())) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress({ stage: "upload", fraction: event.loaded / event.total });
    });
    xhr.upload.addEventListener("load", () => onProgress({ stage: "indexing" }));
    xhr.addEventListener("load", () => resolve(xhr));
    xhr.addEventListener("error", () => reject(new ApiError(0, "network error")));
    const form = new FormData();
    form.append("file", file, file.name);
    xhr.send(form);
  });
}

/** Upload `file` as multipart field "file" to `path`, reporting {stage: "upload", fraction} then
 * {stage: "indexing"} to `onProgress`; resolves to the parsed JSON answer, asks for a key on 401. */
export async function upload(path, file, onProgress = () => {}) {
  for (;;) {
    const xhr = await sendFile(path, file, onProgress);
    let body = null;
    try {
      body = JSON.parse(xhr.responseText);
    } catch {
      // Not JSON: the status line below says what happened.
    }
    if (xhr.status >= 200 && xhr.status < 300) return body;
    const detail = body && typeof body.detail === "string" ? body.detail : `HTTP ${xhr.status} ${xhr.statusText}`;
    if (xhr.status === 401) {
      const key = await newKey(detail);
      if (key) {
        storeKey(key);
        continue;
      }
    }
    throw new ApiError(xhr.status, detail);
  }
}
