// The mapping loader (mapping/): the input as both an LRM dialect file and a territory file of one mapping
// directory, read against the repository's schemas with every cross-file rule, as `sas-gateway mapping check` does.
#include "mapping/loadTerritories.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace
{

namespace fs = std::filesystem;

/// A private mapping root under the temporary directory: the repository's schemas, and one file per kind that
/// each input overwrites (named after the ids the seeds use most, so the id-is-the-file-name rule passes).
struct MappingRoot
{
    fs::path root = fs::temp_directory_path() / ("sas-fuzz-mapping-" + std::to_string(::getpid()));
    MappingRoot()
    {
        fs::create_directories(root / "dialects");
        fs::create_directories(root / "territories");
        fs::create_directories(root / "schema");
        for (const char* xsd : {"lrm-dialect.xsd", "territory.xsd"})
            fs::copy_file(fs::path(SAS_SOURCE_DIR) / "mapping/schema" / xsd, root / "schema" / xsd,
                          fs::copy_options::overwrite_existing);
    }
    ~MappingRoot()
    {
        std::error_code ignored;
        fs::remove_all(root, ignored);
    }
};

void write(const fs::path& path, const std::uint8_t* data, std::size_t size)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const MappingRoot mapping;
    write(mapping.root / "dialects" / "exos.xml", data, size);
    write(mapping.root / "territories" / "gironde.xml", data, size);
    (void)sas::mapping::loadMappingSet(mapping.root.string());
    return 0;
}
