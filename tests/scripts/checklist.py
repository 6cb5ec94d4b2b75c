"""Checklist: how every script test reports. Each check prints "ok - <name>" or
"not ok - <name>" with the detail indented under it; exit_code() prints the summary and
returns 0 when every check passed, else 1."""


class Checklist:
    def __init__(self):
        self.failures = []

    def __call__(self, name, condition, detail=""):
        print(("ok - " if condition else "not ok - ") + name)
        if not condition:
            self.failures.append(name)
            if detail:
                print("    " + str(detail).replace("\n", "\n    ")[:4000])
        return condition

    def exit_code(self):
        if self.failures:
            print("%d check(s) failed: %s" % (len(self.failures), ", ".join(self.failures)))
            return 1
        print("all checks passed")
        return 0
