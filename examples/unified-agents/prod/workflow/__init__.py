"""Workflows of the unified agents server: each module exposes run(text, agents)."""
