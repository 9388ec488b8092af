#include "tests/support/MedplumVendor.h"

#include "tests/support/HttpsClient.h"
#include "tests/support/TestPaths.h"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <regex>
#include <spawn.h>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace sas::test
{

MedplumVendor::MedplumVendor() : _logFile(makeWorkDirectory("medplum-vendor") + "/medplum.log")
{
    int pipeFds[2];
    if (pipe2(pipeFds, O_CLOEXEC) != 0)
        throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, pipeFds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, _logFile.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    const std::string script = std::string(SAS_SOURCE_DIR) + "/tests/e2e/node/medplumVendor.mjs";
    std::vector<std::string> arguments{"node", script, "--pki", pkiDirectory(), "--port", "0", "--base", "/fhir/R4"};
    std::vector<char*> argv;
    for (auto& argument : arguments)
        argv.push_back(argument.data());
    argv.push_back(nullptr);
    const int spawned = posix_spawnp(&_pid, "node", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(pipeFds[1]);
    if (spawned != 0)
    {
        close(pipeFds[0]);
        _pid = -1;
        throw std::runtime_error("cannot start node for the Medplum vendor");
    }
    // One line once it listens: {"port":<n>,"baseUrl":"https://localhost:<n>/fhir/R4"}. EOF instead: it died
    // (e.g. tests/e2e/node without `npm ci`), and its log says why.
    FILE* out = fdopen(pipeFds[0], "r");
    char line[512] = {};
    const bool read = out && fgets(line, sizeof line, out);
    if (out)
        fclose(out);
    std::smatch match;
    const std::string text = read ? line : "";
    if (!std::regex_search(text, match, std::regex(R"re("port":(\d+),"baseUrl":"([^"]+)")re")))
    {
        const std::string why = log();
        stop(); // the constructor throws: no destructor runs
        throw std::runtime_error("the Medplum vendor did not start: '" + text + "' " + why);
    }
    _port = std::stoi(match[1].str());
    _baseUrl = match[2].str();
}

MedplumVendor::~MedplumVendor()
{
    stop();
}

void MedplumVendor::stop()
{
    if (_pid <= 0)
        return;
    kill(_pid, SIGTERM);
    int status = 0;
    for (int i = 0; i < 50 && waitpid(_pid, &status, WNOHANG) == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (waitpid(_pid, &status, WNOHANG) == 0)
    {
        kill(_pid, SIGKILL);
        waitpid(_pid, &status, 0);
    }
    _pid = -1;
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
    std::ifstream in(_logFile);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace sas::test
