#include "adapters/postgres/PgListener.h"

#include <libpq-fe.h>
#include <sys/select.h>

namespace sas::adapters::postgres
{

PgListener::PgListener(std::string dsn, std::string channel, Callbacks callbacks, std::chrono::seconds idlePeriod)
    : _dsn(std::move(dsn)), _channel(std::move(channel)), _callbacks(std::move(callbacks)), _idlePeriod(idlePeriod)
{
}

PgListener::~PgListener()
{
    stop();
}

void PgListener::start()
{
    _stop = false;
    _thread = std::thread([this] { run(); });
}

void PgListener::stop()
{
    _stop = true;
    if (_thread.joinable())
        _thread.join();
}

void PgListener::run()
{
    auto lastIdle = std::chrono::steady_clock::now();
    bool connectedBefore = false;
    while (!_stop)
    {
        PGconn* connection = PQconnectdb((_dsn + " connect_timeout=5").c_str());
        if (PQstatus(connection) != CONNECTION_OK)
        {
            PQfinish(connection);
            for (int i = 0; i < 10 && !_stop; ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            continue;
        }
        char* quoted = PQescapeIdentifier(connection, _channel.c_str(), _channel.size());
        PGresult* listen = PQexec(connection, ("LISTEN " + std::string(quoted ? quoted : "sas")).c_str());
        PQfreemem(quoted);
        const bool ok = PQresultStatus(listen) == PGRES_COMMAND_OK;
        PQclear(listen);
        if (!ok)
        {
            PQfinish(connection);
            continue;
        }
        _listening = true;
        // Notifications sent while we were away are lost: the caller re-reads everything.
        if (connectedBefore && _callbacks.onReconnect)
            _callbacks.onReconnect();
        connectedBefore = true;
        while (!_stop)
        {
            const int socket = PQsocket(connection);
            fd_set readable;
            FD_ZERO(&readable);
            FD_SET(socket, &readable);
            timeval timeout{0, 200 * 1000};
            const int ready = select(socket + 1, &readable, nullptr, nullptr, &timeout);
            if (ready < 0 || (ready > 0 && !PQconsumeInput(connection)) || PQstatus(connection) != CONNECTION_OK)
                break;
            while (PGnotify* notify = PQnotifies(connection))
            {
                const std::string payload = notify->extra ? notify->extra : "";
                PQfreemem(notify);
                if (_callbacks.onNotify)
                    _callbacks.onNotify(payload);
            }
            if (_callbacks.onIdle && std::chrono::steady_clock::now() - lastIdle >= _idlePeriod)
            {
                lastIdle = std::chrono::steady_clock::now();
                _callbacks.onIdle();
            }
        }
        _listening = false;
        PQfinish(connection);
    }
}

} // namespace sas::adapters::postgres
