#include "fhir/rest/HttpMetrics.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using sas::fhir::rest::HttpMetrics;

namespace
{

/// One sample line of the Prometheus text format: name{labels} value.
struct Sample
{
    std::string name;
    std::map<std::string, std::string> labels;
    double value = 0;
};

/// A strict reader of the text exposition format 0.0.4, enough for these tests: a malformed
/// line (such as an unescaped quote in a label value) throws, as it would fail a real scrape.
std::vector<Sample> parsePrometheus(const std::string& text)
{
    std::vector<Sample> samples;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line))
    {
        if (line.empty() || line[0] == '#')
            continue;
        Sample sample;
        size_t i = 0;
        while (i < line.size() && (std::isalnum(static_cast<unsigned char>(line[i])) || line[i] == '_' || line[i] == ':'))
            sample.name += line[i++];
        if (sample.name.empty())
            throw std::runtime_error("no metric name: " + line);
        if (i < line.size() && line[i] == '{')
        {
            ++i;
            while (i < line.size() && line[i] != '}')
            {
                std::string label;
                while (i < line.size() && (std::isalnum(static_cast<unsigned char>(line[i])) || line[i] == '_'))
                    label += line[i++];
                if (label.empty() || i + 1 >= line.size() || line[i] != '=' || line[i + 1] != '"')
                    throw std::runtime_error("bad label in: " + line);
                i += 2;
                std::string value;
                while (i < line.size() && line[i] != '"')
                {
                    if (line[i] == '\\')
                    {
                        if (i + 1 >= line.size())
                            throw std::runtime_error("dangling escape in: " + line);
                        const char escaped = line[i + 1];
                        if (escaped == 'n')
                            value += '\n';
                        else if (escaped == '\\' || escaped == '"')
                            value += escaped;
                        else
                            throw std::runtime_error("bad escape in: " + line);
                        i += 2;
                    }
                    else
                        value += line[i++];
                }
                if (i >= line.size())
                    throw std::runtime_error("unterminated label value in: " + line);
                ++i; // closing quote
                sample.labels[label] = value;
                if (i < line.size() && line[i] == ',')
                    ++i;
                else if (i >= line.size() || line[i] != '}')
                    throw std::runtime_error("expected , or } in: " + line);
            }
            if (i >= line.size())
                throw std::runtime_error("unterminated label set in: " + line);
            ++i; // closing brace
        }
        if (i >= line.size() || line[i] != ' ')
            throw std::runtime_error("expected a space before the value in: " + line);
        const std::string valueText = line.substr(i + 1);
        if (valueText == "+Inf")
            sample.value = HUGE_VAL;
        else
        {
            char* end = nullptr;
            sample.value = std::strtod(valueText.c_str(), &end);
            if (valueText.empty() || *end != '\0')
                throw std::runtime_error("bad value in: " + line);
        }
        samples.push_back(std::move(sample));
    }
    return samples;
}

/// The value of the one sample with that name and exactly these labels (others ignored when
/// not listed), or nullopt.
std::optional<double> find(const std::vector<Sample>& samples, const std::string& name,
                           const std::map<std::string, std::string>& labels)
{
    std::optional<double> found;
    for (const auto& sample : samples)
    {
        if (sample.name != name)
            continue;
        bool matches = true;
        for (const auto& [key, value] : labels)
        {
            const auto it = sample.labels.find(key);
            matches = matches && it != sample.labels.end() && it->second == value;
        }
        if (matches)
        {
            if (found)
                throw std::runtime_error("several samples match " + name);
            found = sample.value;
        }
    }
    return found;
}

/// The histogram buckets of one series, by upper bound (+Inf as HUGE_VAL).
std::map<double, double> bucketsOf(const std::vector<Sample>& samples, const std::map<std::string, std::string>& labels)
{
    std::map<double, double> buckets;
    for (const auto& sample : samples)
    {
        if (sample.name != "sas_http_request_duration_seconds_bucket")
            continue;
        bool matches = true;
        for (const auto& [key, value] : labels)
        {
            const auto it = sample.labels.find(key);
            matches = matches && it != sample.labels.end() && it->second == value;
        }
        if (!matches)
            continue;
        const std::string& le = sample.labels.at("le");
        buckets[le == "+Inf" ? HUGE_VAL : std::strtod(le.c_str(), nullptr)] = sample.value;
    }
    return buckets;
}

