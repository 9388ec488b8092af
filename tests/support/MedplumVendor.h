#pragma once

#include "tests/support/NodeProcess.h"

#include <string>

namespace sas::test
{

/// A booking vendor played by an independent FHIR server: tests/e2e/node/medplumVendor.mjs (Medplum's FhirRouter
/// over its in-memory repository) run as a child process, HTTPS with mutual TLS from the test PKI on 127.0.0.1.
/// It starts empty; a test seeds it through its own REST API (`batch`).
class MedplumVendor
{
public:
    MedplumVendor();
    MedplumVendor(const MedplumVendor&) = delete;
    MedplumVendor& operator=(const MedplumVendor&) = delete;

    int port() const { return _port; }
    /// "https://localhost:<port>/fhir/R4"
    const std::string& baseUrl() const { return _baseUrl; }
    /// POSTs a batch (or transaction) Bundle to the base URL and returns the response Bundle; throws unless the
    /// server answers 200 and every entry 2xx.
    std::string batch(const std::string& bundleJson) const;
    /// What the server wrote on stderr so far (for failure messages).
    std::string log() const;

private:
    NodeProcess _process;
    int _port = 0;
    std::string _baseUrl;
};

} // namespace sas::test
