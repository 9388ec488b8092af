#pragma once

#include <Poco/Util/ServerApplication.h>

#include <string>
#include <vector>

namespace sas::app
{

/// `sas-gateway [serve|migrate|check-config] [--config-file F]... [--set key=value]...`
///
/// Configuration layers, strongest first: --set, environment (SAS_HTTPS_PORT, SAS_VAR_DIR,
/// SAS_DB_DSN), --config-file overlays (later ones win), then config/sas-gateway.properties.
/// `sas-gateway directory import <file> [--territory NAME | --departements 31,33]` (app/DirectoryImportCommand.h).
/// Exit codes: 0 ok, 64 usage, 65 database schema refused, 69 database unavailable,
/// 70 internal error, 78 configuration.
class GatewayApplication final : public Poco::Util::ServerApplication
{
protected:
    void initialize(Poco::Util::Application& self) override;
    void defineOptions(Poco::Util::OptionSet& options) override;
    int main(const std::vector<std::string>& arguments) override;

private:
    void handleConfigFile(const std::string& name, const std::string& value);
    void handleSet(const std::string& name, const std::string& value);
    void handleHelp(const std::string& name, const std::string& value);
    void handleScope(const std::string& name, const std::string& value);

    int serve();
    int migrate();
    int checkConfig();
    int mappingCommand(const std::vector<std::string>& arguments);
    int directoryCommand(const std::vector<std::string>& arguments);

    std::vector<std::string> _configFiles;
    std::vector<std::pair<std::string, std::string>> _overrides;
    bool _helpRequested = false;
    std::string _territory;    ///< directory import --territory
    std::string _departements; ///< directory import --departements
    std::string _configProblem;
};

} // namespace sas::app
