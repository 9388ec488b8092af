#pragma once

#include "fhir/model/Node.h"
#include "fhir/validate/SimplePattern.h"
#include "fhir/validate/ValueSet.h"

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sas::fhir::validate
{

/// How the values of a sliced element are told apart (ElementDefinition.slicing.discriminator).
struct Discriminator
{
    enum class Kind
    {
        Value,   ///< fixed value, pattern or required binding at `path`
        Pattern, ///< same test as Value
        Type,    ///< type of the value at `path` (a nested resource's resourceType)
        Profile, ///< profile of the value at `path`; approximated by its type (one slice per resource type)
        Exists,  ///< not used by the SAS profiles; never matches
    };
    Kind kind = Kind::Value;
    std::vector<std::string> path; ///< element names from the sliced element; empty for `$this`
};

/// A FHIRPath constraint of a SAS profile that the validator can evaluate: `[path.]matches('regex')`.
struct Invariant
{
    std::string key;
    std::string human;
    std::vector<std::string> path; ///< element names to the tested primitive; empty for `$this`
    SimplePattern pattern;
};

/// The compiled rules of one ElementDefinition of a profile snapshot, with the rules of its children and slices.
/// Only what narrows the R4 base definition is checked here (the R4 structure itself is checked by the base walk):
/// a minimum above the base minimum, a maximum below the base maximum, fixed[x]/pattern[x], a required binding to a
/// value set the gateway knows, maxLength, evaluable invariants, allowed types of a choice, Extension and resource
/// profiles, and slicing. Immutable once compiled.
struct ElementRule
{
    static constexpr std::uint32_t UNBOUNDED = std::numeric_limits<std::uint32_t>::max();

    std::string name;      ///< JSON member name; for a choice the name without "[x]" ("value"), for a type slice
                           ///< the concrete name ("valueReference")
    std::string path;      ///< ElementDefinition.path, for diagnostics ("Slot.status")
    std::string sliceName; ///< for a slice
    bool choice = false;
    std::uint32_t min = 0;
    std::uint32_t max = UNBOUNDED;
    bool checkMin = false;
    bool checkMax = false;
    std::vector<std::string> allowedTypes; ///< type codes of a choice element ("Reference")
    std::optional<Node> fixed;
    std::optional<Node> pattern;
    std::string bindingUrl;
    const ValueSet* binding = nullptr; ///< a known required binding
    std::size_t maxLength = 0;         ///< 0: none
    std::vector<Invariant> invariants;
    std::vector<std::string> typeProfiles;  ///< profiles of an Extension or nested-resource type
    std::vector<std::string> resourceTypes; ///< type codes of an element holding a nested resource

    std::vector<std::unique_ptr<ElementRule>> children;
    std::vector<std::unique_ptr<ElementRule>> typeSlices; ///< of a choice element, one per concrete name

    bool sliced = false;
    bool closedSlicing = false;
    std::vector<Discriminator> discriminators;
    std::vector<std::unique_ptr<ElementRule>> slices;

    /// Whether the rule or anything under it checks something.
    bool hasChecks() const
    {
        return checkMin || checkMax || !allowedTypes.empty() || fixed || pattern || binding || maxLength != 0 ||
               !invariants.empty() || !typeProfiles.empty() || !children.empty() || !typeSlices.empty() ||
               !slices.empty() || closedSlicing;
    }
};

} // namespace sas::fhir::validate
