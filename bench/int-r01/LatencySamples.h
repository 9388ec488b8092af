#pragma once

#include <cstdint>
#include <vector>

namespace sas::bench
{

/// Every request latency of a run, in microseconds, kept whole (a 30 s run at a few thousand requests per second
/// is a few hundred thousand numbers), so percentiles are exact rather than bucketed.
class LatencySamples
{
public:
    void add(std::uint32_t micros)
    {
        _samples.push_back(micros);
        _sorted = false;
    }
    void merge(const LatencySamples& other);
    std::size_t count() const { return _samples.size(); }
    /// The latency at quantile q (0 < q ≤ 1): the smallest sample that at least q of all samples do not exceed.
    /// Sorts on first use after adding.
    std::uint32_t quantile(double q);

private:
    std::vector<std::uint32_t> _samples;
    bool _sorted = false;
};

} // namespace sas::bench
