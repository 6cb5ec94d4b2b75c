#!/usr/bin/env python3
"""Fails when an include points up the layers or two modules include each other.

The layer table comes from CMakeLists.txt (each `ua_layer(LIB FOLDER DEPENDS ...)` writes one
line `LIB|FOLDER|DEP DEP ...` into <build>/layers.txt). A file in FOLDER may include headers of
FOLDER itself and of every layer FOLDER depends on, directly or through another layer. A module
is a `name.h`/`name.cc` pair; an include cycle between modules (a.h -> b.h -> a.h, in headers or
sources) is refused too, so every module can be read and tested on top of the ones below it.

Usage: check_layers.py --layers BUILD/layers.txt --root SOURCE_DIR
Prints one line per problem and exits 1; prints a one-line summary and exits 0 when clean.
"""
import argparse
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def read_layers(path):
    layers = {}  # lib -> (folder, [deps])
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            lib, folder, deps = (line.split("|") + ["", ""])[:3]
            layers[lib] = (folder, deps.split())
    return layers


def allowed_folders(layers):
    """folder -> the set of folders its files may include (itself and everything below)."""
    folder_of = {lib: folder for lib, (folder, _) in layers.items()}
    closure = {}

    def below(lib, seen):
        for dep in layers[lib][1]:
            if dep in layers and dep not in seen:
                seen.add(dep)
                below(dep, seen)
        return seen

    for lib, (folder, _) in layers.items():
        closure[folder] = {folder} | {folder_of[d] for d in below(lib, set())}
    return closure


def sources(root, folder):
    d = os.path.join(root, folder)
    if not os.path.isdir(d):
        return []
    return sorted(f for f in os.listdir(d)
                  if f.endswith((".h", ".cc")) and not f.endswith("_test.cc"))


def find_cycle(graph):
    """One module cycle as a list [a, b, ..., a], or None."""
    state = {}
    stack = []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def check(layers_file, root):
    layers = read_layers(layers_file)
    allowed = allowed_folders(layers)
    known = set(allowed)
    problems = []
    graph = {}
    files = 0
    for folder in sorted(known):
        for name in sources(root, folder):
            files += 1
            module = folder + "/" + os.path.splitext(name)[0]
            with open(os.path.join(root, folder, name), encoding="utf-8") as f:
                text = f.read()
            for inc in INCLUDE.findall(text):
                inc_folder = os.path.dirname(inc)
                if inc_folder not in known:
                    continue  # generated headers, third-party headers
                if inc_folder not in allowed[folder]:
                    problems.append(
                        f"{folder}/{name}: includes {inc}, but {folder} may only use "
                        f"{', '.join(sorted(allowed[folder]))}: move the shared piece down a "
                        f"layer, or pass it in from above")
                target = os.path.splitext(inc)[0]
                if target != module:
                    graph.setdefault(module, set()).add(target)
    cycle = find_cycle(graph)
    if cycle:
        problems.append("include cycle between modules: " + " -> ".join(cycle) +
                        ": move what both need into a module of its own")
    return problems, files, len(known)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layers", required=True)
    parser.add_argument("--root", required=True)
    args = parser.parse_args()
    problems, files, folders = check(args.layers, args.root)
    for p in problems:
        print("check_layers: " + p, file=sys.stderr)
    if problems:
        return 1
    print(f"check_layers: {files} files in {folders} layers, every include points down, "
          "no module cycles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
