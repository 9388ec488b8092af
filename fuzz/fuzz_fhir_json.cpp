// The FHIR JSON reader (fhir/json/JsonReader) on arbitrary bytes: strict and lenient, as the façade reads bodies.
#include "fhir/json/JsonReader.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)sas::fhir::readJson(text);
    (void)sas::fhir::readJson(text, sas::fhir::ReadOptions{.strict = false, .checkRequired = false});
    return 0;
}
