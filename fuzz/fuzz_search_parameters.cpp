// The search-parameter parser (fhir/search/parseSearch) on a raw request target "Type?query" decoded as the search
// route does; without '?', the whole input is the query of a Slot search.
#include "fhir/search/decodeQueryString.h"
#include "fhir/search/parseSearch.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace sas::fhir::search;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto question = text.find('?');
    const std::string_view type = question == std::string_view::npos ? "Slot" : text.substr(0, question);
    const std::string_view query = question == std::string_view::npos ? text : text.substr(question + 1);
    const QueryParameters parameters = decodeQueryString(query);
    (void)parseSearch(type, parameters, Handling::Strict);
    (void)parseSearch(type, parameters, Handling::Lenient);
    return 0;
}
