#pragma once

#include "adapters/vendors/VendorDefinition.h"
#include "core/Result.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace sas::adapters::vendors
{

/// The vendors known to the gateway, by id, for one environment (recette, preproduction, production…).
class VendorRegistry
{
public:
    VendorRegistry() = default;
    explicit VendorRegistry(std::map<std::string, VendorDefinition> vendors) : _vendors(std::move(vendors)) {}

    /// The vendor of that id, or nullptr.
    const VendorDefinition* find(const std::string& id) const;
    const std::map<std::string, VendorDefinition>& all() const { return _vendors; }

private:
    std::map<std::string, VendorDefinition> _vendors;
};

/// Reads a registry from a properties file (format documented in config/vendors.properties) for `environment`.
/// Relative file names in it are resolved against `baseDirectory`. Every key is checked; a failure is
/// ErrorCode::Invalid with one issue per problem, each naming its key as `expression`.
core::Result<VendorRegistry> loadVendorRegistry(const std::string& file, const std::string& environment,
                                                const std::string& baseDirectory = {});

/// The registry in use, swapped whole on reload so a fan-out in progress keeps the one it started with.
class ReloadableVendorRegistry
{
public:
    ReloadableVendorRegistry(std::string file, std::string environment, std::string baseDirectory = {});

    /// Loads the file; on failure the registry in use (if any) stays and the error is returned.
    core::Status reload();
    std::shared_ptr<const VendorRegistry> current() const;

private:
    std::string _file;
    std::string _environment;
    std::string _baseDirectory;
    mutable std::mutex _mutex;
    std::shared_ptr<const VendorRegistry> _current = std::make_shared<VendorRegistry>();
};

} // namespace sas::adapters::vendors
