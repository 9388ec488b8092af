#include "tests/support/TestPaths.h"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <unistd.h>

namespace sas::test
{

std::string makeWorkDirectory(const std::string& prefix)
{
    static std::atomic<int> sequence{0};
    namespace fs = std::filesystem;
    fs::path root(SAS_TEST_WORK_DIR);
    fs::create_directories(root);
    fs::permissions(root, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec);
    fs::path dir = root / (prefix + "-" + std::to_string(getpid()) + "-" + std::to_string(sequence++));
    fs::remove_all(dir);
    fs::create_directories(dir);
    fs::permissions(dir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                             fs::perms::others_read | fs::perms::others_exec);
    return dir.string();
}

void removeWorkDirectory(const std::string& directory)
{
    if (std::getenv("SAS_KEEP_TEST_DIRS") != nullptr || directory.empty())
        return;
    std::error_code ignored; // a leftover directory is not a test failure
    std::filesystem::remove_all(directory, ignored);
}

std::string pkiDirectory()
{
    return SAS_TEST_PKI_DIR;
}

int freePort()
{
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    return socket.address().port();
}

} // namespace sas::test
