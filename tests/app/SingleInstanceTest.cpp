// One veil per session: the real binary started twice on the offscreen platform, in folders of its own.
#include "veil/SingleInstance.h"
#include "support/TestData.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLocalServer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <functional>

namespace {

/// Environment for a veil of its own: runtime, data, config and cache folders, no managed policy, and the
/// veil.gui category on so the first instance says when it was asked to raise its window.
QProcessEnvironment veilEnvironment(const QTemporaryDir& dir)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"runtime", "data", "config", "cache", "managed.d"}) {
        QDir().mkpath(dir.filePath(QString::fromLatin1(name)));
    }
    QFile::setPermissions(dir.filePath(QStringLiteral("runtime")),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), dir.filePath(QStringLiteral("runtime")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), dir.filePath(QStringLiteral("cache")));
    env.insert(QStringLiteral("VEIL_MANAGED_DIR"), dir.filePath(QStringLiteral("managed.d")));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("veil.gui.debug=true"));
    return env;
}

bool waitFor(const std::function<bool()>& condition, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!condition()) {
        if (timer.elapsed() > timeoutMs) {
            return false;
        }
        QTest::qWait(50);
    }
    return true;
}

} // namespace

TEST_CASE("a second veil asks the running one to raise its window and exits 0", "[gui][single-instance]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QProcessEnvironment env = veilEnvironment(dir);
    const QString socket = dir.filePath(QStringLiteral("runtime/org.veil.Veil.socket"));

    QProcess first;
    first.setProcessEnvironment(env);
    first.start(QStringLiteral(VEIL_PATH), {});
    REQUIRE(first.waitForStarted());
    REQUIRE(waitFor([&] { return QFile::exists(socket); }, 30000));
    // Only its owner may talk to it.
    struct stat info
    {
    };
    REQUIRE(::stat(QFile::encodeName(socket).constData(), &info) == 0);
    CHECK((info.st_mode & 0077) == 0);

    QProcess second;
    second.setProcessEnvironment(env);
    second.start(QStringLiteral(VEIL_PATH), {});
    REQUIRE(second.waitForFinished(30000));
    CHECK(second.exitStatus() == QProcess::NormalExit);
    CHECK(second.exitCode() == 0);
    CHECK(second.readAllStandardError().contains("another veil instance was asked to raise its window"));

    QByteArray firstLog;
    CHECK(waitFor(
        [&] {
            firstLog += first.readAllStandardError();
            return firstLog.contains("a second start asked this instance to raise its window");
        },
        10000));
    CHECK(first.state() == QProcess::Running);
    first.terminate();
    if (!first.waitForFinished(10000)) {
        first.kill();
        first.waitForFinished(5000);
    }
}

TEST_CASE("a socket left behind by a crashed veil is replaced", "[gui][single-instance]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString socket = dir.filePath(QStringLiteral("stale.socket"));
    // A bound socket whose process is gone: the file stays, and connecting to it is refused.
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const QByteArray native = QFile::encodeName(socket);
    REQUIRE(size_t(native.size()) < sizeof(address.sun_path));
    std::memcpy(address.sun_path, native.constData(), size_t(native.size()));
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
    ::close(fd);
    REQUIRE(QFile::exists(socket));

    veil::app::SingleInstance instance(socket);
    CHECK(instance.claim(500) == veil::app::SingleInstance::Role::Primary);
    veil::app::SingleInstance second(socket);
    // The second claim comes from the same thread, which cannot answer it: it is told the first is there but
    // gets no answer in time, and does not take over the first one's socket.
    CHECK(second.claim(200) == veil::app::SingleInstance::Role::Failed);
    CHECK(QFile::exists(socket));
}
