#!/usr/bin/env python3
"""Unified agents: a small MCP server over stdio (standard library only).

Speaks newline-delimited JSON-RPC 2.0 on stdin/stdout. Everything human-readable goes
to stderr, because stdout belongs to the protocol. Exits when stdin reaches EOF.

Tools:
  list_agents      the agents described in agents.json (optionally one role)
  render_template  fills a templates/<name>.json text with variables
  run_workflow     runs workflow/<name>.py's run(text, agents) on a piece of text
"""

import importlib
import json
import logging
import os
import re
import string
import sys

sys.dont_write_bytecode = True  # never leave __pycache__ behind in a deployed tree

ROOT = os.path.dirname(os.path.abspath(__file__))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

SUPPORTED_VERSIONS = ("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05")
NAME_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

log = logging.getLogger("unified-agents")


class ToolError(Exception):
    """A failure a model can act on: becomes a result with isError true."""


def read_json(relative_path):
    with open(os.path.join(ROOT, relative_path), encoding="utf-8") as f:
        return json.load(f)


def server_version():
    """The deployed version from VERSION when there is one, else "dev"."""
    try:
        version = read_json("VERSION").get("version")
    except (OSError, ValueError, AttributeError):
        return "dev"
    return version if isinstance(version, str) else "dev"


def checked_name(arguments, key, kind):
    value = arguments.get(key)
    if not isinstance(value, str) or not NAME_PATTERN.match(value):
        raise ToolError(f"/{key} must be a {kind} name made of letters, digits, '_' or '-'")
    return value


def names_in(directory, suffix):
    try:
        entries = os.listdir(os.path.join(ROOT, directory))
    except OSError:
        return []
    return sorted(e[: -len(suffix)] for e in entries
                  if e.endswith(suffix) and not e.startswith("_"))


def load_agents():
    data = read_json("agents.json")
    return data.get("agents", [])


def tool_list_agents(arguments):
    role = arguments.get("role")
    if role is not None and not isinstance(role, str):
        raise ToolError("/role must be a string")
    agents = [a for a in load_agents() if role is None or a.get("role") == role]
    lines = [f"{a['name']} ({a['role']}): {a['description']}" for a in agents]
    return "\n".join(lines) or "No agents match.", {"agents": agents}


def tool_render_template(arguments):
    name = checked_name(arguments, "template", "template")
    if name not in names_in("templates", ".json"):
        known = ", ".join(names_in("templates", ".json"))
        raise ToolError(f"Unknown template '{name}'. Known templates: {known}")
    variables = arguments.get("variables", {})
    if not isinstance(variables, dict) or not all(
            isinstance(v, str) for v in variables.values()):
        raise ToolError("/variables must be an object whose values are strings")
    template = read_json(os.path.join("templates", name + ".json"))
    missing = [v for v in template.get("variables", []) if v not in variables]
    if missing:
        raise ToolError(f"Template '{name}' needs variables: {', '.join(missing)}")
    text = string.Template(template["text"]).safe_substitute(variables)
    return text, {"template": name, "text": text}


def tool_run_workflow(arguments):
    name = checked_name(arguments, "workflow", "workflow")
    if name not in names_in("workflow", ".py"):
        known = ", ".join(names_in("workflow", ".py"))
        raise ToolError(f"Unknown workflow '{name}'. Known workflows: {known}")
    text = arguments.get("input")
    if not isinstance(text, str):
        raise ToolError("/input must be a string")
    module = importlib.import_module(f"workflow.{name}")
    result = module.run(text, load_agents())
    return json.dumps(result), {"workflow": name, "result": result}


def object_schema(properties, required=()):
    return {"type": "object", "properties": properties, "required": list(required),
            "additionalProperties": False}


TOOLS = {
    "list_agents": {
        "handler": tool_list_agents,
        "definition": {
            "name": "list_agents",
            "title": "List agents",
            "description": "Lists the agents this server knows, optionally only one role.",
            "inputSchema": object_schema({"role": {"type": "string"}}),
            "outputSchema": {"type": "object", "required": ["agents"],
                             "properties": {"agents": {"type": "array",
                                                       "items": {"type": "object"}}}},
            "annotations": {"readOnlyHint": True, "openWorldHint": False},
        },
    },
    "render_template": {
        "handler": tool_render_template,
        "definition": {
            "name": "render_template",
            "title": "Render a message template",
            "description": "Fills one of the server's message templates with variables.",
            "inputSchema": object_schema(
                {"template": {"type": "string"},
                 "variables": {"type": "object", "additionalProperties": {"type": "string"}}},
                required=["template"]),
            "outputSchema": {"type": "object", "required": ["template", "text"],
                             "properties": {"template": {"type": "string"},
                                            "text": {"type": "string"}}},
            "annotations": {"readOnlyHint": True, "openWorldHint": False},
        },
    },
    "run_workflow": {
        "handler": tool_run_workflow,
        "definition": {
            "name": "run_workflow",
            "title": "Run a workflow",
            "description": "Runs one of the server's workflows on a piece of text.",
            "inputSchema": object_schema(
                {"workflow": {"type": "string"}, "input": {"type": "string"}},
                required=["workflow", "input"]),
            "outputSchema": {"type": "object", "required": ["workflow", "result"],
                             "properties": {"workflow": {"type": "string"},
                                            "result": {"type": "object",
                                                       "additionalProperties": True}}},
            "annotations": {"readOnlyHint": True, "openWorldHint": False},
        },
    },
}


