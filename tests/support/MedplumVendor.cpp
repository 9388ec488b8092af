#include "tests/support/MedplumVendor.h"

#include "tests/support/HttpsClient.h"
#include "tests/support/TestPaths.h"

#include <regex>
#include <stdexcept>

namespace sas::test
{

MedplumVendor::MedplumVendor()
    : _process("medplum-vendor", std::string(SAS_SOURCE_DIR) + "/tests/e2e/node/medplumVendor.mjs",
               {"--pki", pkiDirectory(), "--port", "0", "--base", "/fhir/R4"})
{
    // Its first line once it listens: {"port":<n>,"baseUrl":"https://localhost:<n>/fhir/R4"}.
    std::smatch match;
    const std::string& line = _process.firstLine();
    if (!std::regex_search(line, match, std::regex(R"re("port":(\d+),"baseUrl":"([^"]+)")re")))
        throw std::runtime_error("the Medplum vendor did not say where it listens: '" + line + "' " + log());
    _port = std::stoi(match[1].str());
    _baseUrl = match[2].str();
}

std::string MedplumVendor::batch(const std::string& bundleJson) const
{
    HttpRequest request;
    request.method = "POST";
    request.target = "/fhir/R4";
    request.body = bundleJson;
    request.contentType = "application/fhir+json";
    // Any certificate of the test CA passes its mutual TLS; the gateway's is the one a vendor knows.
    const HttpResponse response = HttpsClient(_port, ClientTls{"gateway-client"}).send(request);
    if (response.status != 200)
        throw std::runtime_error("Medplum batch: HTTP " + std::to_string(response.status) + " " + response.body);
    // Each entry's response.status is a string ("200", "201 Created"): anything else is a refused entry.
    const std::regex status(R"re("status":"(\d{3}))re");
    for (auto it = std::sregex_iterator(response.body.begin(), response.body.end(), status); it != std::sregex_iterator(); ++it)
        if ((*it)[1].str()[0] != '2')
            throw std::runtime_error("Medplum batch: an entry failed: " + response.body);
    return response.body;
}

std::string MedplumVendor::log() const
{
    return _process.log();
}

} // namespace sas::test
