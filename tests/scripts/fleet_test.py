#!/usr/bin/env python3
"""Many hosts through Ansible: the collection in ansible/ drives the Debian package on three
hosts reached over real ssh.

The hosts are three sshd daemons on loopback ports (tests/scripts/loopback_sshd.py), each with
its own host key and its own paths (source tree, production, backups, config); the client key
is generated for the run. The releases are tags of a git repository made from examples/:
v1.0.0 (the example's production), v1.1.0 (its dev tree), v1.2.0 (a server that prints a
banner on stdout, so its MCP handshake fails) and v1.3.0 (a good change on top of v1.1.0).

The README's "Many hosts" commands are run as written (build the package, roll a release out,
roll the fleet back), from a copy of ansible/ and ansible.cfg, as a user would, with other
releases put in for `-e ua_deploy_release=...` where a step needs them:

  1. no package on the machine: the rollout of v1.0.0 installs it and reaches every host;
  2. an older package (0.0.1) installed: the README's rollout of v1.1.0 upgrades it, and every
     host's production equals the release and its VERSION names it (version and commit);
  3. the same rollout again: changed=0 on every host;
  4. v1.2.0: the canary fails its handshake and is rolled back by ua-deploy, the other hosts
     are untouched, ansible-playbook exits non-zero, the summary says so;
  5. the README's fleet rollback: every host back to 1.0.0;
  6. v1.3.0 while the second host's lock is held: the canary takes it, the second host fails,
     the third is not reached; the fleet rollback driven by the summary returns only the
     canary, and a rerun changes nothing;
plus the modules alone: check mode with diff, ua_status facts, and bad arguments.

Exits 77 (CTest: skipped) with the reason when sshd cannot run here (not root, no
openssh-server) or ansible-core is missing. Installs the package with apt, as the role does
on real hosts, and removes it at the end when it was not installed before.

Usage: fleet_test.py --build BUILD_DIR --source REPO
"""
import argparse
import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklist import Checklist  # noqa: E402
from loopback_sshd import LoopbackHosts, why_unavailable  # noqa: E402

HOSTS = ["agents-1", "agents-2", "agents-3"]
MANAGED = ["server.py", "agents.json", "workflow/*.py", "templates/*.json", "version.txt"]
SKIP = 77


def run(argv, cwd, env, check=False):
    started = time.monotonic()
    proc = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    if argv[0].startswith("ansible"):
        print("# %s: %.1f s" % (" ".join(argv[:6]), time.monotonic() - started))
    if check and proc.returncode != 0:
        raise RuntimeError("%s failed (%d):\n%s" % (" ".join(argv), proc.returncode, proc.stdout))
    return proc


def readme_fleet_commands(readme):
    """The commands of the README's "Many hosts" section: package, rollout, fleet rollback."""
    with open(readme) as f:
        text = f.read()
    section = re.search(r"^## Many hosts\n(.*?)(?=^## )", text, re.S | re.M)
    if not section:
        raise RuntimeError("README.md has no '## Many hosts' section")
    block = re.search(r"```sh\n(.*?)```", section.group(1), re.S)
    commands = [line.split("  #")[0].strip() for line in block.group(1).splitlines()
                if line.strip() and not line.startswith("#")]
    if len(commands) != 3:
        raise RuntimeError("the 'Many hosts' section shows %d commands, not 3: %s"
                           % (len(commands), commands))
    return commands


# ---------------------------------------------------------------------------------------------
# The releases

def git(work, *argv):
    subprocess.run(["git", "-c", "user.name=Release Bot", "-c", "user.email=bot@example.net",
                    "-c", "init.defaultBranch=main", *argv], cwd=work, check=True,
                   stdout=subprocess.DEVNULL)


