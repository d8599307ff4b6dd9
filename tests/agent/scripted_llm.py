"""A scripted OpenAI-compatible chat server on loopback, standing in for a hosted LLM.

It speaks the real protocol (``POST /v1/chat/completions``): without a tool result in the conversation
it asks for one tool call; with one, it gives ``final_text`` as the answer. ``mode`` makes it fail.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class ScriptedLLM:
    def __init__(self, tool_call: tuple[str, dict[str, Any]], final_text: str, mode: str = "ok") -> None:
        self.tool_call, self.final_text, self.mode = tool_call, final_text, mode
        self.requests: list[dict[str, Any]] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}/v1"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reply(self, request: dict[str, Any]) -> dict[str, Any]:
        has_result = any(message.get("role") == "tool" for message in request["messages"])
        if has_result:
            message: dict[str, Any] = {"role": "assistant", "content": self.final_text}
            finish = "stop"
        else:
            name, arguments = self.tool_call
            call = {"id": "call_1", "type": "function", "function": {"name": name, "arguments": json.dumps(arguments)}}
            message, finish = {"role": "assistant", "content": None, "tool_calls": [call]}, "tool_calls"
        return {
            "id": "chatcmpl-scripted", "object": "chat.completion", "created": int(time.time()),
            "model": request.get("model", "scripted"),
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }  # fmt: skip

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        llm = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return

            def do_POST(self) -> None:
                request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                llm.requests.append(request)
                if llm.mode == "slow":
                    time.sleep(3)
                if llm.mode == "error":
                    self.send_response(500)
                    self.end_headers()
                    return
                body = json.dumps(llm.reply(request)).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (the "slow" mode's point)

        return Handler