class Session:
    def __init__(self, out):
        self.out = out
        self.protocol_version = None

    def send(self, message):
        self.out.write(json.dumps(message, separators=(",", ":")) + "\n")
        self.out.flush()

    @staticmethod
    def error(request_id, code, message, has_id=True):
        reply = {"jsonrpc": "2.0", "error": {"code": code, "message": message}}
        if has_id:
            reply["id"] = request_id
        return reply

    def handle_line(self, line):
        try:
            message = json.loads(line)
        except ValueError as e:
            self.send(self.error(None, -32700, f"Parse error: {e}", has_id=False))
            return
        if isinstance(message, list):
            if self.protocol_version != "2025-03-26" or not message:
                self.send(self.error(None, -32600, "Batches are not supported", has_id=False))
                return
            replies = [r for r in (self.handle(m) for m in message) if r is not None]
            if replies:
                self.send(replies)
            return
        reply = self.handle(message)
        if reply is not None:
            self.send(reply)

    def handle(self, message):
        if not isinstance(message, dict) or message.get("jsonrpc") != "2.0":
            return self.error(None, -32600, "Invalid request", has_id=False)
        if "method" not in message and ("result" in message or "error" in message):
            return None  # a response to a request this server never sends
        has_id = "id" in message
        request_id = message.get("id")
        if has_id and (request_id is None or isinstance(request_id, (bool, float, list, dict))):
            return self.error(None, -32600, "Invalid request id", has_id=False)
        method = message.get("method")
        if not isinstance(method, str):
            return self.error(request_id, -32600, "Invalid request", has_id)
        params = message.get("params") or {}
        if not has_id:
            log.debug("notification %s", method)
            return None
        try:
            result = self.dispatch(method, params)
        except ProtocolError as e:
            return self.error(request_id, e.code, str(e))
        return {"jsonrpc": "2.0", "id": request_id, "result": result}

    def dispatch(self, method, params):
        if not isinstance(params, dict):
            raise ProtocolError(-32602, "params must be an object")
        if method == "initialize":
            requested = params.get("protocolVersion")
            self.protocol_version = (requested if requested in SUPPORTED_VERSIONS
                                     else SUPPORTED_VERSIONS[0])
            client = params.get("clientInfo") or {}
            log.info("initialize from %s, protocol %s", client.get("name", "?"),
                     self.protocol_version)
            return {
                "protocolVersion": self.protocol_version,
                "capabilities": {"tools": {}},
                "serverInfo": {"name": "unified-agents", "title": "Unified agents",
                               "version": server_version()},
                "instructions": "Use list_agents to see who can help, then render_template "
                                "or run_workflow.",
            }
        if method == "ping":
            return {}
        if method == "tools/list":
            if "cursor" in params:
                raise ProtocolError(-32602, "Invalid cursor: this server has one page")
            return {"tools": [t["definition"] for t in TOOLS.values()]}
        if method == "tools/call":
            return self.call_tool(params)
        raise ProtocolError(-32601, f"Method not found: {method}")

    def call_tool(self, params):
        name = params.get("name")
        tool = TOOLS.get(name) if isinstance(name, str) else None
        if tool is None:
            raise ProtocolError(-32602, f"Unknown tool: {name}")
        arguments = params.get("arguments") or {}
        if not isinstance(arguments, dict):
            return tool_failure("arguments must be an object")
        try:
            text, structured = tool["handler"](arguments)
        except ToolError as e:
            return tool_failure(str(e))
        except (OSError, ValueError, KeyError, ImportError, AttributeError) as e:
            log.error("tool %s failed: %s", name, e)
            return tool_failure(f"{name} failed: {e}")
        return {
            "content": [{"type": "text", "text": text},
                        {"type": "text", "text": json.dumps(structured)}],
            "structuredContent": structured,
        }


class ProtocolError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def tool_failure(message):
    return {"content": [{"type": "text", "text": message}], "isError": True}


def main():
    logging.basicConfig(stream=sys.stderr, level=logging.INFO,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    print(f"unified-agents {server_version()} ready, waiting on stdin")
    session = Session(sys.stdout)
    for line in sys.stdin:
        if line.strip():
            session.handle_line(line)
    log.info("stdin closed, exiting")


if __name__ == "__main__":
    main()
