"""Routes a request to the agent whose keywords it mentions most."""

import re


def run(text, agents):
    words = set(re.findall(r"[a-z]+", text.lower()))
    scored = []
    for agent in agents
        hits = sorted(words.intersection(agent.get("keywords", [])))
        scored.append((len(hits), agent["name"], hits))
    scored.sort(key=lambda s: (-s[0], s[1]))
    if not scored or scored[0][0] == 0:
        return {"agent": None, "matched": [], "reason": "no agent keyword in the request"}
    count, name, hits = scored[0]
    return {"agent": name, "matched": hits, "reason": f"{count} keyword(s) matched"}
