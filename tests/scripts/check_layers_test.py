#!/usr/bin/env python3
"""scripts/check_layers.py refuses what it must refuse: an upward include, an include of a
sibling layer that is not a dependency, and a cycle between two modules of one layer; and it
accepts a clean tree."""
import os
import subprocess
import sys
import tempfile
import unittest

CHECKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts",
                       "check_layers.py")
LAYERS = "lib_low|low|\nlib_mid|mid|lib_low\nlib_side|side|lib_low\nlib_top|top|lib_mid\n"


class CheckLayersTest(unittest.TestCase):

    def tree(self, files):
        root = tempfile.mkdtemp()
        for path, text in files.items():
            os.makedirs(os.path.join(root, os.path.dirname(path)), exist_ok=True)
            with open(os.path.join(root, path), "w") as f:
                f.write(text)
        with open(os.path.join(root, "layers.txt"), "w") as f:
            f.write(LAYERS)
        return root

    def run_checker(self, root):
        return subprocess.run(
            [sys.executable, CHECKER, "--layers", os.path.join(root, "layers.txt"), "--root",
             root], capture_output=True, text=True)

    def test_clean_tree_passes(self):
        root = self.tree({
            "low/a.h": "#pragma once\n",
            "mid/b.h": '#include "low/a.h"\n',
            "top/c.cc": '#include "mid/b.h"\n#include "low/a.h"\n#include <vector>\n',
        })
        r = self.run_checker(root)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("3 files in 4 layers", r.stdout)

    def test_upward_include_fails(self):
        root = self.tree({"low/a.h": '#include "mid/b.h"\n', "mid/b.h": "#pragma once\n"})
        r = self.run_checker(root)
        self.assertEqual(r.returncode, 1)
        self.assertIn("low/a.h: includes mid/b.h", r.stderr)

    def test_sibling_layer_is_not_below(self):
        root = self.tree({"side/s.h": "#pragma once\n", "mid/b.cc": '#include "side/s.h"\n'})
        r = self.run_checker(root)
        self.assertEqual(r.returncode, 1)
        self.assertIn("mid/b.cc: includes side/s.h", r.stderr)

    def test_module_cycle_fails(self):
        root = self.tree({
            "mid/x.h": '#include "mid/y.h"\n',
            "mid/y.h": "#pragma once\n",
            "mid/y.cc": '#include "mid/y.h"\n#include "mid/x.h"\n',
        })
        r = self.run_checker(root)
        self.assertEqual(r.returncode, 1)
        self.assertIn("include cycle between modules: mid/x -> mid/y -> mid/x", r.stderr)


if __name__ == "__main__":
    unittest.main()
