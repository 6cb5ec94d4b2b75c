// Small formatting helpers for the short human texts that accompany every tool result:
// relative ages ("2 hours ago"), counts with plural nouns ("1 file", "3 files"), and
// bounded lists of paths ("a, b, c and 4 more"), and sentences built from engine messages.
// Pure functions; safe from any thread.
#pragma once

#include <string>
#include <vector>

namespace ua::tools {

std::string RelativeAge(double seconds);
std::string CountNoun(size_t n, const std::string& singular, const std::string& plural);
std::string ListSome(const std::vector<std::string>& items, size_t max_shown);
// `text` ending in ".", "!" or "?", so an engine message can be followed by another sentence.
std::string AsSentence(std::string text);

}  // namespace ua::tools
