#pragma once

#include "fhir/model/ElementDefinition.h"
#include "fhir/model/TypeKind.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sas::fhir::generated
{

/// One type of the generated table: its key, kind, and its elements R4_ELEMENTS[first, first + count).
struct TypeRow
{
    std::string_view key;
    TypeKind kind;
    bool abstract;
    std::uint32_t first;
    std::uint32_t count;
};

/// The generated FHIR R4 definitions (r4Definitions.cpp, written by scripts/generate-fhir-definitions).
extern const ElementDefinition R4_ELEMENTS[];
extern const TypeRow R4_TYPES[];
extern const std::size_t R4_ELEMENT_COUNT;
extern const std::size_t R4_TYPE_COUNT;
extern const std::string_view R4_SOURCE;

} // namespace sas::fhir::generated
