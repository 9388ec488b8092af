#pragma once

#include <string>

namespace sas::test
{

/// A fresh directory under the build tree's test-work/ (searchable by the embedded PostgreSQL
/// account, unlike mkdtemp's 0700 directories), removed by nobody: inspect it after a failure.
std::string makeWorkDirectory(const std::string& prefix);

/// The dev PKI made by certs/make-dev-pki for this build tree (ctest fixture "pki").
std::string pkiDirectory();

/// A TCP port free on 127.0.0.1 right now.
int freePort();

} // namespace sas::test
