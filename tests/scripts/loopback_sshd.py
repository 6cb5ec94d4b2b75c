"""LoopbackHosts: several "hosts" on this machine, each a real sshd from Debian's
openssh-server listening on its own loopback port, with its own host key and its own
directory. Keys are generated for the run; nothing outside the run's directory is read or
written (no ~/.ssh, no /etc/ssh), except /run/sshd, which sshd needs for privilege separation.

Needs root (sshd switches to the logging-in user) and /usr/sbin/sshd; why_unavailable() says
what is missing so a test can skip with that reason. Readiness is sshd's own "Server listening"
line on stderr, not a sleep. stop() ends each sshd, every session process it forked and the
ssh client masters (ControlPersist) left in control_dir.

Not thread-safe; one instance per test run. Standard library only.
"""
import os
import shutil
import signal
import socket
import subprocess
import threading

SSHD = "/usr/sbin/sshd"
SFTP_SERVER = "/usr/lib/openssh/sftp-server"


def why_unavailable():
    if os.geteuid() != 0:
        return "needs root: sshd must switch to the logging-in user"
    for program in (SSHD, shutil.which("ssh") or "ssh", shutil.which("ssh-keygen") or "ssh-keygen"):
        if not os.path.exists(program):
            return "%s is missing: apt-get install openssh-server openssh-client" % program
    return None


def free_loopback_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def keygen(path):
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "ua-deploy-test",
                    "-f", path], check=True)


def descendants(pid):
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry) as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


class LoopbackHosts:
    def __init__(self, root, names):
        self.root = root
        self.names = list(names)
        self.client_key = os.path.join(root, "client_key")
        self.known_hosts = os.path.join(root, "known_hosts")
        self.control_dir = os.path.join(root, "cp")
        self.ports = {}
        self.dirs = {}
        self._daemons = {}
        self._logs = {}

    def start(self):
        os.makedirs(self.control_dir, exist_ok=True)
        os.makedirs("/run/sshd", mode=0o755, exist_ok=True)
        keygen(self.client_key)
        authorized = os.path.join(self.root, "authorized_keys")
        shutil.copy(self.client_key + ".pub", authorized)
        known = []
        for name in self.names:
            home = os.path.join(self.root, name)
            os.makedirs(home, exist_ok=True)
            self.dirs[name] = home
            host_key = os.path.join(home, "ssh_host_ed25519_key")
            keygen(host_key)
            port = free_loopback_port()
            self.ports[name] = port
            config = os.path.join(home, "sshd_config")
            with open(config, "w") as f:
                f.write("\n".join([
                    "Port %d" % port, "ListenAddress 127.0.0.1", "HostKey " + host_key,
                    "PidFile " + os.path.join(home, "sshd.pid"),
                    "AuthorizedKeysFile " + authorized,
                    # The run's directory lives under /tmp, which is world-writable.
                    "StrictModes no", "PubkeyAuthentication yes", "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no", "PermitRootLogin prohibit-password",
                    "UsePAM no", "Subsystem sftp " + SFTP_SERVER, ""]))
            with open(host_key + ".pub") as f:
                key_type, key = f.read().split()[:2]
            known.append("[127.0.0.1]:%d %s %s" % (port, key_type, key))
            self._start_daemon(name, config, port)
        with open(self.known_hosts, "w") as f:
            f.write("\n".join(known) + "\n")

    def _start_daemon(self, name, config, port):
        daemon = subprocess.Popen([SSHD, "-D", "-e", "-f", config], stdin=subprocess.DEVNULL,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        log, ready = [], threading.Event()

        def drain():
            # Reads every line for as long as sshd runs, so its log can never fill the pipe.
            for line in daemon.stderr:
                log.append(line)
                if "Server listening" in line:
                    ready.set()
            ready.set()

        threading.Thread(target=drain, daemon=True).start()
        self._daemons[name] = daemon
        self._logs[name] = log
        if not ready.wait(30) or daemon.poll() is not None:
            raise RuntimeError("sshd for %s did not start on port %d:\n%s"
                               % (name, port, "".join(log)))

    def log(self, name):
        return "".join(self._logs.get(name, []))

    def ssh_args(self):
        """What Ansible (ansible_ssh_common_args) and ssh need to reach the hosts."""
        return ("-o UserKnownHostsFile=%s -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes"
                % self.known_hosts)

    def stop(self):
        for socket_name in os.listdir(self.control_dir) if os.path.isdir(self.control_dir) else []:
            subprocess.run(["ssh", "-o", "ControlPath=" + os.path.join(self.control_dir,
                                                                     socket_name),
                            "-O", "exit", "ignored"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=False)
        for daemon in self._daemons.values():
            for pid in descendants(daemon.pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            daemon.terminate()
            try:
                daemon.wait(10)
            except subprocess.TimeoutExpired:
                daemon.kill()
                daemon.wait()
