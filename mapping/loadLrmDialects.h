#pragma once

#include "core/model/LrmDialect.h"
#include "mapping/ValidatedXml.h"

#include <string>
#include <vector>

namespace sas::mapping
{

/// What loading a set of mapping files gave: what loaded, and every problem of every file.
template <typename T>
struct Loaded
{
    std::vector<T> items;
    std::vector<MappingProblem> problems;
    bool ok() const { return problems.empty(); }
};

/// Reads every `*.xml` of `directory` as an LRM dialect (schema `xsdPath`, mapping/schema/lrm-dialect.xsd), in file
/// name order. Beyond the schema: the id must be the file's name (exos.xml holds id "exos") and unique, an alias
/// names one parameter only and is not itself a parameter name, a specialty code is mapped once.
Loaded<core::LrmDialect> loadLrmDialects(const std::string& directory, const std::string& xsdPath);

} // namespace sas::mapping