def make_releases(root, examples):
    """A bare repository with the tags v1.0.0 .. v1.3.0; returns its path and tag -> commit."""
    work = os.path.join(root, "release-work")
    shutil.copytree(os.path.join(examples, "unified-agents", "prod"), work,
                    ignore=shutil.ignore_patterns("VERSION", "logs", ".env", "local_config.json"))

    def tag(version):
        with open(os.path.join(work, "version.txt"), "w") as f:
            f.write(version + "\n")
        git(work, "add", "-A")
        git(work, "commit", "-q", "-m", "release " + version)
        git(work, "tag", "v" + version)

    git(work, "init", "-q")
    tag("1.0.0")
    for entry in os.listdir(work):
        if entry not in (".git", "version.txt"):
            shutil.rmtree(os.path.join(work, entry), ignore_errors=True)
            if os.path.exists(os.path.join(work, entry)):
                os.remove(os.path.join(work, entry))
    shutil.copytree(os.path.join(examples, "unified-agents", "dev"), work, dirs_exist_ok=True)
    tag("1.1.0")
    git(work, "apply", os.path.join(examples, "variants", "handshake-fails.patch"))
    tag("1.2.0")
    git(work, "checkout", "-q", "-b", "next", "v1.1.0")
    with open(os.path.join(work, "agents.json")) as f:
        agents = json.load(f)
    agents["release_note"] = "1.3.0 names its release"
    with open(os.path.join(work, "agents.json"), "w") as f:
        json.dump(agents, f, indent=2)
        f.write("\n")
    tag("1.3.0")
    bare = os.path.join(root, "releases.git")
    git(root, "clone", "-q", "--bare", work, bare)
    commits = {}
    for version in ("1.0.0", "1.1.0", "1.2.0", "1.3.0"):
        commits[version] = subprocess.run(["git", "rev-parse", "v%s^{commit}" % version],
                                          cwd=work, check=True, stdout=subprocess.PIPE,
                                          text=True).stdout.strip()
    return bare, work, commits


def tree_at(work, version):
    """The managed files of a release: relative path -> bytes."""
    listing = subprocess.run(["git", "ls-tree", "-r", "--name-only", "v" + version], cwd=work,
                             check=True, stdout=subprocess.PIPE, text=True).stdout.split()
    return {path: subprocess.run(["git", "show", "v%s:%s" % (version, path)], cwd=work,
                                 check=True, stdout=subprocess.PIPE).stdout
            for path in listing}


def tree_of(directory):
    files = {}
    for base, _, names in os.walk(directory):
        for name in names:
            path = os.path.join(base, name)
            rel = os.path.relpath(path, directory)
            if rel != "VERSION":
                with open(path, "rb") as f:
                    files[rel] = f.read()
    return files


# ---------------------------------------------------------------------------------------------
# The inventory

def write_inventory(path, hosts, releases):
    group = {"hosts": {}, "vars": {
        "ansible_host": "127.0.0.1",
        "ansible_user": "root",
        "ansible_ssh_private_key_file": hosts.client_key,
        "ansible_ssh_common_args": hosts.ssh_args(),
        "ansible_python_interpreter": "/usr/bin/python3",
        "ua_deploy_git_repo": releases,
        "ua_deploy_source": "{{ ua_deploy_root }}/dev",
        "ua_deploy_config_path": "{{ ua_deploy_root }}/config.json",
        "ua_deploy_config": {
            "default_profile": "agents",
            "log_file": "{{ ua_deploy_root }}/deployments.log",
            "profiles": {"agents": {
                "source": "{{ ua_deploy_root }}/dev",
                "target": "{{ ua_deploy_root }}/prod",
                "backup_dir": "{{ ua_deploy_root }}/backups",
                "include": MANAGED,
                "version_from": "version.txt",
                "validators": [{"type": "json"}, {"type": "python_syntax"}],
                "tests": [{"type": "mcp_handshake", "command": ["python3", "server.py"],
                           "timeout_s": 10}],
            }},
        },
    }}
    for name in hosts.names:
        group["hosts"][name] = {"ansible_port": hosts.ports[name],
                                "ua_deploy_root": hosts.dirs[name],
                                "ansible_remote_tmp": os.path.join(hosts.dirs[name], "tmp")}
    with open(path, "w") as f:
        json.dump({"ua_deploy": group}, f, indent=2)  # JSON is YAML


# ---------------------------------------------------------------------------------------------
# Reading the results

def recap(output):
    """PLAY RECAP: host -> {ok, changed, failed, ...}."""
    counts = {}
    for line in output.split("PLAY RECAP")[-1].splitlines():
        match = re.match(r"^(\S+)\s+:\s+(.*)$", line)
        if match:
            counts[match.group(1)] = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)",
                                                                         match.group(2))}
    return counts


def summary(path):
    with open(path) as f:
        return {line["host"]: line for line in map(json.loads, f)}


def version_file(hosts, name):
    path = os.path.join(hosts.dirs[name], "prod", "VERSION")
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        return json.load(f)


