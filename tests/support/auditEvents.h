#pragma once

// The audit trail as an admin reads it through the façade, for the e2e tests of what each write records.
#include "tests/support/HttpsClient.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sas::test
{

/// The AuditEvents `GET /fhir/AuditEvent?<query>` finds for `admin` on the gateway at `port`, newest first; the
/// answer must be a 200 searchset.
inline std::vector<Poco::JSON::Object::Ptr> auditEvents(int port, const std::string& query)
{
    const HttpResponse response = HttpsClient(port, ClientTls{"admin", false}).get("/fhir/AuditEvent?" + query);
    EXPECT_EQ(response.status, 200) << response.body;
    std::vector<Poco::JSON::Object::Ptr> found;
    if (response.status != 200)
        return found;
    auto bundle = Poco::JSON::Parser().parse(response.body).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(bundle->getValue<std::string>("type"), "searchset");
    if (auto entries = bundle->getArray("entry"))
        for (std::size_t i = 0; i < entries->size(); ++i)
            found.push_back(entries->getObject(static_cast<unsigned>(i))->getObject("resource"));
    return found;
}

} // namespace sas::test
