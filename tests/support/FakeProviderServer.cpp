#include "support/FakeProviderServer.h"

#include <QHostAddress>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <random>

namespace veil::test {

QByteArray RecordedRequest::header(const QByteArray& name) const
{
    for (const auto& [key, value] : headers) {
        if (key == name) {
            return value;
        }
    }
    return {};
}

FakeResponse FakeResponse::json(int status, const QByteArray& body, QList<QPair<QByteArray, QByteArray>> headers)
{
    FakeResponse response;
    response.status = status;
    response.body = body;
    response.headers = std::move(headers);
    response.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
    return response;
}

FakeResponse FakeResponse::stream(const QByteArray& body, const QByteArray& contentType)
{
    FakeResponse response;
    response.body = body;
    response.headers.append({QByteArrayLiteral("Content-Type"), contentType});
    return response;
}

/// One accepted connection: reads one request, then plays one FakeResponse.
class FakeProviderServer::Connection : public QObject
{
public:
    Connection(FakeProviderServer* server, QTcpSocket* socket)
        : QObject(server)
        , m_server(server)
        , m_socket(socket)
    {
        socket->setParent(this);
        connect(socket, &QTcpSocket::readyRead, this, &Connection::onReadyRead);
        connect(socket, &QTcpSocket::disconnected, this, [this] {
            m_stopped = true;
            deleteLater();
        });
        connect(socket, &QTcpSocket::bytesWritten, this, [this] {
            if (m_waitingForWrite && m_socket->bytesToWrite() == 0) {
                m_waitingForWrite = false;
                sendNext();
            }
        });
    }

private:
    void onReadyRead()
    {
        if (m_answered) {
            m_socket->readAll();
            return;
        }
        m_buffer += m_socket->readAll();
        const qsizetype headerEnd = m_buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            return;
        }
        RecordedRequest request;
        const QList<QByteArray> lines = m_buffer.left(headerEnd).split('\n');
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        request.method = requestLine.value(0);
        request.path = requestLine.value(1);
        qsizetype contentLength = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            const QByteArray name = lines[i].left(colon).trimmed().toLower();
            const QByteArray value = lines[i].mid(colon + 1).trimmed();
            if (name == "content-length") {
                contentLength = value.toLongLong();
            }
            request.headers.append({name, value});
        }
        if (m_buffer.size() < headerEnd + 4 + contentLength) {
            return;
        }
        request.body = m_buffer.mid(headerEnd + 4, contentLength);
        m_answered = true;
        m_server->m_requests.append(request);
        m_response = m_server->next();
        Q_EMIT m_server->requestReceived();
        answer();
    }

    void answer()
    {
        if (!m_response.garbage.isEmpty()) {
            m_socket->write(m_response.garbage);
            m_socket->disconnectFromHost();
            return;
        }
        QByteArray head = "HTTP/1.1 " + QByteArray::number(m_response.status) + " Scripted\r\n";
        for (const auto& [name, value] : std::as_const(m_response.headers)) {
            head += name + ": " + value + "\r\n";
        }
        head += "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        m_socket->write(head);
        m_socket->flush();

        const QByteArray& body = m_response.body;
        if (m_response.generate) {
            // pieces are made in sendNext()
        } else if (m_response.chunks == FakeResponse::Chunks::Whole) {
            m_pieces.append(body);
        } else {
            std::mt19937 random(m_response.seed);
            std::uniform_int_distribution<int> size(1, std::max(1, m_response.chunkSize));
            for (qsizetype at = 0; at < body.size();) {
                const int n = m_response.chunks == FakeResponse::Chunks::Fixed ? std::max(1, m_response.chunkSize)
                                                                               : size(random);
                m_pieces.append(body.mid(at, n));
                at += n;
            }
        }
        sendNext();
    }

    void sendNext()
    {
        if (m_stopped) {
            return;
        }
        if (m_response.generate) {
            if (m_socket->bytesToWrite() > 0) {
                m_waitingForWrite = true; // bytesWritten() calls again
                return;
            }
            const QByteArray piece = m_response.generate(m_sent);
            if (piece.isEmpty()) {
                m_socket->write("0\r\n\r\n");
                m_socket->disconnectFromHost();
                return;
            }
            m_pieces = {piece};
            m_next = 0;
        }
        if (m_next >= m_pieces.size()) {
            m_socket->write("0\r\n\r\n");
            m_socket->disconnectFromHost();
            return;
        }
        QByteArray piece = m_pieces[m_next++];
        const qint64 limit = m_response.stallAfter >= 0 ? m_response.stallAfter : m_response.closeAfter;
        bool cut = false;
        if (limit >= 0 && m_sent + piece.size() >= limit) {
            piece.truncate(limit - m_sent);
            cut = true;
        }
        if (!piece.isEmpty()) {
            m_socket->write(QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n");
            m_socket->flush();
            m_sent += piece.size();
        }
        if (cut) {
            m_stopped = true;
            if (m_response.closeAfter >= 0 && m_response.stallAfter < 0) {
                m_socket->disconnectFromHost();
            }
            return; // a stall keeps the connection open until the client gives up or the server goes
        }
        QPointer<Connection> self(this);
        QTimer::singleShot(m_response.delayMs, this, [self] {
            if (self) {
                self->sendNext();
            }
        });
    }

    FakeProviderServer* m_server;
    QTcpSocket* m_socket;
    QByteArray m_buffer;
    bool m_answered = false;
    bool m_stopped = false;
    bool m_waitingForWrite = false;
    FakeResponse m_response;
    QList<QByteArray> m_pieces;
    qsizetype m_next = 0;
    qint64 m_sent = 0;
};

FakeProviderServer::FakeProviderServer(QObject* parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FakeProviderServer::onNewConnection);
    m_server.listen(QHostAddress::LocalHost, 0);
}

FakeProviderServer::~FakeProviderServer() = default;

QUrl FakeProviderServer::url(const QString& path) const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(port());
    url.setPath(path);
    return url;
}

void FakeProviderServer::onNewConnection()
{
    while (QTcpSocket* socket = m_server.nextPendingConnection()) {
        ++m_connections;
        new Connection(this, socket);
    }
}

FakeResponse FakeProviderServer::next()
{
    if (m_script.empty()) {
        return FakeResponse::json(500, R"({"error":{"message":"The fake server has no scripted answer left."}})");
    }
    FakeResponse response = std::move(m_script.front());
    m_script.pop_front();
    return response;
}

} // namespace veil::test
