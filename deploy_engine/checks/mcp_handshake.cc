#include "deploy_engine/checks/mcp_handshake.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <set>
#include <utility>

#include <nlohmann/json.hpp>

#include "base/json_text.h"
#include "platform/output_tail.h"
#include "platform/subprocess.h"

namespace ua::engine {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr milliseconds kStopSlice{100};
constexpr int kMaxToolPages = 100;

std::string Clip(std::string_view s, size_t max = 200) {
  if (s.size() <= max) return std::string(s);
  return std::string(s.substr(0, max)) + "...";
}

// One handshake: the server process and the failure, if any, that ended the conversation.
class Session {
 public:
  Session(Subprocess process, Deadline deadline, double timeout_s, std::stop_token stop)
      : p_(std::move(process)), deadline_(deadline), timeout_s_(timeout_s), stop_(stop) {}

  Subprocess& process() { return p_; }

  // Sends a request and returns its result, skipping notifications and answering the
  // server's own requests. nullopt on failure, with reason() set.
  std::optional<json> Call(const std::string& method, json params) {
    const int64_t id = next_id_++;
    json request = {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}};
    if (!Send(request, method)) return std::nullopt;
    for (;;) {
      std::optional<json> message = Receive(method);
      if (!message) return std::nullopt;
      const json& m = *message;
      if (m.contains("method")) {
        if (m.contains("id")) AnswerServerRequest(m);
        continue;
      }
      if (!m.contains("id") || m["id"] != id) continue;
      if (m.contains("error")) {
        const json& e = m["error"];
        return Fail(method + " returned JSON-RPC error " +
                    (e.is_object() ? e.value("code", json()).dump() + ": " +
                                         Clip(e.value("message", std::string()))
                                   : Clip(e.dump())));
      }
      if (!m.contains("result") || !m["result"].is_object()) {
        return Fail(method + " answered without a result object: " + Clip(m.dump()));
      }
      return m["result"];
    }
  }

  bool Notify(const std::string& method) {
    return Send({{"jsonrpc", "2.0"}, {"method", method}}, method);
  }

  std::nullopt_t Fail(std::string reason) {
    if (reason_.empty()) reason_ = std::move(reason);
    return std::nullopt;
  }
  const std::string& reason() const { return reason_; }
  bool cancelled() const { return stop_.stop_requested(); }

  // After stdin is closed: waits for the exit, failing on a timeout (then kills) or an exit
  // that is not clean. Lines still on stdout must be JSON-RPC too.
  bool ExpectExit() {
    p_.CloseStdin();
    for (;;) {
      auto exit = p_.Wait(Slice());
      if (exit.ok()) {
        while (auto line = p_.ReadLine(steady_clock::now())) {
          if (!line.ok() || !line->has_value()) break;
          if (!ParseMessage(**line)) return false;
        }
        if (!exit->success()) {
          Fail("the server ended with " + exit->Describe() + " after its stdin was closed");
          return false;
        }
        return true;
      }
      if (!CheckTime("exit after its stdin was closed")) {
        p_.Kill();
        return false;
      }
    }
  }

 private:
  Deadline Slice() const { return std::min(deadline_, steady_clock::now() + kStopSlice); }

  // False (with the reason set) once stopped or out of time.
  bool CheckTime(const std::string& waiting_for) {
    if (stop_.stop_requested()) {
      Fail("cancelled while waiting for " + waiting_for);
      return false;
    }
    if (steady_clock::now() >= deadline_) {
      Fail("timed out after " + FormatSeconds(timeout_s_) + " waiting for " + waiting_for);
      return false;
    }
    return true;
  }

  bool Send(const json& message, const std::string& what) {
    for (;;) {
      Status s = p_.WriteLine(message.dump(), Slice());
      if (s.ok()) return true;
      if (s.code() != StatusCode::kTimeout) {
        Fail("cannot send " + what + ": " + s.message() + ExitNote());
        return false;
      }
      if (!CheckTime("the server to read " + what)) return false;
    }
  }

  std::optional<json> Receive(const std::string& method) {
    for (;;) {
      auto line = p_.ReadLine(Slice());
      if (!line.ok()) {
        if (line.status().code() != StatusCode::kTimeout) {
          return Fail("reading the answer to " + method + ": " + line.status().message());
        }
        if (!CheckTime("the answer to " + method)) return std::nullopt;
        continue;
      }
      if (!line->has_value()) {
        return Fail("the server closed its stdout before answering " + method + ExitNote());
      }
      const std::string& text = **line;
      if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
      std::optional<json> m = ParseMessage(text);
      if (!m) return std::nullopt;
      return m;
    }
  }

  std::optional<json> ParseMessage(const std::string& text) {
    auto doc = ParseJsonText(text);
    if (!doc.ok() || !doc->is_object() || doc->value("jsonrpc", json()) != "2.0") {
      return Fail("the server wrote something other than JSON-RPC on stdout: \"" + Clip(text) +
                  "\" (stdout carries protocol messages only; log to stderr)");
    }
    return *doc;
  }

  void AnswerServerRequest(const json& m) {
    json answer = {{"jsonrpc", "2.0"}, {"id", m["id"]}};
    if (m["method"] == "ping") {
      answer["result"] = json::object();
    } else {
      answer["error"] = {{"code", -32601}, {"message", "not supported by ua-deploy's check"}};
    }
    (void)p_.WriteLine(answer.dump(), Slice());
  }

  // " (the server ended: exit code 1)" once the process is gone, else "".
  std::string ExitNote() {
    auto exit = p_.Wait(std::min(deadline_, steady_clock::now() + milliseconds(500)));
    return exit.ok() ? " (the server ended: " + exit->Describe() + ")" : "";
  }

