// The disk-full cases' child: run by DiskFullTest inside a user and mount namespace (unshare) in which FOLDER is
// a small tmpfs, so a write there meets a genuinely full file system. Prints what it saw as "key: value" lines
// (never secrets) for the parent to check; the tmpfs and everything on it go when the child ends.
//
//     veil_disk_full_child history FOLDER   a message write on a full disk, then reopening
//     veil_disk_full_child export FOLDER    an export onto a full disk
#include "common/EngineSetup.h"
#include "export/Exporter.h"
#include "history/Database.h"
#include "history/HistoryStore.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QEventLoop>
#include <QFile>

#include <sodium.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

using namespace veil;

namespace {

using Key = std::array<unsigned char, history::Database::kKeyBytes>;

void say(const char* key, const QString& value)
{
    std::printf("%s: %s\n", key, value.toUtf8().constData());
    std::fflush(stdout);
}

/// Fills the file system of `folder` until at most `leave` bytes are free (a file "filler").
bool fill(const QString& folder, qint64 leave)
{
    struct statvfs fs = {};
    if (::statvfs(QFile::encodeName(folder).constData(), &fs) != 0) {
        return false;
    }
    qint64 room = qint64(fs.f_bavail) * qint64(fs.f_frsize) - leave;
    const int fd = ::open(QFile::encodeName(folder + QStringLiteral("/filler")).constData(),
                          O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        return false;
    }
    const QByteArray block(4096, 'f');
    while (room > 0) {
        const ssize_t n = ::write(fd, block.constData(), size_t(std::min<qint64>(room, block.size())));
        if (n <= 0) {
            break;
        }
        room -= n;
    }
    ::close(fd);
    return true;
}

qint64 freeBytes(const QString& folder)
{
    struct statvfs fs = {};
    return ::statvfs(QFile::encodeName(folder).constData(), &fs) == 0 ? qint64(fs.f_bavail) * qint64(fs.f_frsize) : -1;
}

QString codeName(Error::Code code)
{
    return code == Error::Code::Capacity ? QStringLiteral("capacity") : QStringLiteral("other");
}

int historyCase(const QString& folder, const Key& key)
{
    const QString path = folder + QStringLiteral("/history.db");
    auto db = history::Database::open(path, key);
    if (!db) {
        say("open", db.error().message);
        return 1;
    }
    history::HistoryStore store(*db.value());
    const int64_t conversation = store.createConversation(QStringLiteral("c")).value();
    history::NewUserMessage first;
    first.text = "committed before the disk filled";
    first.provider = QStringLiteral("p");
    first.model = QStringLiteral("m");
    say("first", store.appendUserMessage(conversation, first) ? QStringLiteral("ok") : QStringLiteral("failed"));

    if (!fill(folder, 16 * 1024)) {
        say("fill", QStringLiteral("failed"));
        return 1;
    }
    say("free", QString::number(freeBytes(folder)));
    history::NewUserMessage big = first;
    big.text = std::string(1024 * 1024, 'x'); // far more than the room left
    auto written = store.appendUserMessage(conversation, big);
    say("write", written ? QStringLiteral("ok") : codeName(written.error().code));
    if (!written) {
        say("message", written.error().message);
    }
    db.value().reset();

    // Reopened on the still full disk: what was committed is there, and the file is sound.
    auto again = history::Database::open(path, key);
    say("reopen", again ? QStringLiteral("ok") : again.error().message);
    if (!again) {
        return 1;
    }
    history::HistoryStore reopened(*again.value());
    auto messages = reopened.messages(conversation);
    say("messages", messages ? QString::number(messages->size()) : messages.error().message);
    if (messages && !messages->empty()) {
        say("text", QString::fromStdString(messages->front().text));
    }
    auto problems = again.value()->integrityProblems();
    say("integrity",
        problems ? (problems->isEmpty() ? QStringLiteral("ok") : problems->join(u' ')) : problems.error().message);
    // Room again: writing works again.
    QFile::remove(folder + QStringLiteral("/filler"));
    say("after", reopened.appendUserMessage(conversation, first) ? QStringLiteral("ok") : QStringLiteral("failed"));
    return 0;
}

QByteArray sha256(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex()
                                          : QByteArray("missing");
}

int exportCase(const QString& folder, const Key& key)
{
    const QString dbPath = folder + QStringLiteral("/history.db");
    const QString out = folder + QStringLiteral("/out");
    QDir().mkpath(out);
    {
        auto db = history::Database::open(dbPath, key);
        if (!db) {
            say("open", db.error().message);
            return 1;
        }
        int64_t now = 1'768'467'600'000;
        history::HistoryStore store(*db.value(), [&now] { return now++; });
        const int64_t conversation = store.createConversation(QStringLiteral("c")).value();
        history::NewUserMessage message;
        message.provider = QStringLiteral("p");
        message.model = QStringLiteral("m");
        for (int i = 0; i < 100; ++i) {
            message.text = "line " + std::to_string(i) + ": " + std::string(4000, 'a' + char(i % 26));
            if (auto added = store.appendUserMessage(conversation, message); !added) {
                say("seed", added.error().message);
                return 1;
            }
        }
        (void)db.value()->checkpoint();
    }
    // An earlier export in the same folder, which must stay as it is.
    const QString previous = out + QStringLiteral("/previous.tar");
    {
        QFile file(previous);
        if (!file.open(QIODevice::WriteOnly)) {
            return 1;
        }
        file.write(QByteArray(20000, 'p'));
    }
    say("previous_before", QString::fromLatin1(sha256(previous)));

    auto db = history::Database::open(dbPath, key);
    auto engine = app::makeRedactionEngine();
    if (!db || !engine) {
        say("open", QStringLiteral("failed"));
        return 1;
    }
    if (!fill(folder, 64 * 1024)) { // the export is about 1.2 MB
        say("fill", QStringLiteral("failed"));
        return 1;
    }
    say("free", QString::number(freeBytes(folder)));
    exports::Exporter::Options options;
    options.outPath = out + QStringLiteral("/incident.tar");
    options.since = 0;
    options.until = 4'000'000'000'000;
    options.appVersion = QStringLiteral("0.1.0");
    options.device = QStringLiteral("test");
    exports::Exporter exporter(std::move(db.value()), engine.value(), options);
    QEventLoop loop;
    QObject::connect(&exporter, &Job::finished, &loop, &QEventLoop::quit);
    exporter.start();
    loop.exec();
    say("export", exporter.ok() ? QStringLiteral("ok") : codeName(exporter.error().code));
    if (!exporter.ok()) {
        say("message", exporter.error().message);
    }
    say("files", QDir(out).entryList(QDir::Files | QDir::Hidden | QDir::System, QDir::Name).join(u' '));
    say("previous_after", QString::fromLatin1(sha256(previous)));
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 3 || sodium_init() < 0) {
        std::fprintf(stderr, "usage: veil_disk_full_child history|export FOLDER\n");
        return 2;
    }
    Key key;
    randombytes_buf(key.data(), key.size());
    const QString scenario = QString::fromLocal8Bit(argv[1]);
    const QString folder = QString::fromLocal8Bit(argv[2]);
    if (scenario == QStringLiteral("history")) {
        return historyCase(folder, key);
    }
    if (scenario == QStringLiteral("export")) {
        return exportCase(folder, key);
    }
    return 2;
}
