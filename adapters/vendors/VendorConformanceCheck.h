#pragma once

#include "adapters/vendors/VendorDefinition.h"

#include <chrono>
#include <string>
#include <vector>

namespace sas::adapters::vendors
{

/// What `sas-gateway vendor-check` runs against a vendor endpoint before it is switched on.
struct ConformanceCheckOptions
{
    std::string baseUrl;
    VendorTls tls;                              ///< our client certificate and the CA the vendor's chain must reach
    std::vector<std::string> practitioners;     ///< RPPS/ADELI known to have free slots in the window (INT_R01)
    bool cpts = false;                          ///< send INT_R04 instead of INT_R01
    std::vector<std::string> sirets;            ///< SOS associations (optional: adds the SOS checks)
    std::chrono::system_clock::time_point windowStart;
    std::chrono::system_clock::time_point windowEnd;
    std::chrono::milliseconds maxAnswerTime{7000}; ///< sas-ig.md §5: 7 s
};

struct CheckOutcome
{
    std::string id;     ///< stable name ("bundle.full-url")
    std::string title;  ///< what the IG requires
    bool passed = false;
    std::string detail; ///< why it failed, or what was seen
};

struct ConformanceReport
{
    std::string baseUrl;
    std::vector<CheckOutcome> checks;
    bool passed() const;
};

/// Runs the IG's vendor obligations (sas-ig.md §1.2–1.4, §2, §5, §8.A–D seen from the vendor's side): mutual TLS
/// with and without our certificate, the search answer (status, time, content type, searchset Bundle, `total`, one
/// `self` link, `fullUrl` and `search.mode` on entries, `meta.profile` on resources, references resolvable in the
/// Bundle, prefixed identifiers, contained Location, instants with offsets, only free slots in the window, no empty
/// values, valid FHIR R4), the empty answer (200, `total: 0`, no entry) and an error answer (4xx + OperationOutcome).
ConformanceReport runConformanceCheck(const ConformanceCheckOptions& options);

/// One line per check ("PASS bundle.total  …"), then a summary line.
std::string formatReportText(const ConformanceReport& report);
/// {"baseUrl":…,"passed":…,"checks":[{"id","title","passed","detail"}]}
std::string formatReportJson(const ConformanceReport& report);

} // namespace sas::adapters::vendors
