#pragma once

#include <QLocalServer>
#include <QObject>
#include <QString>

namespace veil::app {

/// One `veil` per user session: the first start listens on a local socket; a later start finds it, sends
/// "raise", waits for the answer and exits, and the first one raises its window.
///
/// The socket lives in $XDG_RUNTIME_DIR (per user, mode 0700), or in the temporary folder with the user id in
/// its name when there is no runtime folder; it is made accessible to its owner only. A socket left behind by a
/// crashed instance is detected (connecting is refused) and replaced. Two starts in the same instant may both
/// become primary (the later socket wins); that is the only race, and it costs a second window. The protocol is one
/// line each way: "raise\n", then "ok\n". Only the secondary instance waits, and only before it has any window.
class SingleInstance : public QObject
{
    Q_OBJECT

public:
    enum class Role {
        Primary, ///< this process is the instance; raiseRequested() fires when another start asks
        Secondary, ///< a running instance was asked to raise its window: exit with status 0
        Failed, ///< neither (the socket cannot be made); the caller may run on as a lone instance
    };

    explicit SingleInstance(QString socketPath = defaultSocketPath(), QObject* parent = nullptr);
    ~SingleInstance() override;

    static QString defaultSocketPath();

    /// Becomes the primary instance or asks the running one to raise itself; waits at most `timeoutMs` for it.
    Role claim(int timeoutMs = 3000);

    QString socketPath() const { return m_socketPath; }

Q_SIGNALS:
    void raiseRequested();

private:
    void onNewConnection();

    QString m_socketPath;
    QLocalServer m_server;
};

} // namespace veil::app
