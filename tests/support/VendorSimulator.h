#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace sas::test
{

/// How a simulated booking vendor answers (tests of sas-ig.md §8.A–C and the vendor-check command).
enum class VendorBehaviour
{
    Conformant,       ///< the IG's answers, built from the IG example Bundles, filtered to the request
    Slow,             ///< the conformant answer, after `delay` (10 s by default)
    ServerError,      ///< 500 with an OperationOutcome
    MalformedJson,    ///< 200 with a truncated JSON body
    WrongBundleType,  ///< the conformant Bundle with type "collection"
    OutsideWindow,    ///< the conformant Bundle without the window filter, plus one busy slot
    Sloppy,           ///< slots right, but no fullUrl, no meta.profile, no total, unprefixed RPPS, 404 when empty
};

struct VendorSimulatorOptions
{
    VendorSimulatorOptions(VendorBehaviour behaviour_ = VendorBehaviour::Conformant, std::string certificate_ = "server",
                           bool requireClientCertificate_ = true,
                           std::chrono::milliseconds delay_ = std::chrono::milliseconds(10000))
        : behaviour(behaviour_), certificate(std::move(certificate_)),
          requireClientCertificate(requireClientCertificate_), delay(delay_) {}

    VendorBehaviour behaviour;
    std::string certificate;       ///< dev PKI server certificate: "server" (localhost) or "wrong-host"
    bool requireClientCertificate; ///< false: a vendor that forgets mutual TLS
    std::chrono::milliseconds delay; ///< for Slow
    /// Set: every example Slot is moved by one offset so the earliest starts at this instant (a gateway searching
    /// at the real time then finds them in its window); unset: the IG examples' own dates.
    std::optional<std::chrono::system_clock::time_point> slotsFrom;
};

/// One request as the simulator saw it.
struct SimulatedRequest
{
    std::string method;
    std::string uri;
    std::string body;
    std::string clientCommonName;
};

/// A booking vendor's FHIR endpoint played by a real HTTPS server on 127.0.0.1 with mutual TLS (dev PKI): serves
/// INT_R01/INT_R04 (`GET /fhir/Slot`), SOS (`GET /fhir/Schedule`) from the IG example Bundles, checks the request
/// is the IG's (400 + OperationOutcome otherwise), and takes INT_R02 Practitioner POST / conditional PUT.
class VendorSimulator
{
public:
    explicit VendorSimulator(VendorSimulatorOptions options = {});
    ~VendorSimulator();

    int port() const;
    std::string baseUrl() const; ///< https://localhost:<port>/fhir
    std::vector<SimulatedRequest> requests() const;
    std::size_t connections() const; ///< TCP connections accepted so far (keep-alive reuses one)
    /// INT_R02 accounts held, by the identifier `system|value` they were created or last updated with.
    std::vector<std::string> accountsJson() const;
    /// Makes the next `count` Practitioner writes fail with 503 (retry tests).
    void failNextWrites(int count);

    struct State;

private:
    std::shared_ptr<State> _state;
};

} // namespace sas::test
