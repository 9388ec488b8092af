#pragma once

#include "fhir/model/Node.h"
#include "fhir/model/TypeDefinitions.h"
#include "fhir/validate/Profile.h"
#include "fhir/validate/ValidationContext.h"

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sas::fhir::validate
{

/// Applies one compiled profile to one resource: walks the resource only where the profile has rules (see
/// ElementRule), reporting each violation at its element path with the profile's name. Nested resources are not
/// entered; the profiles a rule requires for them (a Bundle slice's `resource` type profile) are recorded in
/// `impliedProfiles` for the caller to apply when it validates them. Extension profiles are looked up with
/// `findProfile` and applied in place.
class ProfileRuleWalker
{
public:
    using FindProfile = std::function<const Profile*(std::string_view url)>;
    using ImpliedProfiles = std::unordered_map<const Node*, std::vector<std::string>>;

    ProfileRuleWalker(const Profile& profile, ValidationContext& context, FindProfile findProfile,
                      ImpliedProfiles& impliedProfiles)
        : _profile(&profile), _context(context), _findProfile(std::move(findProfile)), _impliedProfiles(impliedProfiles)
    {
    }

    /// Applies the profile to a resource whose path is already the context's.
    void apply(const Node& resource, const TypeDefinition& type);

    /// One value of an element: the node, its member name, position and R4 definitions (null when unknown).
    struct Value
    {
        const Node* node;
        std::string_view memberName;
        bool repeats;
        std::size_t index;
        const TypeDefinition* type;
    };

private:
    void applyChildren(const ElementRule& rule, const Node& node, const TypeDefinition* type);
    void applyElement(const ElementRule& rule, const std::vector<Value>& values);
    void applyValue(const ElementRule& rule, const Value& value);
    bool checkValueRules(const ElementRule& rule, const Value& value);
    void applySlicing(const ElementRule& rule, const std::vector<Value>& values);
    bool sliceMatches(const ElementRule& rule, const ElementRule& slice, const Node& value) const;
    std::string where(const ElementRule& rule) const;

    const Profile* _profile;
    ValidationContext& _context;
    FindProfile _findProfile;
    ImpliedProfiles& _impliedProfiles;
    int _depth = 0;
};

} // namespace sas::fhir::validate
