#pragma once

// Shared by the FhirValidate*Test files: the SAS profiles compiled once, and the IG examples of
// tests/fixtures/ig read as the gateway reads a write.

#include "fhir/json/JsonReader.h"
#include "fhir/validate/ProfileValidator.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace sas::test
{

inline const std::filesystem::path SOURCE = SAS_SOURCE_DIR;

/// The validator over data/profiles, compiled once for the whole test binary.
inline const fhir::validate::ProfileValidator& validator()
{
    static const fhir::validate::ProfileValidator instance = []
    {
        auto loaded = fhir::validate::ProfileValidator::fromDirectory(SOURCE / "data/profiles");
        if (!loaded)
            throw std::runtime_error(loaded.error().message);
        return std::move(*loaded);
    }();
    return instance;
}

/// The text of one IG example fixture.
inline std::string fixtureText(const std::string& name)
{
    std::ifstream in(SOURCE / "tests/fixtures/ig" / name, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// A resource read strictly from JSON text; throws when it does not parse.
inline fhir::Node parse(const std::string& text)
{
    auto parsed = fhir::readJson(text);
    if (!parsed)
        throw std::runtime_error("fixture no longer parses: " + parsed.error().message);
    return std::move(parsed->resource);
}

} // namespace sas::test
