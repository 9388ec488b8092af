#include "fhir/validate/ProfileValidator.h"

#include "fhir/model/TypeDefinitions.h"
#include "fhir/validate/ProfileRuleWalker.h"
#include "fhir/validate/StructureChecker.h"
#include "fhir/validate/checkStartBeforeEnd.h"
#include "fhir/validate/compileProfile.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace sas::fhir::validate
{

namespace
{

constexpr std::string_view REGULATOR_PROFILE =
    "https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/FrPractitionerRegul";

struct DefaultProfile
{
    std::string_view resourceType;
    std::string_view url;
};

/// Individual-practitioner flow (INT_R01 resources) and INT_R03 for Appointment; HealthcareService only exists in
/// the CPTS flow.
constexpr DefaultProfile DEFAULT_PROFILES[] = {
    {"Slot", "http://sas.fr/fhir/StructureDefinition/FrSlotAgregateur"},
    {"Schedule", "http://sas.fr/fhir/StructureDefinition/FrScheduleAgregateur"},
    {"Practitioner", "http://sas.fr/fhir/StructureDefinition/FrPractitionerAgregateur"},
    {"PractitionerRole", "http://sas.fr/fhir/StructureDefinition/FrPractitionerRoleExerciceAgregateur"},
    {"Location", "http://sas.fr/fhir/StructureDefinition/FrLocationAgregateur"},
    {"Appointment", "http://sas.fr/fhir/StructureDefinition/FrAppointmentSAS"},
    {"HealthcareService",
     "https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-cpts-healthcareservice-aggregator"},
};

std::string_view withoutVersion(std::string_view url)
{
    return url.substr(0, url.find('|'));
}

/// Validates one resource (the context path names it) and, through the structure walk, its nested resources.
class ResourceValidation
{
public:
    ResourceValidation(const ProfileValidator& validator, ValidationContext& context)
        : _validator(validator), _context(context)
    {
    }

    void run(const Node& resource, const TypeDefinition& type, const std::vector<std::string>& implied)
    {
        const std::vector<const Profile*> profiles = select(resource, type, implied);
        const bool regulator = std::any_of(profiles.begin(), profiles.end(),
                                           [](const Profile* profile) { return profile->url == REGULATOR_PROFILE; });
        ProfileRuleWalker::ImpliedProfiles nested;
        for (const Profile* profile : profiles)
        {
            ProfileRuleWalker walker(
                *profile, _context, [this](std::string_view url) { return _validator.findProfile(url); }, nested);
            walker.apply(resource, type);
        }
        StructureChecker checker(
            _context,
            [this, &nested](const Node& child, const TypeDefinition& childType)
            {
                static const std::vector<std::string> NONE;
                const auto found = nested.find(&child);
                run(child, childType, found == nested.end() ? NONE : found->second);
            },
            regulator);
        checker.checkResource(resource, type);
        checkStartBeforeEnd(resource, _context);
    }

private:
    std::vector<const Profile*> select(const Node& resource, const TypeDefinition& type,
                                       const std::vector<std::string>& implied)
    {
        std::vector<const Profile*> profiles;
        auto add = [&profiles](const Profile* profile)
        {
            if (std::find(profiles.begin(), profiles.end(), profile) == profiles.end())
                profiles.push_back(profile);
        };
        bool declared = false;
        const Node* meta = resource.first("meta");
        if (const Node::Member* claimed = meta ? meta->find("profile") : nullptr)
        {
            ValidationContext::Step metaStep(_context, ".meta");
            for (std::size_t i = 0; i < claimed->values.size(); ++i)
            {
                declared = true;
                const std::string& url = claimed->values[i].value();
                if (url.empty())
                    continue;
                ValidationContext::Step step(_context, "profile", true, i);
                const Profile* profile = _validator.findProfile(url);
                if (!profile)
                    _context.warning("not-supported",
                                     "Profile " + url + " is not known to the gateway; it was not checked");
                else if (profile->type != type.name())
                    _context.error("value", "Profile " + profile->name + " constrains " + profile->type + ", not " +
                                                std::string(type.name()));
                else
                    add(profile);
            }
        }
        for (const std::string& url : implied)
            if (const Profile* profile = _validator.findProfile(url); profile && profile->type == type.name())
                add(profile);
        if (!declared && profiles.empty())
            if (const Profile* profile = _validator.findProfile(ProfileValidator::defaultProfileUrl(type.name())))
                add(profile);
        return profiles;
    }

    const ProfileValidator& _validator;
    ValidationContext& _context;
};

} // namespace

core::Result<ProfileValidator> ProfileValidator::fromDirectory(const std::filesystem::path& directory)
{
    std::error_code error;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(directory, error))
    {
        std::error_code ignored;
        if (entry.is_regular_file(ignored) && entry.path().extension() == ".json")
            files.push_back(entry.path());
    }
    if (error)
        return core::fail(core::ErrorCode::Invalid,
                          "Cannot read the profile directory " + directory.string() + ": " + error.message());
    if (files.empty())
        return core::fail(core::ErrorCode::Invalid, "No StructureDefinition in " + directory.string());
    std::sort(files.begin(), files.end());
    std::vector<Profile> profiles;
    for (const auto& file : files)
    {
        std::ifstream in(file, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        auto profile = compileProfile(text.str());
        if (!profile)
            return core::fail(core::ErrorCode::Invalid, file.string() + ": " + profile.error().message);
        profiles.push_back(std::move(*profile));
    }
    return fromProfiles(std::move(profiles));
}

core::Result<ProfileValidator> ProfileValidator::fromProfiles(std::vector<Profile> profiles)
{
    auto state = std::make_shared<Profiles>();
    state->list = std::move(profiles);
    for (const Profile& profile : state->list)
        if (!state->byUrl.emplace(profile.url, &profile).second)
            return core::fail(core::ErrorCode::Invalid, "Two StructureDefinitions have the URL " + profile.url);
    return ProfileValidator(std::move(state));
}

const Profile* ProfileValidator::findProfile(std::string_view url) const
{
    const auto found = _profiles->byUrl.find(withoutVersion(url));
    return found == _profiles->byUrl.end() ? nullptr : found->second;
}

std::vector<const Profile*> ProfileValidator::profiles() const
{
    std::vector<const Profile*> list;
    for (const Profile& profile : _profiles->list)
        list.push_back(&profile);
    std::sort(list.begin(), list.end(), [](const Profile* a, const Profile* b) { return a->url < b->url; });
    return list;
}

std::string_view ProfileValidator::defaultProfileUrl(std::string_view resourceType)
{
    for (const DefaultProfile& entry : DEFAULT_PROFILES)
        if (entry.resourceType == resourceType)
            return entry.url;
    return {};
}

ValidationReport ProfileValidator::validateReport(const Node& resource) const
{
    ValidationContext context;
    const TypeDefinition* type =
        resource.kind() == Node::Kind::Object ? findResourceType(resource.resourceType()) : nullptr;
    if (!type)
    {
        context.error("structure", "Not a resource of a known type");
    }
    else
    {
        ValidationContext::Step step(context, type->name());
        ResourceValidation(*this, context).run(resource, *type, {});
    }
    return ValidationReport{std::move(context.errors()), std::move(context.warnings())};
}

core::Status ProfileValidator::validate(const Node& resource) const
{
    ValidationReport report = validateReport(resource);
    if (report.ok())
        return {};
    core::Error error{core::ErrorCode::Unprocessable,
                      "The resource does not conform to the SAS profiles: " + std::to_string(report.errors.size()) +
                          (report.errors.size() == 1 ? " issue" : " issues"),
                      std::move(report.errors)};
    for (auto& warning : report.warnings)
        error.issues.push_back(std::move(warning));
    return core::fail(std::move(error));
}

} // namespace sas::fhir::validate
