"""A scripted chat server on loopback, standing in for a real LLM server, in both wire formats.

It speaks OpenAI's ``POST /v1/chat/completions`` (+ ``GET /v1/models``) and Ollama's ``POST /api/chat``
(NDJSON stream, + ``GET /api/tags``). Each request gets the next step of ``steps``: a tool call
``(name, arguments)`` or an answer text, chosen by the number of tool rounds since the last user message
(the last step repeats). ``{key}`` in an answer text becomes the first passage key of a search result in
the conversation.

It reproduces the quirks of real servers, each switchable:

- ``reject_null_content``: an assistant message with ``content: null`` gets HTTP 500 (llama-cpp-python;
  OpenAI format only: Ollama reads a null or missing content as empty);
- ``needs_tool_choice``: tools sent without ``tool_choice`` are ignored and ``ignored_tools_text`` is
  answered instead (llama-cpp-python; OpenAI format only);
- ``runaway``: the model never stops by itself: after its text it generates filler tokens until
  ``max_tokens`` (Ollama: ``options.num_predict``), or without end when none is set;
- ``keeps_generating``: a generation goes on after the client disconnected (llama-cpp-python); without it
  the server cancels at the disconnect (llama.cpp's ``llama-server``);
- ``slots``: requests generated at once; more wait (a single-slot server with ``slots=1``);
- ``stall``: the request is read and never answered;
- ``token_delay``: seconds per generated token (a tool call counts as one token).

``generations`` records each generation: tokens made, how it stopped, and the token count at a disconnect.
"""

from __future__ import annotations

import json
import re
import select
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Step = tuple[str, dict[str, Any]] | str
KEY = re.compile(r"^\[([0-9a-f]{6})\]", re.MULTILINE)
FILLER = "and "
HARD_CAP = 100_000  # tokens of an endless generation, so that a forgotten server thread ends some day


@dataclass
class Generation:
    tokens: int = 0
    stopped_by: str = "running"  # "end", "length", "disconnect", "cap", "shutdown"
    disconnected_at: int | None = None
    limit: int | None = None


