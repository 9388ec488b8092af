#pragma once

#include "core/Result.h"
#include "fhir/model/ParsedResource.h"
#include "fhir/model/ReadOptions.h"
#include "fhir/model/TypeDefinitions.h"

#include <string>
#include <string_view>
#include <vector>

namespace sas::fhir
{

/// What the JSON and XML readers share while walking one document: the options, the current element path and
/// every issue found so far (readers collect them all instead of stopping at the first).
///
/// Paths are FHIRPath-like: the resource type, then `.name` per element, `[i]` after every element that repeats
/// (even with one value), and `.ofType(Type)` after an element holding a nested resource:
/// `Bundle.entry[3].resource.ofType(Slot).status`, `PractitionerRole.contained[0].ofType(Location).name`.
/// Primitive extensions sit under their primitive (`Practitioner.birthDate.extension[0].url`).
class ReadContext
{
public:
    explicit ReadContext(const ReadOptions& options, const char* format) : _options(options), _format(format) {}

    const ReadOptions& options() const { return _options; }
    const std::string& path() const { return _path; }

    /// Appends a path step (".status", "[2]", ".ofType(Slot)") until the returned guard goes out of scope.
    class Step
    {
    public:
        Step(ReadContext& context, std::string_view text) : _context(context), _size(context._path.size())
        {
            _context._path += text;
        }
        Step(ReadContext& context, char separator, std::string_view name)
            : _context(context), _size(context._path.size())
        {
            _context._path += separator;
            _context._path += name;
        }
        Step(const Step&) = delete;
        Step& operator=(const Step&) = delete;
        ~Step() { _context._path.resize(_size); }

    private:
        ReadContext& _context;
        std::size_t _size;
    };

    /// The step of a resource: its type at the root ("Slot"), `.ofType(Slot)` when nested.
    std::string resourceStep(std::string_view type) const;

    /// Steps into element `name`, and into `[index]` when the element repeats.
    std::string elementStep(std::string_view name, bool repeats, std::size_t index) const;

    /// An error at the current path, or at the current path plus `suffix`, with a FHIR issue-type `code`
    /// ("structure" for shape problems, "value" for bad primitive values, "required" for missing elements).
    void error(std::string diagnostics, std::string_view suffix = {}, const char* code = "structure");
    /// A problem that is an error when strict and a warning otherwise (the value is kept).
    void strictOnly(std::string diagnostics, std::string_view suffix = {});
    /// An element the definitions do not know: an error when strict, a dropped element and a warning otherwise.
    void unknownElement(std::string_view name, std::string_view typeName);
    /// Reports every required element of `type` that `present(elementIndex)` says is absent (one issue per
    /// choice group), and every choice group with more than one concrete name present.
    template <typename Present>
    void checkCardinality(const TypeDefinition& type, Present present);

    /// "status", or "value[x]" for a choice element.
    static std::string displayName(const ElementDefinition& element);

    bool failed() const { return !_errors.empty(); }
    /// The resource with the warnings, or an Invalid error with every issue (errors first).
    core::Result<ParsedResource> finish(Node resource);

private:
    const ReadOptions& _options;
    const char* _format;
    std::string _path;
    std::vector<core::Issue> _errors;
    std::vector<core::Issue> _warnings;
};

template <typename Present>
void ReadContext::checkCardinality(const TypeDefinition& type, Present present)
{
    const auto elements = type.elements();
    std::size_t i = 0;
    while (i < elements.size())
    {
        std::size_t end = i + 1;
        while (end < elements.size() && elements[end].order == elements[i].order)
            ++end;
        std::size_t count = 0;
        for (std::size_t k = i; k < end; ++k)
            if (present(k))
                ++count;
        const std::string name = displayName(elements[i]);
        if (count == 0 && elements[i].min > 0 && _options.checkRequired)
            error("Required element '" + name + "' is missing", elements[i].choice ? std::string() : "." + name,
                  "required");
        if (count > 1 && elements[i].choice)
            error("Only one type of the choice element '" + name + "' may be present");
        i = end;
    }
}

} // namespace sas::fhir
