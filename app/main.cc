// ua-deploy: safe deployments of an MCP server's development tree into production.
// Subcommands: serve (MCP over stdio), status, deploy, rollback. See README.md and docs/.
#include <exception>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "app/cancel_command.h"
#include "app/exit_codes.h"
#include "app/logging_setup.h"
#include "app/operation_command.h"
#include "app/run_operation_command.h"
#include "app/serve_command.h"
#include "app/status_command.h"
#include "app/tool_options.h"
#include "base/status.h"
#include "platform/detached_process.h"
#include "tools/tool_session.h"

namespace {

struct CommonOptions {
  std::string config;
  std::string log_level;
};

void AddCommonOptions(CLI::App* cmd, CommonOptions* opts) {
  cmd->add_option("--config", opts->config,
                  "Config file (default: $UA_DEPLOY_CONFIG, ~/.config/ua-deploy/config.json, "
                  "else the built-in profile)");
  cmd->add_option("--log-level", opts->log_level,
                  "stderr log level: trace, debug, info, warn (default), error, off");
}

ua::tools::ToolSession MakeSession(const CommonOptions& opts) {
  ua::tools::ToolSession session;
  if (!opts.config.empty()) session.config_flag = std::filesystem::path(opts.config);
  session.executable = ua::CurrentExecutable();
  return session;
}

// deploy and rollback: their tool's arguments as options, plus --json, --detach and --yes.
struct OperationCli {
  std::string name;
  CLI::App* cmd;
  ua::Result<std::unique_ptr<ua::app::ToolOptions>> options;
  bool json = false;
  bool detach = false;
  bool yes = false;
};

OperationCli AddOperationCommand(CLI::App* app, CommonOptions* common, const std::string& name,
                                 const std::string& help) {
  CLI::App* cmd = app->add_subcommand(name, help);
  AddCommonOptions(cmd, common);
  return OperationCli{name, cmd, ua::app::ToolOptions::Add(cmd, "ua_self_" + name)};
}

// Binds the flags once the struct has its final address.
void AddOperationFlags(OperationCli* op) {
  op->cmd->add_flag("--json", op->json, "Print the ua_self_" + op->name + " JSON object");
  op->cmd->add_flag("--detach", op->detach,
                    "Run in a process of its own: print the operation's id and return at once");
  op->cmd->add_flag("--yes,-y", op->yes,
                    "Approve the change without asking (for profiles with \"confirm\": true)");
}

// Arguments that break the tool's schema, printed as PrintOutcome prints a refused request:
// "ua-deploy deploy: Invalid arguments: /version: ...", exit 2 (kInvalidArgument).
int RefuseArguments(const std::string& command, const ua::Status& status) {
  std::cerr << "ua-deploy " << command << ": " << status.ToString() << "\n";
  return ua::app::ExitCodeFor(status);
}

int Main(int argc, char** argv) {
  CLI::App app{"ua-deploy: deploy an MCP server's development tree into production, safely."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "ua-deploy 0.1.0");

  // require_subcommand(1): exactly one subcommand parses, so they share these variables.
  CommonOptions common;
  CLI::App* serve = app.add_subcommand("serve", "Run the MCP server on stdin/stdout");
  AddCommonOptions(serve, &common);

  // The options of status, deploy and rollback are their tools' arguments, generated from the
  // tools' input schemas (app/tool_options.h); only --config, --log-level and --json are not.
  using ua::app::ToolOptions;
  bool status_json = false;
  CLI::App* status = app.add_subcommand("status", "Show production, pending changes, backups");
  AddCommonOptions(status, &common);
  auto status_args = ToolOptions::Add(status, "ua_self_status");
  status->add_flag("--json", status_json, "Print the ua_self_status JSON object");
  std::string status_wait;
  status->add_option("--wait", status_wait,
                     "Follow this deploy or rollback (a deployment id) to its end, then report it "
                     "(exit 1 when it failed)");

  OperationCli deploy = AddOperationCommand(
      &app, &common, "deploy",
      "Deploy the source into production: validate, back up, switch, test, stamp");
  OperationCli rollback =
      AddOperationCommand(&app, &common, "rollback",
                          "Restore a backup into production (a safety backup is taken first)");
  AddOperationFlags(&deploy);
  AddOperationFlags(&rollback);

  std::string cancel_profile, cancel_id;
  CLI::App* cancel = app.add_subcommand(
      "cancel", "Stop a running deploy or rollback at its next safe point (rolls back)");
  AddCommonOptions(cancel, &common);
  cancel->add_option("--profile", cancel_profile, "Profile name (default: default_profile)");
  cancel->add_option("deployment_id", cancel_id, "The operation's id, as status shows it")
      ->required();

  // The process an MCP deploy or rollback runs in (tools/detached_run.h); not for people.
  ua::app::RunOperationOptions run_options;
  CLI::App* run_operation =
      app.add_subcommand("run-operation", "Run a detached operation (started by serve)");
  run_operation->group("");  // hidden from --help
  AddCommonOptions(run_operation, &common);
  run_operation->add_option("--operation", run_options.operation)->required();
  run_operation->add_option("--deployment-id", run_options.deployment_id)->required();
  run_operation->add_option("--arguments", run_options.arguments)->required();
  run_operation->add_option("--caller", run_options.caller)->required();

  for (const ua::Status& s :
       {status_args.status(), deploy.options.status(), rollback.options.status()}) {
    if (!s.ok()) {
      std::cerr << "ua-deploy: internal error: " << s.ToString() << "\n";
      return ua::app::kExitFailed;
    }
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? ua::app::kExitOk : ua::app::kExitUsage;
  }

  ua::app::SetUpLogging(common.log_level);
  const ua::tools::ToolSession session = MakeSession(common);
  if (serve->parsed()) return ua::app::RunServe(session);
  if (run_operation->parsed()) return ua::app::RunOperationCommand(session, run_options);
  if (cancel->parsed()) {
    return ua::app::RunCancelCommand(
        session, cancel_profile.empty() ? std::nullopt : std::optional<std::string>(cancel_profile),
        cancel_id);
  }
  for (const OperationCli* op : {&deploy, &rollback}) {
    if (!op->cmd->parsed()) continue;
    auto args = (*op->options)->Arguments();
    if (!args.ok()) return RefuseArguments(op->name, args.status());
    return ua::app::RunOperationCommand(session, {op->name, *args, op->json, op->detach, op->yes});
  }
  auto args = (*status_args)->Arguments();
  if (!args.ok()) return RefuseArguments("status", args.status());
  return ua::app::RunStatus(
      session, *args, status_json,
      status_wait.empty() ? std::nullopt : std::optional<std::string>(status_wait));
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Main(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "ua-deploy: internal error: " << e.what() << "\n";
    return ua::app::kExitFailed;
  }
}
