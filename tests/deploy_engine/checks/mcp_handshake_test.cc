#include "deploy_engine/checks/mcp_handshake.h"

#include <catch2/catch.hpp>

#include "tests/support/example_sandbox.h"
#include "tests/support/temp_dir.h"

namespace ua::engine {
namespace {

using ua::testing::TempDir;
using ua::testing::WriteFile;

// A fake MCP server whose behaviour is chosen by its first argument.
constexpr char kFakeServer[] = R"PY(
import json, sys, time
mode = sys.argv[1]
if mode == "exit":
    sys.stderr.write("boom: cannot import workflow\n")
    sys.exit(3)
if mode == "junk":
    print("Starting server on stdio...", flush=True)
if mode == "silent":
    sys.stderr.write("waiting forever\n")
    sys.stderr.flush()
    time.sleep(3600)
version = {"old": "2024-11-05", "unknown": "1999-01-01"}.get(mode, "2025-11-25")
tools = [] if mode == "notools" else [{"name": "alpha", "inputSchema": {"type": "object"}},
                                      {"name": "beta", "inputSchema": {"type": "object"}}]

def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()

for line in sys.stdin:
    msg = json.loads(line)
    if "id" not in msg or "method" not in msg:
        continue
    if mode == "chatty":
        send({"jsonrpc": "2.0", "method": "notifications/message",
              "params": {"level": "info", "data": "working"}})
        send({"jsonrpc": "2.0", "id": "server-ping", "method": "ping"})
    if msg["method"] == "initialize":
        send({"jsonrpc": "2.0", "id": msg["id"],
              "result": {"protocolVersion": version, "capabilities": {"tools": {}},
                         "serverInfo": {"name": "fake", "version": "1"}}})
    elif msg["method"] == "tools/list":
        send({"jsonrpc": "2.0", "id": msg["id"], "result": {"tools": tools}})
    else:
        send({"jsonrpc": "2.0", "id": msg["id"],
              "error": {"code": -32601, "message": "no such method"}})
sys.stderr.write("stdin closed\n")
if mode == "linger":
    time.sleep(3600)
if mode == "badexit":
    sys.exit(5)
)PY";

struct Fake {
  TempDir dir;
  Fake() { WriteFile(dir / "fake_server.py", kFakeServer); }
  HandshakeReport Run(const std::string& mode, double timeout_s = 10,
                      std::vector<std::string> expect_tools = {}) {
    TestConfig t;
    t.type = "mcp_handshake";
    t.name = "mcp_handshake";
    t.command = {"python3", "fake_server.py", mode};
    t.timeout_s = timeout_s;
    t.expect_tools = std::move(expect_tools);
    return RunMcpHandshake(t, dir.path(), std::stop_token());
  }
};

TEST_CASE("mcp_handshake passes against the example server and lists its tools",
          "[engine][handshake]") {
  ua::testing::ExampleSandbox sandbox;
  TestConfig t;
  t.type = "mcp_handshake";
  t.command = {"python3", "server.py"};
  t.timeout_s = 20;
  HandshakeReport r = RunMcpHandshake(t, sandbox.prod(), std::stop_token());
  INFO(r.reason << "\n" << r.stderr_tail);
  REQUIRE(r.ok);
  CHECK(r.protocol_version == "2025-11-25");
  CHECK(r.server_name == "unified-agents");
  CHECK(r.tools == std::vector<std::string>{"list_agents", "render_template", "run_workflow"});
  CHECK_THAT(r.reason, Catch::Contains("2025-11-25"));
  CHECK_FALSE(std::filesystem::exists(sandbox.prod() / "__pycache__"));

  t.expect_tools = {"run_workflow", "list_agents", "render_template"};
  CHECK(RunMcpHandshake(t, sandbox.prod(), std::stop_token()).ok);
}

TEST_CASE("mcp_handshake checks the exact tool names when expect_tools is given",
          "[engine][handshake]") {
  Fake fake;
  CHECK(fake.Run("normal", 10, {"beta", "alpha"}).ok);
  HandshakeReport r = fake.Run("normal", 10, {"alpha", "gamma"});
  CHECK_FALSE(r.ok);
  CHECK_THAT(r.reason, Catch::Contains("missing gamma") && Catch::Contains("unexpected beta"));
}

TEST_CASE("mcp_handshake fails a server without tools", "[engine][handshake]") {
  Fake fake;
  HandshakeReport r = fake.Run("notools");
  CHECK_FALSE(r.ok);
  CHECK_THAT(r.reason, Catch::Contains("no tools"));
}

TEST_CASE("mcp_handshake fails a server that prints junk on stdout", "[engine][handshake]") {
  Fake fake;
  HandshakeReport r = fake.Run("junk");
  CHECK_FALSE(r.ok);
  CHECK_THAT(r.reason, Catch::Contains("other than JSON-RPC") &&
                           Catch::Contains("Starting server on stdio..."));
}

TEST_CASE("mcp_handshake times out on a server that never answers", "[engine][handshake]") {
  Fake fake;
  HandshakeReport r = fake.Run("silent", 2);
  CHECK_FALSE(r.ok);
  CHECK_THAT(r.reason, Catch::Contains("timed out after 2 s") && Catch::Contains("initialize"));
  CHECK_THAT(r.stderr_tail, Catch::Contains("waiting forever"));
  CHECK(r.ms >= 2000);
  CHECK(r.ms < 6000);
}

TEST_CASE("mcp_handshake fails a server that exits at once with its stderr",
          "[engine][handshake]") {
  Fake fake;
  HandshakeReport r = fake.Run("exit");
  CHECK_FALSE(r.ok);
  CHECK_THAT(r.reason, Catch::Contains("exit code 3"));
  CHECK_THAT(r.stderr_tail, Catch::Contains("boom: cannot import workflow"));
}

TEST_CASE("mcp_handshake reports an old protocol version as such", "[engine][handshake]") {
  Fake fake;
  HandshakeReport r = fake.Run("old");
  CHECK(r.ok);
  CHECK(r.protocol_version == "2024-11-05");
  CHECK_THAT(r.reason, Catch::Contains("2024-11-05") && Catch::Contains("older"));
}

TEST_CASE("mcp_handshake fails an unknown protocol version", "[engine][handshake]") {
  Fake fake;
  HandshakeReport r = fake.Run("unknown");
  CHECK_FALSE(r.ok);
  CHECK(r.protocol_version == "1999-01-01");
  CHECK_THAT(r.reason, Catch::Contains("1999-01-01"));
}

TEST_CASE("mcp_handshake skips notifications and answers server pings", "[engine][handshake]") {
  Fake fake;
  HandshakeReport r = fake.Run("chatty");
  INFO(r.reason);
  CHECK(r.ok);
  CHECK(r.tools == std::vector<std::string>{"alpha", "beta"});
}

TEST_CASE("mcp_handshake fails a server that does not exit when stdin closes",
          "[engine][handshake]") {
  Fake fake;
  HandshakeReport r = fake.Run("linger", 2);
  CHECK_FALSE(r.ok);
  CHECK_THAT(r.reason, Catch::Contains("timed out") && Catch::Contains("stdin was closed"));
  CHECK_THAT(r.stderr_tail, Catch::Contains("stdin closed"));
}

TEST_CASE("mcp_handshake fails a server that exits with an error after stdin closes",
          "[engine][handshake]") {
  Fake fake;
  HandshakeReport r = fake.Run("badexit");
  CHECK_FALSE(r.ok);
  CHECK_THAT(r.reason, Catch::Contains("exit code 5"));
}

TEST_CASE("mcp_handshake fails a command that cannot start", "[engine][handshake]") {
  TempDir dir;
  TestConfig t;
  t.command = {"no-such-server-ua"};
  t.timeout_s = 5;
  HandshakeReport r = RunMcpHandshake(t, dir.path(), std::stop_token());
  CHECK_FALSE(r.ok);
  CHECK_THAT(r.reason, Catch::Contains("cannot start") && Catch::Contains("no-such-server-ua"));
}

TEST_CASE("mcp_handshake stops when asked", "[engine][handshake]") {
  Fake fake;
  std::stop_source stop;
  stop.request_stop();
  TestConfig t;
  t.command = {"python3", "fake_server.py", "silent"};
  t.timeout_s = 30;
  HandshakeReport r = RunMcpHandshake(t, fake.dir.path(), stop.get_token());
  CHECK_FALSE(r.ok);
  CHECK_THAT(r.reason, Catch::Contains("cancelled"));
  CHECK(r.ms < 5000);
}

}  // namespace
}  // namespace ua::engine
