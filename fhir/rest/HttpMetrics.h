#pragma once

#include <array>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace sas::fhir::rest
{

/// Request counters and latency histograms by route template, method and status, plus gauges
/// registered by other modules (database pool, ...), rendered in the Prometheus text format.
/// Thread-safe.
class HttpMetrics
{
public:
    /// Upper bounds of the latency buckets, in seconds.
    static constexpr std::array<double, 12> BUCKETS{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                    0.1,   0.25,   0.5,   1.0,  2.5,   10.0};

    void observe(const std::string& routeTemplate, const std::string& method, int status, double seconds);

    /// Registers a gauge read at every scrape: `sampler` must be thread-safe and cheap.
    void addGauge(std::string name, std::string help, std::function<double()> sampler);

    /// The whole registry in the Prometheus text exposition format 0.0.4.
    std::string renderPrometheus() const;

private:
    struct Series
    {
        std::array<unsigned long long, BUCKETS.size()> buckets{};
        unsigned long long count = 0;
        double sum = 0;
    };
    struct Gauge
    {
        std::string name;
        std::string help;
        std::function<double()> sampler;
    };

    mutable std::mutex _mutex;
    std::map<std::tuple<std::string, std::string, int>, Series> _series;
    std::vector<Gauge> _gauges;
};

} // namespace sas::fhir::rest
