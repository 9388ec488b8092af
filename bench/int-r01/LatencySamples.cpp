#include "bench/int-r01/LatencySamples.h"

#include <algorithm>
#include <cmath>

namespace sas::bench
{

void LatencySamples::merge(const LatencySamples& other)
{
    _samples.insert(_samples.end(), other._samples.begin(), other._samples.end());
    _sorted = false;
}

std::uint32_t LatencySamples::quantile(double q)
{
    if (_samples.empty())
        return 0;
    if (!_sorted)
    {
        std::sort(_samples.begin(), _samples.end());
        _sorted = true;
    }
    const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(_samples.size())));
    return _samples[std::min(_samples.size(), std::max<std::size_t>(rank, 1)) - 1];
}

} // namespace sas::bench
