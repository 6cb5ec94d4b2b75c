"""ProfileSandbox: a temporary folder for a script test of the real binary. HOME and
XDG_CACHE_HOME point inside it; each profile gets <root>/<name>/{dev,prod,backups}; the config
(<root>/config.json, log file inside the root) is rewritten whenever a profile is added.
Owned by one test; remove `root` when done."""
import json
import os
import subprocess
import tempfile


class ProfileSandbox:
    def __init__(self, binary, prefix):
        self.bin = binary
        self.root = tempfile.mkdtemp(prefix=prefix)
        self.env = dict(os.environ, HOME=self.root,
                        XDG_CACHE_HOME=os.path.join(self.root, "cache"))
        self.profiles = {}
        self.config = os.path.join(self.root, "config.json")

    def add_profile(self, name, **options):
        """Profile `name` managing every file (include **), no validators or tests unless
        `options` say otherwise; returns its (source, target) folders, both created."""
        src = os.path.join(self.root, name, "dev")
        prod = os.path.join(self.root, name, "prod")
        os.makedirs(src)
        os.makedirs(prod)
        self.profiles[name] = dict({"source": src, "target": prod,
                                    "backup_dir": os.path.join(self.root, name, "backups"),
                                    "include": ["**"], "validators": [], "tests": []}, **options)
        self.write_config()
        return src, prod

    def write_config(self):
        with open(self.config, "w") as f:
            json.dump({"log_file": os.path.join(self.root, "deployments.log"),
                       "profiles": self.profiles}, f)

    def run(self, *argv, stdin=None, env=None, prefix=()):
        """`ua-deploy ARGV --config <config>`, optionally behind a `prefix` command."""
        return subprocess.run([*prefix, self.bin, *argv, "--config", self.config], input=stdin,
                              capture_output=True, text=True, env=env or self.env, timeout=120)
