#include "veil/SingleInstance.h"

#include "common/AppLogging.h"

#include <QDir>
#include <QLocalSocket>
#include <QStandardPaths>

#include <unistd.h>

namespace veil::app {
namespace {

constexpr char kRaise[] = "raise\n";
constexpr char kAnswer[] = "ok\n";
constexpr qint64 kAnswerBytes = sizeof(kAnswer) - 1;

} // namespace

SingleInstance::SingleInstance(QString socketPath, QObject* parent)
    : QObject(parent)
    , m_socketPath(std::move(socketPath))
{
    m_server.setSocketOptions(QLocalServer::UserAccessOption);
    connect(&m_server, &QLocalServer::newConnection, this, &SingleInstance::onNewConnection);
}

SingleInstance::~SingleInstance() = default;

QString SingleInstance::defaultSocketPath()
{
    const QString runtime = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (!runtime.isEmpty()) {
        return runtime + QStringLiteral("/org.veil.Veil.socket");
    }
    return QDir::tempPath() + QStringLiteral("/org.veil.Veil-%1.socket").arg(::getuid());
}

SingleInstance::Role SingleInstance::claim(int timeoutMs)
{
    // Ask first: with socket options set, QLocalServer::listen() makes the socket elsewhere and renames it into
    // place, replacing a running instance's socket instead of failing, so a failed listen() proves nothing.
    QLocalSocket socket;
    socket.connectToServer(m_socketPath);
    if (socket.waitForConnected(timeoutMs)) {
        socket.write(kRaise, qint64(sizeof(kRaise) - 1));
        socket.waitForBytesWritten(timeoutMs);
        while (socket.bytesAvailable() < kAnswerBytes && socket.waitForReadyRead(timeoutMs)) { }
        if (socket.readAll().startsWith(kAnswer)) {
            qCDebug(lcGui) << "another veil instance was asked to raise its window";
            return Role::Secondary;
        }
        return Role::Failed; // someone listens but does not answer; leave its socket alone
    }
    // Nobody listens: no socket yet, or one left behind by an instance that crashed.
    QLocalServer::removeServer(m_socketPath);
    if (m_server.listen(m_socketPath)) {
        qCDebug(lcGui) << "this is the only veil instance";
        return Role::Primary;
    }
    return Role::Failed;
}

void SingleInstance::onNewConnection()
{
    while (QLocalSocket* socket = m_server.nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
            if (!socket->canReadLine()) {
                if (socket->bytesAvailable() > 64) {
                    socket->disconnectFromServer(); // not our protocol
                }
                return;
            }
            const QByteArray line = socket->readLine(64);
            if (line == kRaise) {
                qCDebug(lcGui) << "a second start asked this instance to raise its window";
                socket->write(kAnswer, kAnswerBytes);
                socket->flush();
                Q_EMIT raiseRequested();
            }
            socket->disconnectFromServer();
        });
    }
}

} // namespace veil::app
