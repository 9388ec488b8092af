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

    /// Reads one HTTP/1.1 response (headers and a Content-Length body) and leaves the connection open for the next
    /// request; returns its status, 0 when the server closed first. Throws Poco::TimeoutException after `timeout`.
    int receiveResponseStatus(std::chrono::milliseconds timeout);
    /// The serial number of the certificate the server presented in this connection's handshake.
    std::string serverCertificateSerial();

    /// The status code of the HTTP response `bytes` start with, or 0.
    static int statusOf(const std::string& bytes);

private:
    Poco::Net::SecureStreamSocket _socket;
    std::string _pending; ///< bytes read past the last response (pipelined answers)
};

/// The serial number of a PEM certificate file, formatted as serverCertificateSerial() does.
std::string certificateSerial(const std::string& pemFile);

} // namespace sas::test