using Labels = std::map<std::string, std::string>;

} // namespace

TEST(HttpMetrics, CountsRequestsByRouteMethodAndStatus)
{
    HttpMetrics metrics;
    metrics.observe("/fhir/Slot", "GET", 200, 0.01);
    metrics.observe("/fhir/Slot", "GET", 200, 0.02);
    metrics.observe("/fhir/Slot", "POST", 201, 0.03);
    metrics.observe("/fhir/Slot", "GET", 404, 0.001);
    metrics.observe("/fhir/{type}/{id}", "GET", 200, 0.001);

    const auto samples = parsePrometheus(metrics.renderPrometheus());
    const std::string total = "sas_http_requests_total";
    EXPECT_EQ(find(samples, total, {{"route", "/fhir/Slot"}, {"method", "GET"}, {"status", "200"}}), 2.0);
    EXPECT_EQ(find(samples, total, {{"route", "/fhir/Slot"}, {"method", "POST"}, {"status", "201"}}), 1.0);
    EXPECT_EQ(find(samples, total, {{"route", "/fhir/Slot"}, {"method", "GET"}, {"status", "404"}}), 1.0);
    EXPECT_EQ(find(samples, total, {{"route", "/fhir/{type}/{id}"}, {"method", "GET"}, {"status", "200"}}), 1.0);
    EXPECT_FALSE(find(samples, total, {{"route", "/fhir/Slot"}, {"method", "DELETE"}}));
}

TEST(HttpMetrics, EmptyRegistryRendersValidText)
{
    HttpMetrics metrics;
    const std::string text = metrics.renderPrometheus();
    EXPECT_TRUE(parsePrometheus(text).empty());
    EXPECT_NE(text.find("# TYPE sas_http_requests_total counter"), std::string::npos);
    EXPECT_NE(text.find("# TYPE sas_http_request_duration_seconds histogram"), std::string::npos);
}

TEST(HttpMetrics, HistogramBucketsAreCumulative)
{
    HttpMetrics metrics;
    metrics.observe("/r", "GET", 200, 0.003);

    const auto samples = parsePrometheus(metrics.renderPrometheus());
    const Labels labels{{"route", "/r"}, {"method", "GET"}, {"status", "200"}};
    const auto buckets = bucketsOf(samples, labels);
    ASSERT_EQ(buckets.size(), HttpMetrics::BUCKETS.size() + 1) << "every bound plus +Inf";

    EXPECT_EQ(buckets.at(0.001), 0.0);
    EXPECT_EQ(buckets.at(0.0025), 0.0);
    for (double bound : HttpMetrics::BUCKETS)
    {
        if (bound < 0.005)
            continue;
        EXPECT_EQ(buckets.at(bound), 1.0) << "le=" << bound;
    }
    EXPECT_EQ(buckets.at(HUGE_VAL), 1.0);
}

TEST(HttpMetrics, HistogramCountsAreMonotonicAndInfEqualsCount)
{
    HttpMetrics metrics;
    for (double seconds : {0.0005, 0.001, 0.004, 0.02, 0.2, 0.9, 3.0, 60.0})
        metrics.observe("/r", "POST", 201, seconds);

    const auto samples = parsePrometheus(metrics.renderPrometheus());
    const Labels labels{{"route", "/r"}, {"method", "POST"}, {"status", "201"}};
    const auto buckets = bucketsOf(samples, labels);
    double previous = 0;
    for (const auto& [bound, count] : buckets)
    {
        EXPECT_GE(count, previous) << "le=" << bound;
        previous = count;
    }
    EXPECT_EQ(buckets.at(0.001), 2.0) << "a bound is inclusive (le)";
    EXPECT_EQ(buckets.at(10.0), 7.0);
    EXPECT_EQ(buckets.at(HUGE_VAL), 8.0);
    EXPECT_EQ(find(samples, "sas_http_request_duration_seconds_count", labels), 8.0);
    const auto sum = find(samples, "sas_http_request_duration_seconds_sum", labels);
    ASSERT_TRUE(sum);
    EXPECT_NEAR(*sum, 64.1255, 1e-6);
}

