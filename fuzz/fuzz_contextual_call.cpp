// The contextual call (INT_L01): the raw query string through decoding, the caller's dialect and the platform's
// rules (adapters/lrm readContextualCall), over the real reference data and the repository's dialect files.
#include "adapters/lrm/readContextualCall.h"
#include "mapping/loadLrmDialects.h"
#include "tests/unit/LrmReferenceData.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace
{

using namespace sas;

struct References
{
    const test::LrmReferenceData& data = test::LrmReferenceData::shared(); // what the contextual-call tests read
    std::vector<core::LrmDialect> dialects =
        mapping::loadLrmDialects(SAS_SOURCE_DIR "/mapping/dialects", SAS_SOURCE_DIR "/mapping/schema/lrm-dialect.xsd")
            .items;
    // One installation per dialect (origin "SAMU-<dialect>"), and an inactive one.
    adapters::lrm::OriginRegistry origins{[this]
    {
        std::vector<adapters::lrm::LrmInstallation> installations;
        for (const auto& dialect : dialects)
            installations.push_back({"SAMU-" + dialect.id, dialect.id, "fr.health.samu330", true});
        installations.push_back({"SAMU-OFF", "exos", "fr.health.samu310", false});
        return installations;
    }()};
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const References references;
    if (references.dialects.empty())
        std::abort(); // the seeds exercise the dialects: losing them silently would fuzz much less
    const std::string_view query(reinterpret_cast<const char*>(data), size);
    (void)adapters::lrm::readContextualCall(
        query, adapters::lrm::ContextualCallReferences{references.origins, references.data.communes, references.data.specialties},
        references.dialects);
    return 0;
}
