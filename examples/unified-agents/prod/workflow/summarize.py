"""Summarizes text as its first sentence plus a word count."""

import re


def run(text, agents):
    del agents  # summarizing needs no agent
    sentences = re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)
    return {"summary": sentences[0] if sentences else "", "words": len(text.split())}