def dpkg_version():
    proc = subprocess.run(["dpkg-query", "--show", "--showformat=${db:Status-Status} ${Version}",
                           "ua-deploy"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          text=True)
    words = proc.stdout.split()
    return words[1] if len(words) == 2 and words[0] == "installed" else None


class Fleet:
    def __init__(self, check, root, hosts, work, commands, env):
        self.check, self.root, self.hosts, self.work = check, root, hosts, work
        self.package_cmd, self.rollout_cmd, self.rollback_cmd = commands
        self.env = env
        self.summary_path = os.path.join(root, "ua-deploy-summary.jsonl")

    def rollout(self, release):
        argv = re.sub(r"ua_deploy_release=\S+", "ua_deploy_release=" + release,
                      self.rollout_cmd).split()
        return run(argv, self.root, self.env)

    def at_release(self, names, version, commits):
        expected = tree_at(self.work, version)
        for name in names:
            prod = tree_of(os.path.join(self.hosts.dirs[name], "prod"))
            stamped = version_file(self.hosts, name)
            self.check("%s: production equals release %s" % (name, version), prod == expected,
                       "differs: %s" % sorted(set(prod.items()) ^ set(expected.items()))[:400])
            self.check("%s: VERSION names %s (commit %s)" % (name, version, commits[version][:8]),
                       stamped.get("version") == version
                       and stamped.get("git_commit") == commits[version], stamped)

    def adhoc(self, module, args, *flags):
        argv = ["ansible", "-i", "ansible/inventory.yml", HOSTS[0], "-m", module, "-a",
                json.dumps(args), *flags]
        return run(argv, self.root, self.env)


def scenario(check, fleet, commits, hosts):
    # 1. No package: the rollout installs it.
    proc = run(fleet.package_cmd.split(), fleet.root, fleet.env)
    check("the README's package command exits 0", proc.returncode == 0, proc.stdout[-3000:])
    debs = [d for d in os.listdir(os.path.join(fleet.root, "build")) if d.endswith(".deb")]
    check("it writes build/ua-deploy_<version>_<arch>.deb", len(debs) == 1, debs)
    info = run(["dpkg-deb", "--field", os.path.join(fleet.root, "build", debs[0]), "Package",
                "Depends"], fleet.root, fleet.env).stdout
    check("the package is ua-deploy and depends on libgit2 (found by dpkg-shlibdeps)",
          "Package: ua-deploy" in info and "libgit2" in info, info)
    subprocess.run(["dpkg", "--purge", "ua-deploy"], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    proc = fleet.rollout("v1.0.0")
    check("rollout of v1.0.0 on hosts without the package exits 0", proc.returncode == 0,
          proc.stdout[-6000:])
    check("the role installed the package", dpkg_version() is not None, dpkg_version())
    check("the installed ua-deploy is the one just built",
          run(["/usr/bin/ua-deploy", "--version"], fleet.root, fleet.env).stdout
          == run([fleet.env["UA_BIN"], "--version"], fleet.root, fleet.env).stdout)
    fleet.at_release(HOSTS, "1.0.0", commits)

    # 2. An older package: the README's rollout (v1.1.0) upgrades it and reaches every host.
    old = os.path.join(fleet.root, "old-package")
    run(["cpack", "-G", "DEB", "-D", "CPACK_PACKAGE_VERSION=0.0.1", "-B", old, "--config",
         os.path.join(fleet.root, "build", "CPackConfig.cmake")], fleet.root, fleet.env,
        check=True)
    run(["dpkg", "-i", os.path.join(old, "ua-deploy_0.0.1_amd64.deb")], fleet.root, fleet.env,
        check=True)
    check("the older package 0.0.1 is installed before the rollout", dpkg_version() == "0.0.1")
    proc = run(fleet.rollout_cmd.split(), fleet.root, fleet.env)
    check("the README's rollout (v1.1.0) exits 0", proc.returncode == 0, proc.stdout[-6000:])
    check("the role upgraded 0.0.1 to the built package",
          dpkg_version() not in (None, "0.0.1"), dpkg_version())
    check("the canary went alone, first (serial batch of 1)",
          proc.stdout.find(HOSTS[0]) < proc.stdout.find(HOSTS[1])
          and re.search(r"PLAY \[Roll out a release, canary first\].*?TASK.*?" + HOSTS[0],
                        proc.stdout, re.S) is not None)
    fleet.at_release(HOSTS, "1.1.0", commits)
    lines = summary(fleet.summary_path)
    check("the summary has one JSON line per host with outcome, version, id and duration",
          sorted(lines) == HOSTS and all(
              line["outcome"] == "complete" and line["version"] == "1.1.0"
              and line["deployment_id"] and isinstance(line["duration_ms"], int)
              for line in lines.values()), lines)
    check("the summary is printed at the end", "UA-DEPLOY SUMMARY" in proc.stdout
          and all(re.search(r"%s\s+complete\s+1\.1\.0" % h, proc.stdout) for h in HOSTS),
          proc.stdout[-2000:])

    # 3. Nothing new: changed=0 everywhere.
    proc = run(fleet.rollout_cmd.split(), fleet.root, fleet.env)
    counts = recap(proc.stdout)
    check("a rerun with nothing new exits 0 with changed=0 on every host",
          proc.returncode == 0 and sorted(counts) == HOSTS
          and all(c.get("changed") == 0 for c in counts.values()), proc.stdout[-3000:])
    check("and its summary says no_changes",
          all(line["outcome"] == "no_changes" for line in summary(fleet.summary_path).values()))

    # 4. A release that fails its handshake on the canary stops the rollout.
    proc = fleet.rollout("v1.2.0")
    lines = summary(fleet.summary_path)
    check("rollout of v1.2.0 (handshake fails) exits non-zero", proc.returncode != 0,
          proc.stdout[-3000:])
    check("the canary is rolled_back with the reason and the deployment id",
          lines[HOSTS[0]]["outcome"] == "rolled_back" and lines[HOSTS[0]].get("deployment_id")
          and "stdout" in lines[HOSTS[0]].get("failure_reason", ""), lines.get(HOSTS[0]))
    check("the other hosts were not reached",
          all(lines[h]["outcome"] == "not_reached" for h in HOSTS[1:]), lines)
    counts = recap(proc.stdout)
    check("the other hosts ran no task", all(h not in counts or counts[h].get("ok") == 0
                                             for h in HOSTS[1:]), counts)
    fleet.at_release(HOSTS, "1.1.0", commits)

    # 5. The README's fleet rollback: every host to the previous version.
    proc = run(fleet.rollback_cmd.split(), fleet.root, fleet.env)
    check("the README's fleet rollback exits 0", proc.returncode == 0, proc.stdout[-4000:])
    fleet.at_release(HOSTS, "1.0.0", commits)

    # 6. A rollout that stops in the second batch, then the rollback of the hosts it reached.
    lock_path = os.path.join(hosts.dirs[HOSTS[1]], "backups", "deploy.lock")
    with open(lock_path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        proc = fleet.rollout("v1.3.0")
    lines = summary(fleet.summary_path)
    check("v1.3.0 with the second host's lock held exits non-zero", proc.returncode != 0)
    check("summary: canary complete, second failed (lock held), third not reached",
          [lines[h]["outcome"] for h in HOSTS] == ["complete", "failed", "not_reached"]
          and "lock" in lines[HOSTS[1]].get("failure_reason", ""), lines)
    fleet.at_release(HOSTS[:1], "1.3.0", commits)
    fleet.at_release(HOSTS[1:], "1.0.0", commits)
    stopped = os.path.join(fleet.root, "stopped-rollout.jsonl")
    shutil.copy(fleet.summary_path, stopped)
    rollback = fleet.rollback_cmd.split() + ["-e", "ua_deploy_summary=stopped-rollout.jsonl"]
    proc = run(rollback, fleet.root, fleet.env)
    counts = recap(proc.stdout)
    check("the summary-driven fleet rollback exits 0 and changes only the canary",
          proc.returncode == 0 and counts.get(HOSTS[0], {}).get("changed") == 1
          and all(counts.get(h, {}).get("changed") == 0 for h in HOSTS[1:]),
          proc.stdout[-4000:])
    fleet.at_release(HOSTS, "1.0.0", commits)
    proc = run(rollback, fleet.root, fleet.env)
    check("run again, it changes nothing", proc.returncode == 0 and all(
        c.get("changed") == 0 for c in recap(proc.stdout).values()), proc.stdout[-3000:])

    # The modules alone.
    config = os.path.join(hosts.dirs[HOSTS[0]], "config.json")
    proc = fleet.adhoc("ua.deploy.ua_deploy", {"config": config}, "--check", "--diff")
    check("check mode + diff mode: a dry run that shows the diff and changes nothing",
          proc.returncode == 0 and "CHANGED" in proc.stdout and "+++ b/agents.json" in proc.stdout
          and '"outcome": "dry_run"' in proc.stdout, proc.stdout[-3000:])
    fleet.at_release(HOSTS[:1], "1.0.0", commits)
    proc = fleet.adhoc("ua.deploy.ua_status", {"config": config})
    check("ua_status returns facts: version, commit, backups",
          proc.returncode == 0 and '"version": "1.0.0"' in proc.stdout
          and '"ua_deploy_status"' in proc.stdout and commits["1.0.0"] in proc.stdout,
          proc.stdout[-3000:])
    proc = fleet.adhoc("ua.deploy.ua_rollback", {"config": config, "version": "1.0.0",
                                                 "backup_id": "x"})
    check("ua_rollback with a version and a backup id: Ansible's mutually exclusive failure",
          proc.returncode != 0 and "mutually exclusive" in proc.stdout, proc.stdout[-2000:])
    proc = fleet.adhoc("ua.deploy.ua_deploy", {"config": config, "approve": "perhaps"})
    check("a non-boolean approve: Ansible's type failure",
          proc.returncode != 0 and "perhaps" in proc.stdout and "bool" in proc.stdout,
          proc.stdout[-2000:])
    proc = fleet.adhoc("ua.deploy.ua_deploy", {"config": config, "profile": "nope"})
    check("an unknown profile: ua-deploy's message, production untouched",
          proc.returncode != 0 and "refused" in proc.stdout and "nope" in proc.stdout,
          proc.stdout[-2000:])
    fleet.at_release(HOSTS[:1], "1.0.0", commits)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--stop-after-hosts", action="store_true",
                        help="start the hosts, write the inventory, print the directory and "
                             "wait for Enter (to try the playbooks by hand)")
    args = parser.parse_args()
    args.source, args.build = os.path.abspath(args.source), os.path.abspath(args.build)
    reason = why_unavailable()
    for program in ("ansible-playbook", "ansible", "cpack", "dpkg-deb", "git"):
        if not reason and not shutil.which(program):
            reason = "%s is missing (apt-get install ansible-core)" % program
    if reason:
        print("SKIP: fleet test: " + reason)
        return SKIP

    check = Checklist()
    commands = readme_fleet_commands(os.path.join(args.source, "README.md"))
    root = tempfile.mkdtemp(prefix="ua-fleet-")
    shutil.copytree(os.path.join(args.source, "ansible"), os.path.join(root, "ansible"),
                    ignore=shutil.ignore_patterns("inventory.yml", "*.jsonl"))
    shutil.copy(os.path.join(args.source, "ansible.cfg"), root)
    os.symlink(os.path.abspath(args.build), os.path.join(root, "build"))
    hosts = LoopbackHosts(os.path.join(root, "hosts"), HOSTS)
    was_installed = dpkg_version()
    env = dict(os.environ, ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0",
               ANSIBLE_LOCAL_TEMP=os.path.join(root, "ansible-tmp"),
               ANSIBLE_SSH_CONTROL_PATH_DIR=hosts.control_dir,
               ANSIBLE_HOME=os.path.join(root, "ansible-home"),
               UA_BIN=os.path.join(os.path.abspath(args.build), "ua-deploy"))
    env.pop("UA_DEPLOY_SUMMARY", None)
    try:
        hosts.start()
        releases, work, commits = make_releases(root, os.path.join(args.source, "examples"))
        write_inventory(os.path.join(root, "ansible", "inventory.yml"), hosts, releases)
        if args.stop_after_hosts:
            print("hosts are up; inventory: %s/ansible/inventory.yml; Enter ends" % root)
            sys.stdin.readline()
            return 0
        scenario(check, Fleet(check, root, hosts, work, commands, env), commits, hosts)
    finally:
        hosts.stop()
        if was_installed is None:
            subprocess.run(["dpkg", "--purge", "ua-deploy"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=False)
        if check.failures:
            print("kept for inspection: " + root)
        else:
            shutil.rmtree(root, ignore_errors=True)
    return check.exit_code()


if __name__ == "__main__":
    sys.exit(main())
