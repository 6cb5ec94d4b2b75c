#include "platform/subprocess.h"

#include <signal.h>

#include <fstream>
#include <thread>

#include <catch2/catch.hpp>

#include "tests/support/temp_dir.h"

namespace ua {
namespace {

using namespace std::chrono;
using ua::testing::TempDir;
using ua::testing::WriteFile;

Deadline In(milliseconds d) { return steady_clock::now() + d; }

TEST_CASE("Run reports the exit code and captures stdout and stderr", "[engine][subprocess]") {
  SubprocessOptions o;
  o.argv = {"sh", "-c", "echo out; echo err >&2; exit 3"};
  auto r = Subprocess::Run(o);
  REQUIRE(r.ok());
  CHECK(r->exit.exit_code == 3);
  CHECK_FALSE(r->exit.signal);
  CHECK_FALSE(r->exit.success());
  CHECK(r->stdout_text == "out\n");
  CHECK(r->stderr_text == "err\n");
  CHECK_FALSE(r->timed_out);
  CHECK(r->exit.Describe() == "exit code 3");
}

TEST_CASE("Run feeds stdin and sets cwd and env and keeps the output tail",
          "[engine][subprocess]") {
  TempDir dir;
  SubprocessOptions o;
  o.argv = {"sh", "-c", "cat; pwd; printf '%s' \"$UA_TEST_VAR\""};
  o.cwd = dir.path().string();
  o.env = {{"UA_TEST_VAR", "hello world"}};
  o.stdin_bytes = "from stdin\n";
  auto r = Subprocess::Run(o);
  REQUIRE(r.ok());
  CHECK(r->exit.success());
  std::string canonical = std::filesystem::canonical(dir.path()).string();
  CHECK(r->stdout_text == "from stdin\n" + canonical + "\nhello world");

  SubprocessOptions big;
  big.argv = {"sh", "-c", "i=0; while [ $i -lt 2000 ]; do echo line$i; i=$((i+1)); done"};
  big.output_cap = 100;
  auto b = Subprocess::Run(big);
  REQUIRE(b.ok());
  CHECK(b->stdout_truncated);
  CHECK(b->stdout_text.size() == 100);
  CHECK(b->stdout_text.substr(b->stdout_text.size() - 9) == "line1999\n");
}

#ifdef __linux__
// Dead means gone or a zombie waiting for init to reap it.
bool ProcessIsDead(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  if (!stat) return true;
  std::string line;
  std::getline(stat, line);
  auto close_paren = line.rfind(')');
  return close_paren != std::string::npos && close_paren + 2 < line.size() &&
         (line[close_paren + 2] == 'Z' || line[close_paren + 2] == 'X');
}

// SIGKILL is delivered asynchronously: poll the condition up to a deadline.
bool DiesWithin(pid_t pid, milliseconds limit) {
  auto deadline = steady_clock::now() + limit;
  while (!ProcessIsDead(pid)) {
    if (steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(milliseconds(5));
  }
  return true;
}
#endif

TEST_CASE("A timeout kills the whole process group quickly", "[engine][subprocess]") {
  SubprocessOptions o;
  // The shell backgrounds sleep and waits, so sleep is a grandchild holding the pipes.
  o.argv = {"sh", "-c", "sleep 30 & echo $!; wait"};
  o.timeout = milliseconds(300);
  auto start = steady_clock::now();
  auto r = Subprocess::Run(o);
  auto took = steady_clock::now() - start;
  REQUIRE(r.ok());
  CHECK(r->timed_out);
  CHECK(r->exit.signal == SIGKILL);
  CHECK(took < seconds(5));
#ifdef __linux__  // the check reads /proc
  pid_t grandchild = std::stoi(r->stdout_text);
  REQUIRE(grandchild > 0);
  CHECK(DiesWithin(grandchild, seconds(5)));
#endif
}

TEST_CASE("A missing program is a clear status", "[engine][subprocess]") {
  SubprocessOptions o;
  o.argv = {"ua-no-such-program-xyz", "--version"};
  auto r = Subprocess::Run(o);
  CHECK(r.status().code() == StatusCode::kNotFound);
  CHECK(r.status().message() == "ua-no-such-program-xyz: not found on PATH");

  o.argv = {"python3"};
  o.env = {{"PATH", "/nonexistent-dir"}};
  CHECK(Subprocess::Run(o).status().message() == "python3: not found on PATH");

  o.argv = {"/no/such/file"};
  CHECK(Subprocess::Run(o).status().code() == StatusCode::kNotFound);

  o.argv = {"true"};
  o.env.clear();
  o.cwd = "/no/such/dir";
  CHECK(Subprocess::Run(o).status().code() == StatusCode::kNotFound);
}

TEST_CASE("A child that exits without reading stdin does not kill us", "[engine][subprocess]") {
  SubprocessOptions o;
  o.argv = {"true"};
  o.stdin_bytes = std::string(1 << 20, 'x');
  auto r = Subprocess::Run(o);
  REQUIRE(r.ok());
  CHECK(r->exit.success());
}

TEST_CASE("Interactive mode round-trips lines with cat", "[engine][subprocess]") {
  SubprocessOptions o;
  o.argv = {"cat"};
  auto p = Subprocess::Start(o);
  REQUIRE(p.ok());
  CHECK(p->running());
  REQUIRE(p->WriteLine(R"({"jsonrpc":"2.0","id":1})", In(seconds(5))).ok());
  auto line = p->ReadLine(In(seconds(5)));
  REQUIRE(line.ok());
  REQUIRE(line->has_value());
  CHECK(**line == R"({"jsonrpc":"2.0","id":1})");
  REQUIRE(p->WriteLine("second", In(seconds(5))).ok());
  line = p->ReadLine(In(seconds(5)));
  REQUIRE(line.ok());
  CHECK(line->value_or("") == "second");

  auto none = p->ReadLine(In(milliseconds(100)));
  CHECK(none.status().code() == StatusCode::kTimeout);

  p->CloseStdin();
  auto eof = p->ReadLine(In(seconds(5)));
  REQUIRE(eof.ok());
  CHECK_FALSE(eof->has_value());
  auto exit = p->Wait(In(seconds(5)));
  REQUIRE(exit.ok());
  CHECK(exit->success());
  CHECK(p->WriteLine("late", In(seconds(1))).code() == StatusCode::kFailedPrecondition);
}

TEST_CASE("Interactive Wait times out and Kill ends the child", "[engine][subprocess]") {
  SubprocessOptions o;
  o.argv = {"sh", "-c", "echo starting >&2; sleep 30"};
  auto p = Subprocess::Start(o);
  REQUIRE(p.ok());
  CHECK(p->Wait(In(milliseconds(200))).status().code() == StatusCode::kTimeout);
  CHECK(p->running());
  ExitInfo info = p->Kill();
  CHECK(info.signal == SIGKILL);
  CHECK_FALSE(p->running());
  CHECK(p->stderr_tail() == "starting\n");
  CHECK(p->Kill().signal == SIGKILL);
}

}  // namespace
}  // namespace ua

namespace ua {
namespace {

TEST_CASE("Run kills the child when its stop is requested", "[subprocess]") {
  std::stop_source stop;
  stop.request_stop();
  SubprocessOptions o;
  o.argv = {"sleep", "30"};
  o.timeout = std::chrono::seconds(60);
  o.stop = stop.get_token();
  auto r = Subprocess::Run(o);
  REQUIRE(r.ok());
  CHECK(r->cancelled);
  CHECK_FALSE(r->timed_out);
  CHECK(r->exit.signal == SIGKILL);
  CHECK(r->ms < 30000);
}

}  // namespace
}  // namespace ua