TEST(HttpMetrics, SumKeepsPrecisionForALongRunningProcess)
{
    // A week at 20 requests/s of 100 ms each: the sum is ~1.2e6 s. rate(sum)/rate(count) needs
    // sub-second resolution of the sum.
    HttpMetrics metrics;
    metrics.observe("/r", "GET", 200, 1209600.125);
    metrics.observe("/r", "GET", 200, 0.25);

    const auto samples = parsePrometheus(metrics.renderPrometheus());
    const auto sum = find(samples, "sas_http_request_duration_seconds_sum", {{"route", "/r"}});
    ASSERT_TRUE(sum);
    EXPECT_NEAR(*sum, 1209600.375, 0.001);
}

TEST(HttpMetrics, GaugesAreSampledAtEachRender)
{
    HttpMetrics metrics;
    std::atomic<int> idle{3};
    metrics.addGauge("sas_db_pool_idle", "Idle database connections.", [&idle] { return double(idle.load()); });

    const std::string first = metrics.renderPrometheus();
    EXPECT_EQ(find(parsePrometheus(first), "sas_db_pool_idle", {}), 3.0);
    EXPECT_NE(first.find("# TYPE sas_db_pool_idle gauge"), std::string::npos);

    idle = 7;
    EXPECT_EQ(find(parsePrometheus(metrics.renderPrometheus()), "sas_db_pool_idle", {}), 7.0);
}

TEST(HttpMetrics, RouteLabelIsEscaped)
{
    HttpMetrics metrics;
    const std::string route = "/odd\"route\\with\nall";
    metrics.observe(route, "GET", 200, 0.001);

    const auto samples = parsePrometheus(metrics.renderPrometheus());
    EXPECT_EQ(find(samples, "sas_http_requests_total", {{"route", route}}), 1.0);
    EXPECT_EQ(find(samples, "sas_http_request_duration_seconds_count", {{"route", route}}), 1.0);
}

TEST(HttpMetrics, MethodLabelIsEscaped)
{
    // The method comes from the request line, which POCO does not validate: any client, even one
    // without a certificate, can send `GE"T /x HTTP/1.1`. One such request must not break every
    // later scrape.
    HttpMetrics metrics;
    metrics.observe("unmatched", "GE\"T\\", 401, 0.001);
    metrics.observe("/r", "GET", 200, 0.001);

    std::vector<Sample> samples;
    ASSERT_NO_THROW(samples = parsePrometheus(metrics.renderPrometheus()));
    EXPECT_EQ(find(samples, "sas_http_requests_total", {{"route", "/r"}}), 1.0);
}

TEST(HttpMetrics, ConcurrentObservationsAreAllCounted)
{
    HttpMetrics metrics;
    constexpr int THREADS = 8;
    constexpr int PER_THREAD = 2000;
    std::vector<std::thread> threads;
    std::atomic<bool> stop{false};
    std::thread scraper([&] {
        while (!stop)
            parsePrometheus(metrics.renderPrometheus());
    });
    for (int t = 0; t < THREADS; ++t)
        threads.emplace_back([&metrics, t] {
            for (int i = 0; i < PER_THREAD; ++i)
                metrics.observe(t % 2 ? "/a" : "/b", "GET", 200, 0.002);
        });
    for (auto& thread : threads)
        thread.join();
    stop = true;
    scraper.join();

    const auto samples = parsePrometheus(metrics.renderPrometheus());
    const double a = find(samples, "sas_http_requests_total", {{"route", "/a"}}).value_or(0);
    const double b = find(samples, "sas_http_requests_total", {{"route", "/b"}}).value_or(0);
    EXPECT_EQ(a, THREADS / 2 * PER_THREAD);
    EXPECT_EQ(b, THREADS / 2 * PER_THREAD);
    EXPECT_EQ(bucketsOf(samples, {{"route", "/a"}}).at(0.0025), THREADS / 2 * PER_THREAD);
}
