#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include <Poco/Net/SecureStreamSocket.h>

namespace sas::test
{

/// A raw TLS connection to the gateway for connection-level attacks (slow loris, header floods, bodies cut off):
/// bytes go out exactly as given, answers are read under a deadline. Trusts the dev CA; presents `certificate`
/// from the dev PKI (empty: none). Throws Poco::Exception when the connection or handshake fails.
class RawTlsConnection
{
public:
    RawTlsConnection(int port, const std::string& certificate);

    /// Writes every byte; false once the server has closed or reset the connection.
    bool send(std::string_view bytes);

    struct Received
    {
        std::string bytes;   ///< what arrived before the close or the deadline
        bool closed = false; ///< the server closed (or reset) the connection
        std::chrono::milliseconds after{0};
    };
    /// Reads until the server closes the connection or `timeout` passes.
    Received receiveUntilClosed(std::chrono::milliseconds timeout);

    /// The status code of the HTTP response `bytes` start with, or 0.
    static int statusOf(const std::string& bytes);

private:
    Poco::Net::SecureStreamSocket _socket;
};

} // namespace sas::test
