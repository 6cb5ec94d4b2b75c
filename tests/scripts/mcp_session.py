"""McpSession: `ua-deploy serve` driven over stdio by a script test, in the 2025-11-25 era.

Each call writes one request and reads lines until its answer arrives; every line serve wrote
is kept (`lines`), so a test can search all of stdout. close() ends the session by closing
stdin and returns (the rest of stdout, stderr)."""
import json
import subprocess


class McpSession:
    def __init__(self, argv, env, client="script-test"):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, env=env)
        self.lines = []
        self.next_id = 1
        self.request("initialize", {"protocolVersion": "2025-11-25", "capabilities": {},
                                    "clientInfo": {"name": client, "version": "1"}})
        self.send({"jsonrpc": "2.0", "method": "notifications/initialized"})

    def send(self, message):
        self.proc.stdin.write(json.dumps(message) + "\n")
        self.proc.stdin.flush()

    def request(self, method, params):
        want = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": want, "method": method, "params": params})
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise AssertionError("serve closed stdout before answering %r" % method)
            self.lines.append(line)
            message = json.loads(line)
            if message.get("id") == want:
                return message

    def call(self, tool, arguments):
        """The tools/call answer's result (or the whole answer when it is an error)."""
        answer = self.request("tools/call", {"name": tool, "arguments": arguments})
        return answer.get("result", answer)

    def close(self, timeout=60):
        rest, err = self.proc.communicate(timeout=timeout)
        return rest, err
