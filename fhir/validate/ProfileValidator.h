#pragma once

#include "core/Result.h"
#include "fhir/model/Node.h"
#include "fhir/validate/Profile.h"
#include "fhir/validate/ValidationReport.h"

#include <filesystem>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sas::fhir::validate
{

/// Validates resources against the SAS profiles (the StructureDefinitions of the ANS IG "Service d'Accès aux Soins",
/// data/profiles), compiled once at start-up. Immutable after construction: `validate` is const, allocation-light
/// and safe to call from any number of threads at once.
///
/// Every resource gets the base rules (StructureChecker: R4 structure, no empty elements, valid primitives, SAS
/// identifier prefixes and phone format) and the period rules (checkStartBeforeEnd). On top, the profiles that
/// apply (ProfileRuleWalker):
/// - the `meta.profile` entries that name a loaded profile (canonical URL, a `|version` suffix ignored); an entry
///   naming an unknown profile is a warning, and if no entry is known only the base rules apply; a known profile of
///   another resource type is an error;
/// - without `meta.profile`, the default of the resource type, from the IG's individual-practitioner flow and
///   INT_R03 (defaultProfileUrl); Organization has none (the CPTS and SOS profiles contradict each other), nor do
///   types without SAS profile (Bundle, Parameters…);
/// - for a resource nested in a Bundle slice, the slice's resource profile as well.
/// Nested resources (Bundle entries, contained resources) are validated likewise, with paths such as
/// `Bundle.entry[3].resource.ofType(Slot).status`.
class ProfileValidator
{
public:
    /// Compiles every `*.json` StructureDefinition of a directory. Failure: ErrorCode::Invalid naming the file (not
    /// a StructureDefinition, duplicate URL) or the directory (missing, empty).
    static core::Result<ProfileValidator> fromDirectory(const std::filesystem::path& directory);
    /// From profiles compiled by compileProfile. Failure: ErrorCode::Invalid on a duplicate URL.
    static core::Result<ProfileValidator> fromProfiles(std::vector<Profile> profiles);

    /// Success, or ErrorCode::Unprocessable (422) with every error issue (each with its `expression`), then the
    /// warnings. The resource is expected to have been read already (a failure to parse is the reader's 400).
    core::Status validate(const Node& resource) const;
    /// Every error and warning, for `$validate`, which answers with an OperationOutcome even on success.
    ValidationReport validateReport(const Node& resource) const;

    /// The loaded profile of that canonical URL (a `|version` suffix is ignored), or nullptr.
    const Profile* findProfile(std::string_view url) const;
    /// Every loaded profile, in URL order.
    std::vector<const Profile*> profiles() const;
    /// The canonical URL of the profile applied to a resource of that type without `meta.profile`; empty if none.
    static std::string_view defaultProfileUrl(std::string_view resourceType);

private:
    struct Profiles
    {
        std::vector<Profile> list;
        std::unordered_map<std::string_view, const Profile*> byUrl;
    };

    explicit ProfileValidator(std::shared_ptr<const Profiles> profiles) : _profiles(std::move(profiles)) {}

    std::shared_ptr<const Profiles> _profiles;
};

} // namespace sas::fhir::validate
