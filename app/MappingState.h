#pragma once

#include "adapters/lrm/OriginRegistry.h"
#include "mapping/loadTerritories.h"

#include <memory>
#include <mutex>
#include <string>

namespace sas::app
{

/// One loaded mapping directory, immutable once built: what requests read.
struct MappingSnapshot
{
    mapping::MappingSet set;
    adapters::lrm::OriginRegistry origins; ///< every territory's LRM installations
    std::string version;                   ///< a digest of the files' content: which set is in force
};

/// The mapping set in force, replaced whole on reload so a request sees one version from start to end. A reload
/// with any problem changes nothing: the previous set stays in force (an integrator's typo must not switch a
/// territory's LRMs off).
class MappingState
{
public:
    explicit MappingState(std::string root);

    /// Loads the directory; on success the new set is in force. The problems otherwise.
    mapping::MappingSet reload();

    /// The set in force (never null after a successful first reload()).
    std::shared_ptr<const MappingSnapshot> current() const;

    const std::string& root() const { return _root; }

private:
    std::string _root;
    mutable std::mutex _mutex;
    std::shared_ptr<const MappingSnapshot> _current;
};

} // namespace sas::app
