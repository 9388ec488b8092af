#include "adapters/vendors/parseVendorAnswer.h"

#include "adapters/vendors/bookingLink.h"
#include "adapters/vendors/prefixedIdentifier.h"
#include "fhir/search/parseDateRange.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <map>

namespace sas::adapters::vendors
{
namespace
{

using Value = rapidjson::Value;

constexpr const char* PRACTITIONER_SYSTEM = "urn:oid:1.2.250.1.71.4.2.1";
constexpr const char* SLOT_TYPE_SYSTEM = "https://mos.esante.gouv.fr/NOS/TRE_R314-TypeCreneau/FHIR/TRE-R314-TypeCreneau";
constexpr const char* ACT_CODE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
constexpr const char* SPECIALTY_SYSTEM =
    "https://mos.esante.gouv.fr/NOS/TRE_R38-SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale";
constexpr const char* SERVICE_TYPE_R5 = "http://hl7.org/fhir/5.0/StructureDefinition/extension-Slot.serviceType";
constexpr std::size_t MAX_PROBLEMS = 50;

/// The three published spellings of the TRE-R66 system (§8.B #26).
bool isR66System(std::string_view system)
{
    return system == "https://mos.esante.gouv.fr/NOS/TRE_R66-CategorieEtablissement/FHIR/TRE-R66-CategorieEtablissement" ||
           system == "https://mos.esante.gouv.fr/NOS/TRE_R66-CategorieEtablissement/TRE_R66-CategorieEtablissement" ||
           system == "https://mos.esante.gouv.fr/NOS/TRE_R66-CategorieEtablissement";
}

std::string_view text(const Value& object, const char* name)
{
    if (!object.IsObject())
        return {};
    auto member = object.FindMember(name);
    if (member == object.MemberEnd() || !member->value.IsString())
        return {};
    return {member->value.GetString(), member->value.GetStringLength()};
}

const Value* child(const Value& object, const char* name)
{
    if (!object.IsObject())
        return nullptr;
    auto member = object.FindMember(name);
    return member == object.MemberEnd() ? nullptr : &member->value;
}

/// Iterates an element that should be an array but may arrive as a single object.
template <typename F>
void each(const Value* value, F&& f)
{
    if (!value)
        return;
    if (value->IsArray())
    {
        for (const auto& item : value->GetArray())
            f(item);
    }
    else
        f(*value);
}

std::string_view referenceOf(const Value* reference)
{
    return reference ? text(*reference, "reference") : std::string_view();
}

/// `Type/id` from a relative or absolute reference ("https://x/fhir/Schedule/1/_history/2" → "Schedule/1").
std::string typedKey(std::string_view reference)
{
    if (auto history = reference.find("/_history/"); history != std::string_view::npos)
        reference = reference.substr(0, history);
    const auto lastSlash = reference.rfind('/');
    if (lastSlash == std::string_view::npos || lastSlash == 0)
        return {};
    const auto typeSlash = reference.rfind('/', lastSlash - 1);
    return std::string(reference.substr(typeSlash == std::string_view::npos ? 0 : typeSlash + 1));
}

class BundleIndex
{
public:
    void add(const Value& resource, std::string_view fullUrl)
    {
        const std::string type(text(resource, "resourceType"));
        const std::string id(text(resource, "id"));
        if (!fullUrl.empty())
            _byFullUrl.emplace(std::string(fullUrl), &resource);
        if (!type.empty() && !id.empty())
            _byKey.emplace(type + "/" + id, &resource);
    }

