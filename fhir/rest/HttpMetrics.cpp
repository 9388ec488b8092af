#include "fhir/rest/HttpMetrics.h"

#include <limits>
#include <sstream>

namespace sas::fhir::rest
{
namespace
{

std::string escapeLabel(const std::string& value)
{
    std::string out;
    for (char c : value)
    {
        if (c == '\\' || c == '"')
            out += '\\';
        if (c == '\n')
        {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

} // namespace

void HttpMetrics::observe(const std::string& routeTemplate, const std::string& method, int status, double seconds)
{
    std::lock_guard lock(_mutex);
    Series& series = _series[{routeTemplate, method, status}];
    for (size_t i = 0; i < BUCKETS.size(); ++i)
        if (seconds <= BUCKETS[i])
            ++series.buckets[i];
    ++series.count;
    series.sum += seconds;
}

void HttpMetrics::addGauge(std::string name, std::string help, std::function<double()> sampler)
{
    std::lock_guard lock(_mutex);
    _gauges.push_back(Gauge{std::move(name), std::move(help), std::move(sampler)});
}

std::string HttpMetrics::renderPrometheus() const
{
    std::lock_guard lock(_mutex);
    std::ostringstream out;
    out.precision(std::numeric_limits<double>::max_digits10); // sums grow large; keep sub-ms resolution
    out << "# HELP sas_http_requests_total HTTP requests answered, by route template, method and status.\n"
        << "# TYPE sas_http_requests_total counter\n";
    for (const auto& [key, series] : _series)
    {
        const auto& [route, method, status] = key;
        out << "sas_http_requests_total{route=\"" << escapeLabel(route) << "\",method=\"" << escapeLabel(method)
            << "\",status=\"" << status << "\"} " << series.count << '\n';
    }
    out << "# HELP sas_http_request_duration_seconds Time from request headers to response sent.\n"
        << "# TYPE sas_http_request_duration_seconds histogram\n";
    for (const auto& [key, series] : _series)
    {
        const auto& [route, method, status] = key;
        const std::string labels =
            "route=\"" + escapeLabel(route) + "\",method=\"" + escapeLabel(method) + "\",status=\"" + std::to_string(status) + '"';
        for (size_t i = 0; i < BUCKETS.size(); ++i)
            out << "sas_http_request_duration_seconds_bucket{" << labels << ",le=\"" << BUCKETS[i] << "\"} "
                << series.buckets[i] << '\n';
        out << "sas_http_request_duration_seconds_bucket{" << labels << ",le=\"+Inf\"} " << series.count << '\n';
        out << "sas_http_request_duration_seconds_sum{" << labels << "} " << series.sum << '\n';
        out << "sas_http_request_duration_seconds_count{" << labels << "} " << series.count << '\n';
    }
    for (const auto& gauge : _gauges)
    {
        out << "# HELP " << gauge.name << ' ' << gauge.help << '\n'
            << "# TYPE " << gauge.name << " gauge\n"
            << gauge.name << ' ' << gauge.sampler() << '\n';
    }
    return out.str();
}

} // namespace sas::fhir::rest
