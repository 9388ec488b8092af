#pragma once

#include "core/model/VendorSlot.h"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace sas::core
{

/// One thing whose availability a search needs from one vendor: a practitioner (prefixed or bare RPPS/ADELI) for
/// the PS and CPTS flows, an SOS Médecins association (prefixed or bare SIRET) for the SOS flow.
struct VendorTarget
{
    std::string vendorId;
    VendorFlow flow = VendorFlow::PractitionerIndividual;
    std::string identifier;
};

/// A fan-out: every target, one window, one deadline for the whole search.
struct VendorSearchRequest
{
    std::vector<VendorTarget> targets;
    std::chrono::system_clock::time_point windowStart;
    std::chrono::system_clock::time_point windowEnd;
    /// Shorter than the client's configured deadline when the search asks for less; never longer.
    std::optional<std::chrono::milliseconds> deadline;
};

/// How one vendor fared in one search.
enum class VendorStatus
{
    Ok,            ///< every batch answered in time and conformed
    Timeout,       ///< at least one batch had no answer by the deadline (late answers are dropped)
    Error,         ///< transport, TLS or HTTP failure (4xx/5xx)
    CircuitOpen,   ///< not called: the vendor failed repeatedly and is resting
    NonConformant, ///< answered, but the body broke the IG (unreadable, wrong Bundle type, slots dropped)
};

/// "ok", "timeout", "error", "circuit-open", "non-conformant".
const char* toString(VendorStatus status);

struct VendorOutcome
{
    std::string vendorId;
    VendorStatus status = VendorStatus::Ok;
    int batches = 0;          ///< requests needed (≤25 RPPS or ≤10 SIRET each)
    int cachedTargets = 0;    ///< targets answered from the freshness cache, without a call
    int slots = 0;            ///< slots kept
    int droppedSlots = 0;     ///< slots discarded as non-conformant
    std::vector<std::string> problems; ///< what went wrong, operator-readable, never patient data
};

struct VendorSearchResult
{
    std::vector<VendorSlot> slots;
    std::vector<VendorOutcome> vendors; ///< one per vendor named in the request, in first-seen order
};

/// The port the search engine uses to pull availability from booking vendors (INT_R01, INT_R04, SOS). An
/// implementation answers by the deadline whatever the vendors do, and never throws.
class VendorClient
{
public:
    virtual ~VendorClient() = default;
    virtual VendorSearchResult search(const VendorSearchRequest& request) = 0;
};

} // namespace sas::core