    /// The resource a reference points at within the Bundle, of `type` when given; nullptr when absent.
    const Value* resolve(std::string_view reference, std::string_view type = {}) const
    {
        if (reference.empty() || reference.front() == '#')
            return nullptr;
        const Value* found = nullptr;
        if (auto exact = _byFullUrl.find(std::string(reference)); exact != _byFullUrl.end())
            found = exact->second;
        else if (auto key = _byKey.find(typedKey(reference)); key != _byKey.end())
            found = key->second;
        if (found && !type.empty() && text(*found, "resourceType") != type)
            return nullptr;
        return found;
    }

private:
    std::map<std::string, const Value*, std::less<>> _byFullUrl;
    std::map<std::string, const Value*, std::less<>> _byKey;
};

std::string firstPhone(const Value& resource)
{
    std::string phone;
    each(child(resource, "telecom"), [&](const Value& telecom) {
        if (phone.empty() && text(telecom, "system") == "phone")
            phone = text(telecom, "value");
    });
    return phone;
}

core::VendorPlace placeFrom(const Value& location)
{
    core::VendorPlace place;
    each(child(location, "identifier"), [&](const Value& identifier) {
        if (place.vendorLocationId.empty())
        {
            place.vendorLocationId = text(identifier, "value");
            place.vendorLocationSystem = text(identifier, "system");
        }
    });
    place.name = text(location, "name");
    if (const Value* address = child(location, "address"))
    {
        each(child(*address, "line"), [&](const Value& line) {
            if (line.IsString())
                place.lines.emplace_back(line.GetString(), line.GetStringLength());
        });
        place.city = text(*address, "city");
        place.postalCode = text(*address, "postalCode");
    }
    place.phone = firstPhone(location);
    return place;
}

/// The Location a PractitionerRole holds as `contained` and points at with `#id`.
const Value* containedLocation(const Value& role)
{
    const Value* found = nullptr;
    each(child(role, "location"), [&](const Value& reference) {
        const std::string_view ref = referenceOf(&reference);
        if (found || ref.size() < 2 || ref.front() != '#')
            return;
        each(child(role, "contained"), [&](const Value& contained) {
            if (!found && text(contained, "resourceType") == "Location" && text(contained, "id") == ref.substr(1))
                found = &contained;
        });
    });
    return found;
}

std::string practitionerIdOf(const Value& identifiers)
{
    std::string id;
    each(&identifiers, [&](const Value& identifier) {
        if (id.empty() && text(identifier, "system") == PRACTITIONER_SYSTEM)
            id = text(identifier, "value");
    });
    return id;
}

class Reader
{
public:
    Reader(const AnswerContext& context, VendorAnswer& answer) : _context(context), _answer(answer)
    {
        using namespace std::chrono;
        _windowLow = duration_cast<microseconds>(context.windowStart.time_since_epoch()).count();
        _windowHigh = duration_cast<microseconds>(context.windowEnd.time_since_epoch()).count();
    }

    void problem(std::string message)
    {
        if (_answer.problems.size() < MAX_PROBLEMS)
            _answer.problems.push_back(std::move(message));
    }

    void drop(const std::string& slot, const std::string& why)
    {
        ++_answer.droppedSlots;
        problem(slot + " dropped: " + why);
    }

    void read(const Value& bundle)
    {
        std::vector<const Value*> slots;
        const Value* entries = child(bundle, "entry");
        if (entries && !entries->IsArray())
        {
            _answer.fatal = "Bundle.entry is not an array";
            _answer.readable = false;
            return;
        }
        if (entries)
        {
            std::size_t index = 0;
            for (const auto& entry : entries->GetArray())
            {
                const Value* resource = child(entry, "resource");
                if (!resource || !resource->IsObject())
                {
                    problem("Bundle.entry[" + std::to_string(index) + "] has no resource");
                    ++index;
                    continue;
                }
                const std::string_view type = text(*resource, "resourceType");
                _answer.resourceTypes.emplace(type);
                _index.add(*resource, text(entry, "fullUrl"));
                if (type == "Slot")
                    slots.push_back(resource);
                ++index;
            }
        }
        for (const Value* slot : slots)
            readSlot(*slot);
    }

private:
    void readSlot(const Value& slot)
    {
        const std::string label = "Slot/" + std::string(text(slot, "id"));
        const std::string_view status = text(slot, "status");
        if (status != "free")
            return drop(label, "status '" + std::string(status) + "' is not free");

        core::VendorSlot out;
        out.vendorId = _context.vendorId;
        out.flow = _context.flow;
        out.slotId = text(slot, "id");
        out.startText = text(slot, "start");
        out.endText = text(slot, "end");
        const auto start = fhir::search::parseDateRange(out.startText);
        const auto end = fhir::search::parseDateRange(out.endText);
        if (!start || !end || out.startText.size() < 20 || out.endText.size() < 20)
            return drop(label, "start or end missing or not an instant");
        if (start->low < _windowLow || start->low > _windowHigh)
            return drop(label, "start " + out.startText + " outside the requested window");
        out.start = std::chrono::system_clock::time_point(std::chrono::microseconds(start->low));
        out.end = std::chrono::system_clock::time_point(std::chrono::microseconds(end->low));

        const std::string_view scheduleRef = referenceOf(child(slot, "schedule"));
        const Value* schedule = _index.resolve(scheduleRef, "Schedule");
        if (!schedule)
            return drop(label, "its Schedule '" + std::string(scheduleRef) + "' is not in the Bundle");

        if (_context.flow == core::VendorFlow::Sos)
        {
            if (!attributeSos(*schedule, out))
                return drop(label, "its Schedule leads to no requested SOS association (Location → Organization SIRET)");
        }
        else if (!attributePractitioner(*schedule, out))
            return drop(label, "its Schedule leads to no requested practitioner");

        readCodes(slot, out);
        _answer.slots.push_back(std::move(out));
    }

