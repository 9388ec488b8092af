#include "app/GatewayApplication.h"

#include <Poco/Net/SSLManager.h>

int main(int argc, char** argv)
{
    Poco::Net::initializeSSL();
    sas::app::GatewayApplication application;
    const int status = application.run(argc, argv);
    Poco::Net::uninitializeSSL();
    return status;
}
