#include "core/search/seededOrder.h"

namespace sas::core
{

std::uint64_t mixSeed(std::uint64_t value)
{
    // SplitMix64 finaliser: every input bit affects every output bit.
    value += 0x9E3779B97F4A7C15ULL;
    value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9ULL;
    value = (value ^ (value >> 27)) * 0x94D049BB133111EBULL;
    return value ^ (value >> 31);
}

std::uint64_t keyHash(std::string_view key)
{
    std::uint64_t hash = 0xCBF29CE484222325ULL; // FNV-1a
    for (char c : key)
        hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001B3ULL;
    return hash;
}

std::uint64_t seededRank(std::uint64_t seed, std::string_view key)
{
    return mixSeed(seed ^ keyHash(key));
}

} // namespace sas::core
