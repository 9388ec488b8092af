#include "adapters/vendors/RegulatorAccountSync.h"

#include <algorithm>

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <thread>

namespace sas::adapters::vendors
{
namespace
{

constexpr const char* NATIONAL_SYSTEM = "urn:oid:1.2.250.1.71.4.2.1";
constexpr const char* SAS_SYSTEM = "urn:oid:1.2.250.1.213.3.6";

/// `system|value` of the identifier an account is sent with: national when known, else technical (§8.E #41).
std::string identifierOf(const core::RegulatorAccount& account)
{
    return account.nationalId ? std::string(NATIONAL_SYSTEM) + "|" + *account.nationalId
                              : std::string(SAS_SYSTEM) + "|" + account.technicalId;
}

bool concerns(const VendorDefinition& vendor)
{
    return vendor.enabled && vendor.capability == VendorCapability::EndToEnd && !vendor.baseUrl.empty();
}

} // namespace

const char* toString(AccountSyncState state)
{
    switch (state)
    {
    case AccountSyncState::Pending:
        return "pending";
    case AccountSyncState::Synced:
        return "synced";
    case AccountSyncState::Failed:
        return "failed";
    }
    return "pending";
}

RegulatorAccountSync::RegulatorAccountSync(std::function<std::shared_ptr<const VendorRegistry>()> registry,
                                           RegulatorAccountSyncConfig config)
    : _registry(std::move(registry)), _config(config)
{
}

std::string RegulatorAccountSync::practitionerJson(const core::RegulatorAccount& account)
{
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    auto string = [&](const std::string& value) { w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size())); };
    w.StartObject();
    w.Key("resourceType");
    w.String("Practitioner");
    w.Key("meta");
    w.StartObject();
    w.Key("source");
    w.String(SAS_SYSTEM);
    w.Key("profile");
    w.StartArray();
    w.String("https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/FrPractitionerRegul");
    w.EndArray();
    w.EndObject();
    w.Key("identifier");
    w.StartArray();
    w.StartObject();
    w.Key("type");
    w.StartObject();
    w.Key("coding");
    w.StartArray();
    w.StartObject();
    w.Key("system");
    w.String("http://interopsante.org/fhir/CodeSystem/fr-v2-0203");
    w.Key("code");
    w.String(account.nationalId ? "IDNPS" : "INTRN");
    w.EndObject();
    w.EndArray();
    w.EndObject();
    w.Key("system");
    w.String(account.nationalId ? NATIONAL_SYSTEM : SAS_SYSTEM);
    w.Key("value");
    string(account.nationalId ? *account.nationalId : account.technicalId);
    w.EndObject();
    w.EndArray();
    w.Key("active");
    w.Bool(account.active);
    w.Key("name");
    w.StartArray();
    w.StartObject();
    w.Key("family");
    string(account.family);
    w.Key("given");
    w.StartArray();
    string(account.given);
    w.EndArray();
    w.EndObject();
    w.EndArray();
    if (!account.email.empty()) // FHIR has no empty strings: no e-mail, no telecom (Pro Santé Connect gives none)
    {
        w.Key("telecom");
        w.StartArray();
        w.StartObject();
        w.Key("system");
        w.String("email");
        w.Key("value");
        string(account.email);
        w.EndObject();
        w.EndArray();
    }
    w.EndObject();
    return {buffer.GetString(), buffer.GetSize()};
}

VendorConnection* RegulatorAccountSync::connectionFor(const VendorDefinition& vendor, std::string& error)
{
    auto& connection = _connections[vendor.id];
    if (!connection || connection->vendor().baseUrl != vendor.baseUrl ||
        connection->vendor().tls.certificateFile != vendor.tls.certificateFile)
    {
        try
        {
            connection = std::make_unique<VendorConnection>(vendor);
        }
        catch (const Poco::Exception& e)
        {
            error = "TLS set-up failed: " + e.displayText();
            connection.reset();
        }
    }
    return connection.get();
}

