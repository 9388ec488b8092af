#pragma once

#include "core/Error.h"

#include <string>
#include <string_view>
#include <vector>

namespace sas::fhir::validate
{

/// The current element path and the issues found so far while validating one resource tree. Paths follow the
/// readers' convention (fhir/model/ReadContext.h): the resource type, `.name` per element, `[i]` after every
/// element that repeats (even with one value), `.ofType(Type)` after an element holding a nested resource:
/// `Bundle.entry[3].resource.ofType(Slot).status`.
class ValidationContext
{
public:
    const std::string& path() const { return _path; }

    /// Appends a path step until the returned guard goes out of scope.
    class Step
    {
    public:
        Step(ValidationContext& context, std::string_view text) : _context(context), _size(context._path.size())
        {
            _context._path += text;
        }
        /// `.name`, then `[index]` when the element repeats.
        Step(ValidationContext& context, std::string_view name, bool repeats, std::size_t index)
            : _context(context), _size(context._path.size())
        {
            _context._path += '.';
            _context._path += name;
            if (repeats)
            {
                _context._path += '[';
                _context._path += std::to_string(index);
                _context._path += ']';
            }
        }
        Step(const Step&) = delete;
        Step& operator=(const Step&) = delete;
        ~Step() { _context._path.resize(_size); }

    private:
        ValidationContext& _context;
        std::size_t _size;
    };

    /// An error at the current path plus `suffix`, with a FHIR issue-type code ("required", "value", "structure",
    /// "code-invalid", "invariant").
    void error(const char* code, std::string diagnostics, std::string_view suffix = {});
    void warning(const char* code, std::string diagnostics, std::string_view suffix = {});

    std::vector<core::Issue>& errors() { return _errors; }
    std::vector<core::Issue>& warnings() { return _warnings; }

private:
    std::string _path;
    std::vector<core::Issue> _errors;
    std::vector<core::Issue> _warnings;
};

} // namespace sas::fhir::validate
