#pragma once

#include <string>

namespace sas::test
{

/// A fresh directory under the build tree's test-work/ (searchable by the embedded PostgreSQL
/// account, unlike mkdtemp's 0700 directories), removed by nobody: inspect it after a failure.
std::string makeWorkDirectory(const std::string& prefix);
/// Removes a directory made by makeWorkDirectory (a gateway's or a cluster's state: ~100 MB each, ~8 GB per full
/// run otherwise), unless SAS_KEEP_TEST_DIRS is set to keep them for a post-mortem.
void removeWorkDirectory(const std::string& directory);

/// The dev PKI made by certs/make-dev-pki for this build tree (ctest fixture "pki").
std::string pkiDirectory();

/// A TCP port free on 127.0.0.1 right now.
int freePort();

} // namespace sas::test