void RegulatorAccountSync::syncOne(const VendorDefinition& vendor, const core::RegulatorAccount& account, Entry& entry)
{
    const std::string body = practitionerJson(account);
    entry.desired = account;
    VendorAccountStatus& status = entry.status;
    if (status.state == AccountSyncState::Synced && entry.sentFingerprint == body)
        return; // nothing changed: no call (§8.E #45)

    std::string error;
    VendorConnection* connection = connectionFor(vendor, error);
    if (!connection)
    {
        ++status.attempts;
        status.lastError = error;
        status.state = status.knownIdentifier.empty() ? AccountSyncState::Pending : AccountSyncState::Failed;
        return;
    }

    VendorHttpRequest request;
    request.body = body;
    if (status.knownIdentifier.empty())
    {
        request.method = "POST";
        request.target = "/Practitioner";
    }
    else
    {
        // Keyed on what the vendor knows: the old technical id when switching to the national one (§8.E #43).
        request.method = "PUT";
        request.target = "/Practitioner?identifier=";
        Poco::URI::encode(status.knownIdentifier, "&+#%|=?", request.target);
    }

    for (int attempt = 1; attempt <= _config.attemptsPerCall; ++attempt)
    {
        // The vendor's own request time-out from the registry when shorter than INT_R02's.
        auto response = connection->send(request, std::min(_config.timeout, vendor.requestTimeout));
        const bool success = response && (response->status == 200 || response->status == 201);
        if (success)
        {
            status.state = AccountSyncState::Synced;
            status.knownIdentifier = identifierOf(account);
            status.vendorLocation = response->location;
            status.attempts = 0;
            status.lastError.clear();
            entry.sentFingerprint = body;
            return;
        }
        ++status.attempts;
        status.lastError = response ? "HTTP " + std::to_string(response->status) : response.error().message;
        if (request.method == "POST")
        {
            // The vendor may have created it before the failure: later attempts use the idempotent PUT.
            request.method = "PUT";
            request.target = "/Practitioner?identifier=";
            Poco::URI::encode(identifierOf(account), "&+#%|=?", request.target);
            status.knownIdentifier.clear();
        }
        const bool retryable = !response || response->status >= 500 || response->status == 429;
        if (!retryable || attempt == _config.attemptsPerCall)
            break;
        std::this_thread::sleep_for(_config.retryPause);
    }
    status.state = entry.sentFingerprint.empty() ? AccountSyncState::Pending : AccountSyncState::Failed;
    if (status.knownIdentifier.empty() && request.method == "PUT")
        status.knownIdentifier = identifierOf(account); // what the PUT retries are keyed on from now on
}

std::vector<VendorAccountStatus> RegulatorAccountSync::apply(const core::RegulatorAccount& account, Reach reach)
{
    const auto registry = _registry();
    std::vector<VendorAccountStatus> out;
    std::lock_guard lock(_mutex);
    if (!registry)
        return out;
    for (const auto& [id, vendor] : registry->all())
    {
        if (!concerns(vendor))
            continue;
        const auto key = std::make_pair(account.technicalId, id);
        auto found = _entries.find(key);
        if (reach == Reach::KnownOnly && found == _entries.end())
            continue; // never sent there: nothing to deactivate
        Entry& entry = _entries[key];
        entry.status.vendorId = id;
        if (!account.active && entry.status.knownIdentifier.empty())
            entry.status.knownIdentifier = identifierOf(account); // never POST an inactive account: PUT keyed on it
        syncOne(vendor, account, entry);
        out.push_back(entry.status);
    }
    return out;
}

std::vector<VendorAccountStatus> RegulatorAccountSync::onLogin(const core::RegulatorAccount& account)
{
    return apply(account, Reach::EveryVendor);
}

std::vector<VendorAccountStatus> RegulatorAccountSync::deactivate(const core::RegulatorAccount& account)
{
    core::RegulatorAccount inactive = account;
    inactive.active = false;
    return apply(inactive, Reach::KnownOnly);
}

std::vector<VendorAccountStatus> RegulatorAccountSync::deactivateAtEveryVendor(const core::RegulatorAccount& account)
{
    core::RegulatorAccount inactive = account;
    inactive.active = false;
    return apply(inactive, Reach::EveryVendor);
}

void RegulatorAccountSync::retryFailed()
{
    const auto registry = _registry();
    std::lock_guard lock(_mutex);
    if (!registry)
        return;
    for (auto& [key, entry] : _entries)
    {
        if (entry.status.state == AccountSyncState::Synced)
            continue;
        if (const VendorDefinition* vendor = registry->find(key.second); vendor && concerns(*vendor))
            syncOne(*vendor, entry.desired, entry);
    }
}

std::vector<VendorAccountStatus> RegulatorAccountSync::status(const std::string& technicalId) const
{
    std::lock_guard lock(_mutex);
    std::vector<VendorAccountStatus> out;
    for (const auto& [key, entry] : _entries)
        if (key.first == technicalId)
            out.push_back(entry.status);
    return out;
}

} // namespace sas::adapters::vendors