@dataclass
class ScriptedLLM:
    steps: list[Step]
    wire: str = "openai"  # or "ollama"
    reject_null_content: bool = True
    needs_tool_choice: bool = False
    ignored_tools_text: str = "I believe Shanghai ranks 1st with a score of 99."
    runaway: bool = False
    keeps_generating: bool = True
    slots: int = 4
    stall: bool = False
    token_delay: float = 0.0
    fail: bool = False
    requests: list[dict[str, Any]] = field(default_factory=list)
    generations: list[Generation] = field(default_factory=list)
    probes: int = 0

    def __post_init__(self) -> None:
        self._slots = threading.Semaphore(self.slots)
        self._closing = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        port = self._server.server_address[1]
        self.base_url = f"http://127.0.0.1:{port}" + ("/v1" if self.wire == "openai" else "")
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._closing.set()
        self._server.shutdown()
        self._server.server_close()

    # ---- the script --------------------------------------------------------------------------------

    def step_for(self, request: dict[str, Any]) -> Step:
        messages = request["messages"]
        last_user = max(i for i, m in enumerate(messages) if m.get("role") == "user")
        rounds = sum(1 for m in messages[last_user:] if m.get("role") == "assistant" and m.get("tool_calls"))
        step = self.steps[min(rounds, len(self.steps) - 1)]
        if isinstance(step, str) and "{key}" in step:
            tool_texts = [str(m.get("content") or "") for m in messages if m.get("role") == "tool"]
            keys = [key for text in tool_texts for key in KEY.findall(text)]
            step = step.replace("{key}", keys[0] if keys else "000000")
        if self.wire == "openai" and self.needs_tool_choice and request.get("tools") and "tool_choice" not in request:
            return self.ignored_tools_text
        return step

    def limit_for(self, request: dict[str, Any]) -> int | None:
        if self.wire == "ollama":
            return (request.get("options") or {}).get("num_predict")
        return request.get("max_tokens")

    # ---- generation --------------------------------------------------------------------------------

    def generate(self, step: Step, limit: int | None, gone: Any, emit: Any) -> tuple[Generation, str]:
        """Produce tokens of ``step`` one by one (calling ``emit(token)``); returns the record and finish reason."""
        record = Generation(limit=limit)
        self.generations.append(record)
        tokens = [step] if not isinstance(step, str) else [word + " " for word in step.split()]
        finish = "tool_calls" if not isinstance(step, str) else "stop"
        index = 0
        while True:
            if self._closing.is_set():
                record.stopped_by = "shutdown"
                return record, finish
            if limit is not None and record.tokens >= limit:
                record.stopped_by, finish = "length", "length"
                return record, finish
            if index >= len(tokens) and not (self.runaway and isinstance(step, str)):
                record.stopped_by = "end"
                return record, finish
            if record.tokens >= HARD_CAP:
                record.stopped_by = "cap"
                return record, finish
            if self.token_delay:
                time.sleep(self.token_delay)
            token = tokens[index] if index < len(tokens) else FILLER
            index += 1
            record.tokens += 1
            if record.disconnected_at is None and gone():
                record.disconnected_at = record.tokens
                if not self.keeps_generating:
                    record.stopped_by = "disconnect"
                    return record, finish
            if record.disconnected_at is None:
                try:
                    emit(token)
                except OSError:  # the client went away while a streamed token was written
                    record.disconnected_at = record.tokens
                    if not self.keeps_generating:
                        record.stopped_by = "disconnect"
                        return record, finish

    # ---- HTTP --------------------------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        llm = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                return

            def _send(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _gone(self) -> bool:
                """True when the client closed its end (readable with nothing to read)."""
                sock: socket.socket = self.connection
                try:
                    readable, _, _ = select.select([sock], [], [], 0)
                    return bool(readable) and sock.recv(1, socket.MSG_PEEK) == b""
                except OSError:
                    return True

            def do_GET(self) -> None:
                llm.probes += 1
                if self.path in ("/v1/models", "/api/tags") and not llm.fail:
                    self._send(200, {"object": "list", "data": [{"id": "scripted"}], "models": []})
                else:
                    self._send(404 if not llm.fail else 500, {"error": "not found"})

            def do_POST(self) -> None:
                request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                llm.requests.append(request)
                if llm.stall:
                    while not llm._closing.wait(0.05) and not self._gone():
                        pass
                    self.close_connection = True
                    return
                if llm.fail:
                    self._send(500, {"error": {"message": "scripted failure"}})
                    return
                nulls = [m for m in request["messages"] if m.get("role") == "assistant" and m.get("content") is None]
                if llm.wire == "openai" and llm.reject_null_content and nulls:
                    self._send(500, {"error": {"message": "content: Input should be a valid string"}})
                    return
                with llm._slots:
                    try:
                        if llm.wire == "openai":
                            self._openai(request)
                        else:
                            self._ollama(request)
                    except (BrokenPipeError, ConnectionResetError):
                        self.close_connection = True

            def _openai(self, request: dict[str, Any]) -> None:
                step = llm.step_for(request)
                text: list[str] = []
                _, finish = llm.generate(step, llm.limit_for(request), self._gone, text.append)
                if llm.generations[-1].disconnected_at is not None:
                    self.close_connection = True
                    return
                if isinstance(step, str):
                    message: dict[str, Any] = {"role": "assistant", "content": "".join(text).strip()}
                else:
                    name, arguments = step
                    call = {"id": f"call_{len(llm.requests)}", "type": "function",
                            "function": {"name": name, "arguments": json.dumps(arguments)}}  # fmt: skip
                    message = {"role": "assistant", "content": None, "tool_calls": [call]}
                self._send(200, {
                    "id": "chatcmpl-scripted", "object": "chat.completion", "created": int(time.time()),
                    "model": request.get("model", "scripted"),
                    "choices": [{"index": 0, "message": message, "finish_reason": finish}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                })  # fmt: skip

            def _ollama(self, request: dict[str, Any]) -> None:
                step = llm.step_for(request)
                self.send_response(200)
                self.send_header("Content-Type", "application/x-ndjson")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                model = request.get("model", "scripted")

                def chunk(body: dict[str, Any]) -> None:
                    line = json.dumps({"model": model, "created_at": "2025-01-01T00:00:00Z", **body}) + "\n"
                    data = line.encode()
                    self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                    self.wfile.flush()

                def emit(token: Any) -> None:
                    if isinstance(token, str):
                        chunk({"message": {"role": "assistant", "content": token}, "done": False})
                    else:
                        name, arguments = token
                        call = {"function": {"name": name, "arguments": arguments}}
                        chunk({"message": {"role": "assistant", "content": "", "tool_calls": [call]}, "done": False})

                _, finish = llm.generate(step, llm.limit_for(request), self._gone, emit)
                if llm.generations[-1].disconnected_at is not None:
                    self.close_connection = True
                    return
                reason = "length" if finish == "length" else "stop"
                chunk({"message": {"role": "assistant", "content": ""}, "done": True, "done_reason": reason,
                       "total_duration": 1, "prompt_eval_count": 1, "eval_count": 1})  # fmt: skip
                self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()

        return Handler
