// ua-deploy: safe deployments of an MCP server's development tree into production.
// Subcommands: serve (MCP over stdio), status, deploy, rollback. See README.md and docs/.
#include <exception>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "app/deploy_command.h"
#include "app/exit_codes.h"
#include "app/logging_setup.h"
#include "app/rollback_command.h"
#include "app/serve_command.h"
#include "app/status_command.h"
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
  return session;
}

int Main(int argc, char** argv) {
  CLI::App app{"ua-deploy: deploy an MCP server's development tree into production, safely."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "ua-deploy 0.1.0");

  // require_subcommand(1): exactly one subcommand parses, so they share these variables.
  CommonOptions common;
  CLI::App* serve = app.add_subcommand("serve", "Run the MCP server on stdin/stdout");
  AddCommonOptions(serve, &common);

  std::string status_profile;
  bool status_json = false;
  bool status_check_health = false;
  CLI::App* status = app.add_subcommand("status", "Show production, pending changes, backups");
  AddCommonOptions(status, &common);
  status->add_option("--profile", status_profile, "Profile name (default: default_profile)");
  status->add_flag("--check-health", status_check_health,
                   "Start production's server and run the profile's mcp_handshake against it "
                   "(exit 1 when unhealthy)");
  status->add_flag("--json", status_json, "Print the ua_self_status JSON object");

  ua::tools::DeployArguments deploy_args;
  std::string deploy_profile, deploy_version;
  bool deploy_json = false;
  CLI::App* deploy = app.add_subcommand(
      "deploy", "Deploy the source into production: validate, back up, switch, test, stamp");
  AddCommonOptions(deploy, &common);
  deploy->add_option("--profile", deploy_profile, "Profile name (default: default_profile)");
  deploy->add_flag("--dry-run", deploy_args.dry_run, "Check and preview only; change nothing");
  deploy->add_option("--version", deploy_version, "Version to stamp (x.y.z)");
  deploy->add_option("--message", deploy_args.message, "Free text recorded in the history");
  deploy->add_flag("--json", deploy_json, "Print the ua_self_deploy JSON object");

  ua::tools::RollbackArguments rollback_args;
  std::string rollback_profile, rollback_to, rollback_version;
  bool rollback_json = false;
  CLI::App* rollback = app.add_subcommand(
      "rollback", "Restore a backup into production (a safety backup is taken first)");
  AddCommonOptions(rollback, &common);
  rollback->add_option("--profile", rollback_profile, "Profile name (default: default_profile)");
  rollback->add_option("--to", rollback_to,
                       "Backup id to restore (default: the newest good backup that differs)");
  rollback->add_option("--version", rollback_version,
                       "Restore the newest good backup holding this version (x.y.z)");
  rollback->add_flag("--list", rollback_args.list,
                     "List the backups, newest first; change nothing");
  rollback->add_flag("--dry-run", rollback_args.dry_run, "Show what would change; change nothing");
  rollback->add_flag("--json", rollback_json, "Print the ua_self_rollback JSON object");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? ua::app::kExitOk : ua::app::kExitUsage;
  }

  ua::app::SetUpLogging(common.log_level);
  const ua::tools::ToolSession session = MakeSession(common);
  if (serve->parsed()) return ua::app::RunServe(session);
  if (deploy->parsed()) {
    if (!deploy_profile.empty()) deploy_args.profile = deploy_profile;
    if (!deploy_version.empty()) deploy_args.version = deploy_version;
    return ua::app::RunDeployCommand(session, deploy_args, deploy_json);
  }
  if (rollback->parsed()) {
    if (!rollback_profile.empty()) rollback_args.profile = rollback_profile;
    if (!rollback_to.empty()) rollback_args.backup_id = rollback_to;
    if (!rollback_version.empty()) rollback_args.version = rollback_version;
    return ua::app::RunRollbackCommand(session, rollback_args, rollback_json);
  }
  ua::tools::StatusRequest status_request;
  if (!status_profile.empty()) status_request.profile = status_profile;
  status_request.check_health = status_check_health;
  return ua::app::RunStatus(session, status_request, status_json);
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
