#pragma once

#include <cstddef>

namespace sas::fhir
{

/// How readJson and readXml treat their input.
struct ReadOptions
{
    /// Strict (the default): an element the R4 definitions do not know is an error. Lenient: it is dropped and
    /// reported as a warning. Every other problem (wrong type, bad lexical form, empty value…) is an error in both.
    bool strict = true;
    /// Deepest nesting of JSON objects/arrays or XML elements accepted; deeper input is rejected before it is
    /// walked, so hostile input cannot exhaust the stack.
    std::size_t maxDepth = 100;
    /// Whether a missing required element (min ≥ 1) is an error. Bundles of a batch are read without it, so
    /// each entry can fail on its own in profile validation rather than sink the whole request.
    bool checkRequired = true;
};

} // namespace sas::fhir
