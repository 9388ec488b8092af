#include "app/GatewayApplication.h"
#include "app/VendorCheckCommand.h"

#include <Poco/Net/SSLManager.h>

#include <cstring>

int main(int argc, char** argv)
{
    Poco::Net::initializeSSL();
    int status = 0;
    // vendor-check is a client tool with its own options; it needs no gateway configuration.
    if (argc > 1 && std::strcmp(argv[1], "vendor-check") == 0)
        status = sas::app::runVendorCheckCommand(std::vector<std::string>(argv + 2, argv + argc));
    else
    {
        sas::app::GatewayApplication application;
        status = application.run(argc, argv);
    }
    Poco::Net::uninitializeSSL();
    return status;
}
