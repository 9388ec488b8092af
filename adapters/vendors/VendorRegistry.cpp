#include "adapters/vendors/VendorRegistry.h"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/NumberParser.h>
#include <Poco/Path.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>
#include <Poco/URI.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <set>

namespace sas::adapters::vendors
{

bool VendorDefinition::supports(core::VendorFlow flow) const
{
    for (auto supported : flows)
        if (supported == flow)
            return true;
    return false;
}

const char* toString(VendorCapability capability)
{
    return capability == VendorCapability::EndToEnd ? "end-to-end" : "slots-only";
}

const VendorDefinition* VendorRegistry::find(const std::string& id) const
{
    auto found = _vendors.find(id);
    return found == _vendors.end() ? nullptr : &found->second;
}

namespace
{

std::vector<std::string> splitList(const std::string& text)
{
    std::vector<std::string> items;
    Poco::StringTokenizer tokens(text, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& token : tokens)
        items.push_back(token);
    return items;
}

/// Collects every problem of one file, each at its key.
class Reader
{
public:
    Reader(const Poco::Util::AbstractConfiguration& config, std::string baseDirectory)
        : _config(config), _baseDirectory(std::move(baseDirectory)) {}

    void problem(const std::string& key, const std::string& text)
    {
        _error.with(core::Issue{core::Severity::Error, "invalid", "'" + key + "': " + text, key});
    }
    bool failed() const { return !_error.issues.empty(); }
    core::Error take(const std::string& file)
    {
        _error.code = core::ErrorCode::Invalid;
        _error.message = "vendor registry '" + file + "': " + _error.issues.front().diagnostics +
                         (_error.issues.size() > 1 ? " (and " + std::to_string(_error.issues.size() - 1) + " more)" : "");
        return std::move(_error);
    }

    std::string string(const std::string& key, const std::string& fallback = {}, bool required = false)
    {
        if (!_config.hasProperty(key))
        {
            if (required)
                problem(key, "missing");
            return fallback;
        }
        std::string value = Poco::trim(_config.getString(key));
        if (value.empty() && required)
            problem(key, "empty");
        return value;
    }

    bool boolean(const std::string& key, bool fallback)
    {
        const std::string text = Poco::toLower(string(key));
        if (text.empty())
            return fallback;
        if (text == "true" || text == "yes" || text == "on")
            return true;
        if (text == "false" || text == "no" || text == "off")
            return false;
        problem(key, "expected true or false, got '" + text + "'");
        return fallback;
    }

    int integer(const std::string& key, int fallback, int low, int high)
    {
        const std::string text = string(key);
        if (text.empty())
            return fallback;
        int value = 0;
        if (!Poco::NumberParser::tryParse(text, value) || value < low || value > high)
        {
            problem(key, "expected an integer in [" + std::to_string(low) + ", " + std::to_string(high) + "], got '" +
                             text + "'");
            return fallback;
        }
        return value;
    }