  Subprocess p_;
  Deadline deadline_;
  double timeout_s_;
  std::stop_token stop_;
  int64_t next_id_ = 1;
  std::string reason_;
};

// Checks initialize's result; fills the report. False with a reason on failure.
bool CheckInitialize(const json& result, Session* s, HandshakeReport* report) {
  if (!result.contains("protocolVersion") || !result["protocolVersion"].is_string()) {
    s->Fail("initialize result has no protocolVersion string");
    return false;
  }
  report->protocol_version = result["protocolVersion"].get<std::string>();
  if (!result.contains("serverInfo") || !result["serverInfo"].is_object() ||
      !result["serverInfo"].contains("name") || !result["serverInfo"]["name"].is_string()) {
    s->Fail("initialize result has no serverInfo.name");
    return false;
  }
  report->server_name = result["serverInfo"]["name"].get<std::string>();
  if (!IsKnownMcpRevision(report->protocol_version)) {
    s->Fail("the server negotiated protocol version \"" + Clip(report->protocol_version, 40) +
            "\", which is not an MCP revision ua-deploy knows (asked for " +
            kHandshakeProtocolVersion + ")");
    return false;
  }
  return true;
}

bool CheckTools(const TestConfig& test, Session* s, HandshakeReport* report) {
  json params = json::object();
  for (int page = 0; page < kMaxToolPages; ++page) {
    std::optional<json> result = s->Call("tools/list", params);
    if (!result) return false;
    if (!result->contains("tools") || !(*result)["tools"].is_array()) {
      s->Fail("tools/list result has no tools array");
      return false;
    }
    for (const json& tool : (*result)["tools"]) {
      if (!tool.is_object() || !tool.contains("name") || !tool["name"].is_string()) {
        s->Fail("tools/list returned a tool without a name: " + Clip(tool.dump()));
        return false;
      }
      report->tools.push_back(tool["name"].get<std::string>());
    }
    if (!result->contains("nextCursor") || !(*result)["nextCursor"].is_string()) break;
    params = {{"cursor", (*result)["nextCursor"]}};
  }
  if (test.expect_tools.empty()) {
    if (report->tools.empty()) {
      s->Fail("tools/list returned no tools");
      return false;
    }
    return true;
  }
  const std::set<std::string> got(report->tools.begin(), report->tools.end());
  const std::set<std::string> want(test.expect_tools.begin(), test.expect_tools.end());
  if (got == want) return true;
  std::string missing, extra;
  for (const std::string& n : want) {
    if (!got.count(n)) missing += (missing.empty() ? "" : ", ") + n;
  }
  for (const std::string& n : got) {
    if (!want.count(n)) extra += (extra.empty() ? "" : ", ") + n;
  }
  std::string reason = "tools/list does not match expect_tools:";
  if (!missing.empty()) reason += " missing " + missing + ";";
  if (!extra.empty()) reason += " unexpected " + extra + ";";
  reason.pop_back();
  s->Fail(reason);
  return false;
}

}  // namespace

std::string HandshakeSummary(const HandshakeReport& report) {
  std::string tools;
  for (const std::string& t : report.tools) tools += (tools.empty() ? "" : ", ") + t;
  return "server " + report.server_name + ", " + report.reason + ", " +
         std::to_string(report.tools.size()) + " tools: " + tools;
}

bool IsKnownMcpRevision(const std::string& version) {
  return version == "2025-11-25" || version == "2025-06-18" || version == "2025-03-26" ||
         version == "2024-11-05";
}

HandshakeReport RunMcpHandshake(const TestConfig& test, const std::filesystem::path& cwd,
                                std::stop_token stop) {
  HandshakeReport report;
  const auto started = steady_clock::now();
  const auto finish = [&](bool ok, std::string reason, const Subprocess* p) {
    report.ok = ok;
    report.reason = std::move(reason);
    if (p != nullptr) report.stderr_tail = TailOf(p->stderr_tail());
    report.ms = std::chrono::duration_cast<milliseconds>(steady_clock::now() - started).count();
    return report;
  };
  if (test.command.empty()) return finish(false, "no command to start the server", nullptr);
  SubprocessOptions o;
  o.argv = test.command;
  o.cwd = cwd.string();
  o.env = test.env;
  o.output_cap = 16 * 1024;
  auto process = Subprocess::Start(o);
  if (!process.ok()) {
    return finish(false, "cannot start the server: " + process.status().message(), nullptr);
  }
  const Deadline deadline =
      started + milliseconds(static_cast<int64_t>(std::max(test.timeout_s, 0.001) * 1000));
  Session s(std::move(process).value(), deadline, test.timeout_s, stop);
  const json init_params = {{"protocolVersion", kHandshakeProtocolVersion},
                            {"capabilities", json::object()},
                            {"clientInfo", {{"name", "ua-deploy"}, {"version", "1.0.0"}}}};
  std::optional<json> init = s.Call("initialize", init_params);
  bool ok = init && CheckInitialize(*init, &s, &report) && s.Notify("notifications/initialized") &&
            CheckTools(test, &s, &report) && s.ExpectExit();
  if (!ok) {
    s.process().Kill();
    return finish(false, s.reason(), &s.process());
  }
  std::string note = "protocol " + report.protocol_version;
  if (report.protocol_version != kHandshakeProtocolVersion) {
    note += " (an older MCP revision; asked for " + std::string(kHandshakeProtocolVersion) + ")";
  }
  return finish(true, note, &s.process());
}

}  // namespace ua::engine
