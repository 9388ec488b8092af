#include "tests/support/NodeProcess.h"

#include "tests/support/TestPaths.h"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <spawn.h>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace sas::test
{

NodeProcess::NodeProcess(const std::string& name, const std::string& script, const std::vector<std::string>& arguments)
    : _logFile(makeWorkDirectory(name) + "/" + name + ".log")
{
    int pipeFds[2];
    if (pipe2(pipeFds, O_CLOEXEC) != 0)
        throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, pipeFds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, _logFile.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    std::vector<std::string> command{"node", script};
    command.insert(command.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (auto& argument : command)
        argv.push_back(argument.data());
    argv.push_back(nullptr);
    const int spawned = posix_spawnp(&_pid, "node", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(pipeFds[1]);
    if (spawned != 0)
    {
        close(pipeFds[0]);
        _pid = -1;
        throw std::runtime_error("cannot start node for " + name);
    }
    FILE* out = fdopen(pipeFds[0], "r");
    char line[1024] = {};
    const bool read = out && fgets(line, sizeof line, out);
    if (out)
        fclose(out);
    else
        close(pipeFds[0]);
    _firstLine = read ? line : "";
    if (!_firstLine.empty() && _firstLine.back() == '\n')
        _firstLine.pop_back();
    if (_firstLine.empty())
    {
        const std::string why = log();
        stop(); // the constructor throws: no destructor runs
        throw std::runtime_error(name + " did not start: " + why);
    }
}

NodeProcess::~NodeProcess()
{
    stop();
}

void NodeProcess::stop()
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

std::string NodeProcess::log() const
{
    std::ifstream in(_logFile);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace sas::test