    bool attributePractitioner(const Value& schedule, core::VendorSlot& out)
    {
        std::string rpps;
        const Value* role = nullptr;
        each(child(schedule, "actor"), [&](const Value& actor) {
            const std::string_view ref = referenceOf(&actor);
            if (const Value* practitioner = _index.resolve(ref, "Practitioner"))
            {
                if (rpps.empty())
                    if (const Value* identifiers = child(*practitioner, "identifier"))
                        rpps = practitionerIdOf(*identifiers);
                readName(*practitioner, out);
            }
            else if (const Value* found = _index.resolve(ref, "PractitionerRole"))
                role = found;
            else if (const Value* identifier = child(actor, "identifier"); identifier && rpps.empty())
                rpps = practitionerIdOf(*identifier); // a logical reference by identifier
        });
        if (role)
        {
            if (rpps.empty())
                if (const Value* practitioner = _index.resolve(referenceOf(child(*role, "practitioner")), "Practitioner"))
                {
                    if (const Value* identifiers = child(*practitioner, "identifier"))
                        rpps = practitionerIdOf(*identifiers);
                    readName(*practitioner, out);
                }
            const Value* location = containedLocation(*role);
            if (!location)
                location = firstReferencedLocation(*role);
            if (location)
                out.place = placeFrom(*location);
            if (out.place.phone.empty())
                out.place.phone = firstPhone(*role);
            if (const Value* organization = child(*role, "organization"))
                if (const Value* identifier = child(*organization, "identifier"))
                    out.organizationId = text(*identifier, "value");
        }
        const auto prefixed = prefixedPractitionerId(rpps);
        if (!prefixed || !_context.targets.count(*prefixed))
            return false;
        out.target = *prefixed;
        return true;
    }

    const Value* firstReferencedLocation(const Value& role)
    {
        const Value* found = nullptr;
        each(child(role, "location"), [&](const Value& reference) {
            if (!found)
                found = _index.resolve(referenceOf(&reference), "Location");
        });
        return found;
    }

    bool attributeSos(const Value& schedule, core::VendorSlot& out)
    {
        bool attributed = false;
        each(child(schedule, "actor"), [&](const Value& actor) {
            if (attributed)
                return;
            const Value* location = _index.resolve(referenceOf(&actor), "Location");
            if (!location)
                return;
            const Value* organization =
                _index.resolve(referenceOf(child(*location, "managingOrganization")), "Organization");
            if (!organization)
                return;
            std::string siret;
            each(child(*organization, "identifier"), [&](const Value& identifier) {
                if (siret.empty() && text(identifier, "system") == "urn:oid:1.2.250.1.71.4.2.2")
                    siret = text(identifier, "value");
            });
            const auto prefixed = prefixedSiret(siret);
            if (!prefixed || !_context.targets.count(*prefixed))
                return;
            out.target = *prefixed;
            out.organizationId = *prefixed;
            out.organizationName = text(*organization, "name");
            out.place = placeFrom(*location);
            attributed = true;
        });
        return attributed;
    }

    void readName(const Value& practitioner, core::VendorSlot& out)
    {
        each(child(practitioner, "name"), [&](const Value& name) {
            if (!out.practitionerFamily.empty())
                return;
            out.practitionerFamily = text(name, "family");
            each(child(name, "given"), [&](const Value& given) {
                if (out.practitionerGiven.empty() && given.IsString())
                    out.practitionerGiven = given.GetString();
            });
        });
    }

