#pragma once

#include <cstdint>
#include <string_view>

namespace sas::core
{

/// A pseudo-random rank for `key` under `seed`: the same seed always gives the same order (pages
/// of one search agree), another seed a different one (nobody is systematically first).
std::uint64_t seededRank(std::uint64_t seed, std::string_view key);

/// The key's hash that seededRank mixes with the seed: seededRank(s, k) == mixSeed(s ^ keyHash(k)),
/// so an index can hash its keys once.
std::uint64_t keyHash(std::string_view key);

/// A fresh seed from a time and a counter (the search's draw).
std::uint64_t mixSeed(std::uint64_t value);

} // namespace sas::core
