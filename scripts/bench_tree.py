"""Generates the benchmark trees: <work>/dev and <work>/prod with N managed files
(~19 KB on average, ~190 MB for 10,000), prod differing from dev in 1% of the files
(modified, added and removed), plus unmanaged files, and <work>/config.json."""
import json
import os
import random
import sys

work, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(20261121)
dev, prod = os.path.join(work, "dev"), os.path.join(work, "prod")


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


for i in range(count):
    rel = f"pkg{i // 100:03d}/mod{i % 100:03d}.py"
    size = rng.randint(2_000, 36_000)
    data = (f"# module {i}\n".encode() + os.urandom(size // 2).hex().encode())[:size]
    write(os.path.join(dev, rel), data)
    if i % 100 == 0:  # 1%: modified in dev
        write(os.path.join(prod, rel), data[:-1] + b"#")
    elif i % 100 == 1:  # 1%: added in dev (absent from prod)
        pass
    else:
        write(os.path.join(prod, rel), data)
for i in range(count // 100):  # 1%: removed from dev (only in prod)
    write(os.path.join(prod, f"old/gone{i:03d}.py"), b"obsolete\n")
write(os.path.join(prod, ".env"), b"TOKEN=unmanaged\n")
write(os.path.join(prod, "logs/server.log"), b"unmanaged log\n")

config = {
    "default_profile": "bench",
    "log_file": os.path.join(work, "deployments.log"),
    "profiles": {
        "bench": {
            "source": dev,
            "target": prod,
            "backup_dir": os.path.join(work, "backups"),
            "include": ["**/*.py"],
            "exclude": [".env", "logs/**"],
        }
    },
}
with open(os.path.join(work, "config.json"), "w") as f:
    json.dump(config, f, indent=2)
