#include "app/MappingState.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace sas::app
{
namespace
{

/// FNV-1a 64 of every file under the root, in path order: equal directories give equal versions.
std::string digestOf(const std::string& root)
{
    std::vector<std::filesystem::path> files;
    std::error_code error;
    for (auto it = std::filesystem::recursive_directory_iterator(root, error);
         !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error))
        if (it->is_regular_file())
            files.push_back(it->path());
    std::sort(files.begin(), files.end());
    std::uint64_t hash = 1469598103934665603ULL;
    auto mix = [&hash](const std::string& bytes) {
        for (const unsigned char c : bytes)
            hash = (hash ^ c) * 1099511628211ULL;
    };
    for (const auto& file : files)
    {
        mix(std::filesystem::relative(file, root).string());
        std::ifstream in(file, std::ios::binary);
        mix(std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
    }
    static const char* const HEX = "0123456789abcdef";
    std::string text;
    for (int shift = 60; shift >= 0; shift -= 4)
        text += HEX[(hash >> shift) & 0xF];
    return text.substr(0, 12);
}

} // namespace

MappingState::MappingState(std::string root) : _root(std::move(root)) {}

mapping::MappingSet MappingState::reload()
{
    mapping::MappingSet set = mapping::loadMappingSet(_root);
    if (!set.ok())
        return set;
    auto snapshot = std::make_shared<MappingSnapshot>();
    std::vector<adapters::lrm::LrmInstallation> installations;
    for (const auto& territory : set.territories)
        for (const auto& installation : territory.installations)
            installations.push_back(adapters::lrm::LrmInstallation{installation.origin, installation.dialect,
                                                                   installation.hubRecipient, installation.active});
    snapshot->origins = adapters::lrm::OriginRegistry(std::move(installations));
    snapshot->version = digestOf(_root);
    snapshot->set = set;
    std::lock_guard lock(_mutex);
    _current = std::move(snapshot);
    return set;
}

std::shared_ptr<const MappingSnapshot> MappingState::current() const
{
    std::lock_guard lock(_mutex);
    return _current;
}

} // namespace sas::app