    void readCodes(const Value& slot, core::VendorSlot& out)
    {
        if (const Value* meta = child(slot, "meta"))
            each(child(*meta, "security"), [&](const Value& coding) {
                if (text(coding, "system") == SLOT_TYPE_SYSTEM && !text(coding, "code").empty())
                    out.slotTypes.emplace_back(text(coding, "code"));
            });

        each(child(slot, "serviceType"), [&](const Value& codeable) {
            bool coded = false;
            bool cpts = false;
            each(child(codeable, "coding"), [&](const Value& coding) {
                const std::string_view system = text(coding, "system");
                const std::string_view code = text(coding, "code");
                if (code.empty())
                    return;
                coded = true;
                if (system == ACT_CODE_SYSTEM)
                    out.consultationTypes.emplace_back(code);
                else if (isR66System(system) && code == "604")
                    cpts = true;
            });
            if (cpts)
                readCpts(codeable, out);
            else if (!coded && !text(codeable, "text").empty())
                out.visitReasons.emplace_back(text(codeable, "text"));
        });

        each(child(slot, "specialty"), [&](const Value& codeable) {
            bool coded = false;
            each(child(codeable, "coding"), [&](const Value& coding) {
                if (!text(coding, "code").empty())
                {
                    coded = true;
                    if (text(coding, "system") == SPECIALTY_SYSTEM)
                        out.specialtyCodes.emplace_back(text(coding, "code"));
                }
            });
            if (!coded && !text(codeable, "text").empty())
                out.specialtyTexts.emplace_back(text(codeable, "text"));
        });

        if (const Value* type = child(slot, "appointmentType"))
            each(child(*type, "coding"), [&](const Value& coding) {
                if (text(coding, "code") == "WALKIN")
                    out.walkIn = true;
            });
        out.bookingUrl = text(slot, "comment");
        out.bookingLink = bookingLink(out.bookingUrl);
    }

    void readCpts(const Value& codeable, core::VendorSlot& out)
    {
        each(child(codeable, "extension"), [&](const Value& extension) {
            if (text(extension, "url") != SERVICE_TYPE_R5)
                return;
            const std::string_view ref = referenceOf(child(extension, "valueReference"));
            const Value* service = _index.resolve(ref, "HealthcareService");
            const Value* organization =
                service ? _index.resolve(referenceOf(child(*service, "providedBy")), "Organization") : nullptr;
            if (!organization)
            {
                problem("Slot/" + out.slotId + ": CPTS HealthcareService or Organization '" + std::string(ref) +
                        "' not in the Bundle");
                return;
            }
            core::VendorCpts cpts;
            each(child(*organization, "identifier"), [&](const Value& identifier) {
                if (cpts.finess.empty() && text(identifier, "system") == "urn:oid:1.2.250.1.71.4.2.2")
                    cpts.finess = text(identifier, "value");
            });
            cpts.name = text(*organization, "name");
            cpts.phone = firstPhone(*organization);
            out.cpts.push_back(std::move(cpts));
        });
    }

    const AnswerContext& _context;
    VendorAnswer& _answer;
    BundleIndex _index;
    std::int64_t _windowLow = 0;
    std::int64_t _windowHigh = 0;
};

} // namespace

VendorAnswer parseVendorAnswer(std::string_view body, const AnswerContext& context)
{
    VendorAnswer answer;
    rapidjson::Document document;
    document.Parse<rapidjson::kParseStopWhenDoneFlag>(body.data(), body.size());
    if (document.HasParseError())
    {
        answer.fatal = std::string("body is not JSON: ") + rapidjson::GetParseError_En(document.GetParseError()) +
                       " at offset " + std::to_string(document.GetErrorOffset());
        return answer;
    }
    if (!document.IsObject() || text(document, "resourceType") != "Bundle")
    {
        answer.fatal = "body is not a FHIR Bundle (resourceType '" + std::string(text(document, "resourceType")) + "')";
        return answer;
    }
    if (text(document, "type") != "searchset")
    {
        answer.fatal = "Bundle.type is '" + std::string(text(document, "type")) + "', not searchset";
        return answer;
    }
    answer.readable = true;
    Reader reader(context, answer);
    reader.read(document);
    return answer;
}

} // namespace sas::adapters::vendors
