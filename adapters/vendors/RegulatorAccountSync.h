#pragma once

#include "adapters/vendors/VendorConnection.h"
#include "adapters/vendors/VendorRegistry.h"
#include "core/Clock.h"
#include "core/model/RegulatorAccount.h"

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sas::adapters::vendors
{

/// Where one regulator's account stands at one vendor.
enum class AccountSyncState
{
    Pending, ///< never acknowledged by the vendor (retried at the next login or retryFailed())
    Synced,  ///< the vendor holds exactly what we last sent
    Failed,  ///< the vendor held an older version; the last change was refused or unreachable (retried)
};

const char* toString(AccountSyncState state);

struct VendorAccountStatus
{
    std::string vendorId;
    AccountSyncState state = AccountSyncState::Pending;
    std::string knownIdentifier;   ///< `system|value` the vendor knows the account by (empty: never created)
    std::string vendorLocation;    ///< Location header of the last success
    int attempts = 0;              ///< failed attempts since the last success
    std::string lastError;
};

struct RegulatorAccountSyncConfig
{
    int attemptsPerCall = 3;                       ///< immediate retries for 5xx and transport failures
    std::chrono::milliseconds retryPause{200};
    std::chrono::milliseconds timeout{7000};
};

/// INT_R02 (sas-ig.md §1.5, §8.E #40–#46): creates, updates and deactivates regulator accounts at every enabled
/// end-to-end vendor, over the vendor's INT_R01 endpoint and mutual TLS.
/// - At login (onLogin): only vendors needing an action are called — POST when the vendor never acknowledged the
///   account, PUT `?identifier=<what the vendor knows>` when something changed; nothing when in sync.
/// - A technical → national identifier switch is a PUT keyed on the **old** technical identifier whose body holds
///   the new national one.
/// - Deactivation (deactivate) is sent at once, as PUT with `active: false`, never DELETE.
/// - 201 (with Location) or 200 is success; the state changes only then. 400/422 fail without retry; 5xx and
///   transport failures are retried `attemptsPerCall` times, then left for the next login or retryFailed().
/// Idempotent: the same call twice sends nothing the second time. State is kept in memory: after a restart the
/// next login re-sends a PUT, which the IG makes create-or-update, so nothing is duplicated.
class RegulatorAccountSync
{
public:
    RegulatorAccountSync(std::function<std::shared_ptr<const VendorRegistry>()> registry,
                         RegulatorAccountSyncConfig config = {});

    std::vector<VendorAccountStatus> onLogin(const core::RegulatorAccount& account);
    /// Deactivates where this node sent the account (nothing where it never did).
    std::vector<VendorAccountStatus> deactivate(const core::RegulatorAccount& account);
    /// Deactivates at every enabled end-to-end vendor, also where this node never sent the account (its state was
    /// lost by a restart, or another node sent it): a PUT `?identifier=` with `active: false`, which the IG makes
    /// create-or-update, so a vendor holding the account deactivates it and one that never did records it inactive.
    std::vector<VendorAccountStatus> deactivateAtEveryVendor(const core::RegulatorAccount& account);
    /// Re-sends what failed (a periodic task may call it); returns the regulators' statuses after the attempt.
    void retryFailed();
    std::vector<VendorAccountStatus> status(const std::string& technicalId) const;

    /// The FrPractitionerRegul body sent for an account (sas-ig.md §2.18).
    static std::string practitionerJson(const core::RegulatorAccount& account);

private:
    struct Entry
    {
        VendorAccountStatus status;
        std::string sentFingerprint; ///< body last acknowledged by the vendor
        core::RegulatorAccount desired;
    };

    enum class Reach
    {
        EveryVendor, ///< every enabled end-to-end vendor
        KnownOnly,   ///< only the vendors this node already sent the account to
    };
    std::vector<VendorAccountStatus> apply(const core::RegulatorAccount& account, Reach reach);
    void syncOne(const VendorDefinition& vendor, const core::RegulatorAccount& account, Entry& entry);
    VendorConnection* connectionFor(const VendorDefinition& vendor, std::string& error);

    std::function<std::shared_ptr<const VendorRegistry>()> _registry;
    RegulatorAccountSyncConfig _config;
    mutable std::mutex _mutex; // one regulator change at a time: INT_R02 volumes are a few per day
    std::map<std::pair<std::string, std::string>, Entry> _entries; // (technicalId, vendorId)
    std::map<std::string, std::unique_ptr<VendorConnection>> _connections;
};

} // namespace sas::adapters::vendors