    std::string existingFile(const std::string& key, bool required)
    {
        std::string path = string(key, {}, required);
        if (path.empty())
            return path;
        Poco::Path resolved(path);
        if (resolved.isRelative() && !_baseDirectory.empty())
            resolved = Poco::Path(Poco::Path(_baseDirectory).makeDirectory(), path);
        path = resolved.toString();
        if (!Poco::File(path).exists())
            problem(key, "file '" + path + "' does not exist");
        return path;
    }

private:
    const Poco::Util::AbstractConfiguration& _config;
    std::string _baseDirectory;
    core::Error _error;
};

VendorDefinition readVendor(Reader& reader, const std::string& id, const std::string& environment)
{
    const std::string prefix = "vendor." + id + ".";
    VendorDefinition vendor;
    vendor.id = id;
    vendor.displayName = reader.string(prefix + "name", id);
    vendor.enabled = reader.boolean(prefix + "enabled", true);

    const std::string capability = reader.string(prefix + "capability", "slots-only");
    if (capability == "end-to-end")
        vendor.capability = VendorCapability::EndToEnd;
    else if (capability != "slots-only")
        reader.problem(prefix + "capability", "expected slots-only or end-to-end, got '" + capability + "'");

    const std::string flowsKey = prefix + "flows";
    for (const auto& flow : splitList(reader.string(flowsKey, {}, true)))
    {
        if (flow == "ps")
            vendor.flows.push_back(core::VendorFlow::PractitionerIndividual);
        else if (flow == "cpts")
            vendor.flows.push_back(core::VendorFlow::Cpts);
        else if (flow == "sos")
            vendor.flows.push_back(core::VendorFlow::Sos);
        else
            reader.problem(flowsKey, "unknown flow '" + flow + "' (ps, cpts, sos)");
    }

    // An enabled vendor needs an endpoint for this environment; a disabled one may not have one yet.
    const std::string urlKey = prefix + "baseUrl." + environment;
    vendor.baseUrl = reader.string(urlKey, {}, vendor.enabled);
    while (!vendor.baseUrl.empty() && vendor.baseUrl.back() == '/')
        vendor.baseUrl.pop_back();
    std::string host;
    if (!vendor.baseUrl.empty())
    {
        try
        {
            Poco::URI uri(vendor.baseUrl);
            host = uri.getHost();
            if (uri.getScheme() != "https")
                reader.problem(urlKey, "must be an https URL (mutual TLS), got '" + vendor.baseUrl + "'");
            else if (host.empty())
                reader.problem(urlKey, "has no host");
            else if (!uri.getQuery().empty() || !uri.getFragment().empty())
                reader.problem(urlKey, "must not carry a query or fragment");
        }
        catch (const Poco::Exception& e)
        {
            reader.problem(urlKey, "not a URL: " + e.message());
        }
    }

    vendor.tls.certificateFile = reader.existingFile(prefix + "tls.certificate", vendor.enabled);
    vendor.tls.privateKeyFile = reader.existingFile(prefix + "tls.privateKey", vendor.enabled);
    vendor.tls.caFile = reader.existingFile(prefix + "tls.ca", vendor.enabled);
    vendor.tls.serverName = reader.string(prefix + "tls.serverName", host);

    vendor.connectTimeout = std::chrono::milliseconds(reader.integer(prefix + "timeout.connectMs", 2000, 1, 60000));
    vendor.requestTimeout = std::chrono::milliseconds(reader.integer(prefix + "timeout.requestMs", 7000, 1, 60000));
    vendor.maxInFlight = reader.integer(prefix + "maxInFlight", 8, 1, 1024);
    return vendor;
}

} // namespace

core::Result<VendorRegistry> loadVendorRegistry(const std::string& file, const std::string& environment,
                                                const std::string& baseDirectory)
{
    Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> config;
    try
    {
        config = new Poco::Util::PropertyFileConfiguration(file);
    }
    catch (const Poco::Exception& e)
    {
        return core::fail(core::ErrorCode::Invalid, "vendor registry '" + file + "' cannot be read: " + e.displayText());
    }
    if (environment.empty())
        return core::fail(core::ErrorCode::Invalid, "vendor registry: no environment given", "vendors.environment");

    Reader reader(*config, baseDirectory);
    std::map<std::string, VendorDefinition> vendors;
    const auto ids = splitList(reader.string("vendors", {}, false));
    std::set<std::string> seen;
    for (const auto& id : ids)
    {
        if (!seen.insert(id).second)
        {
            reader.problem("vendors", "vendor '" + id + "' listed twice");
            continue;
        }
        bool wellFormed = !id.empty();
        for (char c : id)
            wellFormed = wellFormed && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
        if (!wellFormed)
        {
            reader.problem("vendors", "vendor id '" + id + "' may hold only letters, digits, '-' and '_'");
            continue;
        }
        vendors.emplace(id, readVendor(reader, id, environment));
    }
    // A key for a vendor the list forgot is a typo waiting to bite: name it.
    Poco::Util::AbstractConfiguration::Keys vendorKeys;
    config->keys("vendor", vendorKeys);
    for (const auto& key : vendorKeys)
        if (!seen.count(key))
            reader.problem("vendor." + key, "vendor '" + key + "' is configured but not listed in 'vendors'");

    if (reader.failed())
        return core::fail(reader.take(file));
    return VendorRegistry(std::move(vendors));
}

ReloadableVendorRegistry::ReloadableVendorRegistry(std::string file, std::string environment, std::string baseDirectory)
    : _file(std::move(file)), _environment(std::move(environment)), _baseDirectory(std::move(baseDirectory))
{
}

core::Status ReloadableVendorRegistry::reload()
{
    auto loaded = loadVendorRegistry(_file, _environment, _baseDirectory);
    if (!loaded)
        return core::fail(loaded.error());
    auto next = std::make_shared<const VendorRegistry>(std::move(*loaded));
    std::lock_guard lock(_mutex);
    _current = std::move(next);
    return {};
}

std::shared_ptr<const VendorRegistry> ReloadableVendorRegistry::current() const
{
    std::lock_guard lock(_mutex);
    return _current;
}

} // namespace sas::adapters::vendors
