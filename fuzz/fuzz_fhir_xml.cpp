// The FHIR XML reader (fhir/xml/XmlReader over SecureXmlParser) on arbitrary bytes: strict and lenient.
#include "fhir/xml/XmlReader.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)sas::fhir::readXml(text);
    (void)sas::fhir::readXml(text, sas::fhir::ReadOptions{.strict = false, .checkRequired = false});
    return 0;
}
