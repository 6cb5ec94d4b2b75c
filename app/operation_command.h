// `ua-deploy deploy|rollback [options] [--json] [--detach] [--yes]`: the options besides
// --json, --detach and --yes are the tools' arguments (app/tool_options.h).
//
// A profile with "confirm": true asks before production changes: the question (what will
// change, from a preview of the same call) goes to stderr and the answer is read from the
// terminal; only "y" or "yes" goes ahead. --yes approves without asking. Without a terminal
// and without --yes the command refuses (exit 1) and changes nothing.
//
// In the foreground (the default) the operation runs in this process and keeps its live
// record, so `ua-deploy status` and `ua-deploy cancel` see it; SIGINT/SIGTERM (Ctrl-C) stop it
// at the next safe point and roll back. On a terminal one progress line is drawn on stderr
// (state, percent, files, elapsed); on a pipe or with --json nothing but the result is
// printed. --detach starts it in a process of its own, as an MCP call does, prints its
// deployment id and returns.
//
// Main thread only.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "tools/tool_session.h"

namespace ua::app {

struct OperationCommand {
  std::string operation;  // "deploy" | "rollback"
  nlohmann::json args;    // the tool's arguments, checked and completed
  bool json = false;
  bool detach = false;
  bool yes = false;  // approved beforehand: do not ask
};

int RunOperationCommand(const tools::ToolSession& session, const OperationCommand& command);

}  // namespace ua::app
