// A full disk, for real: each case runs veil_disk_full_child in a new user and mount namespace (`unshare
// --map-root-user --mount`, which needs no privileges where unprivileged user namespaces are allowed, as on
// Debian 12) with a small tmpfs mounted over a temporary folder, so writes there fail with ENOSPC exactly as on
// a full disk. The child reports what it saw; the namespace and its tmpfs go when it ends.
#include "support/TestData.h"

#include <QMap>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <catch2/catch.hpp>

namespace {

/// Runs the child's `scenario` on a tmpfs of `size`; its "key: value" lines, or nothing when namespaces are
/// not available here.
std::optional<QMap<QString, QString>> runOnFullDisk(const QString& scenario, const QString& size)
{
    const QString unshare = QStandardPaths::findExecutable(QStringLiteral("unshare"));
    QTemporaryDir mountPoint;
    REQUIRE(mountPoint.isValid());
    QProcess probe;
    probe.start(unshare,
                {QStringLiteral("--map-root-user"), QStringLiteral("--mount"), QStringLiteral("sh"),
                 QStringLiteral("-c"), QStringLiteral("mount -t tmpfs -o size=64k tmpfs \"$1\""), QStringLiteral("sh"),
                 mountPoint.path()});
    const bool available = !unshare.isEmpty() && probe.waitForFinished(10000) && probe.exitCode() == 0;
    if (!veil::test::availableOrFailInCi(available, "unprivileged user and mount namespaces (unshare)")) {
        return std::nullopt;
    }
    QProcess child;
    child.start(
        unshare,
        {QStringLiteral("--map-root-user"), QStringLiteral("--mount"), QStringLiteral("sh"), QStringLiteral("-c"),
         QStringLiteral("mount -t tmpfs -o size=%1,mode=0700 tmpfs \"$1\" && exec \"$2\" \"$3\" \"$1\"").arg(size),
         QStringLiteral("sh"), mountPoint.path(), QStringLiteral(VEIL_DISK_FULL_CHILD), scenario});
    REQUIRE(child.waitForFinished(120000));
    const QString err = QString::fromUtf8(child.readAllStandardError());
    INFO(err.toStdString());
    CHECK(child.exitCode() == 0);
    QMap<QString, QString> seen;
    for (const QString& line : QString::fromUtf8(child.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts)) {
        const qsizetype colon = line.indexOf(QStringLiteral(": "));
        if (colon > 0) {
            seen.insert(line.left(colon), line.mid(colon + 2));
        }
    }
    return seen;
}

} // namespace

TEST_CASE("a full disk during a message write: one clear sentence, nothing committed lost, the database reopens",
          "[export][history][diskfull]")
{
    const auto seen = runOnFullDisk(QStringLiteral("history"), QStringLiteral("2m"));
    if (!seen) {
        return;
    }
    INFO(QStringList(seen->keys()).join(u',').toStdString());
    CHECK(seen->value(QStringLiteral("first")) == QStringLiteral("ok"));
    CHECK(seen->value(QStringLiteral("free")).toLongLong() < 64 * 1024);
    CHECK(seen->value(QStringLiteral("write")) == QStringLiteral("capacity"));
    const QString message = seen->value(QStringLiteral("message"));
    CHECK(message.startsWith(QStringLiteral("The disk is full")));
    CHECK(message.count(u'.') == 1);
    CHECK(message.endsWith(u'.'));
    CHECK(seen->value(QStringLiteral("reopen")) == QStringLiteral("ok"));
    CHECK(seen->value(QStringLiteral("messages")) == QStringLiteral("1"));
    CHECK(seen->value(QStringLiteral("text")) == QStringLiteral("committed before the disk filled"));
    CHECK(seen->value(QStringLiteral("integrity")) == QStringLiteral("ok"));
    CHECK(seen->value(QStringLiteral("after")) == QStringLiteral("ok"));
}

TEST_CASE("a full disk during an export: one clear sentence, no partial file, the earlier file untouched",
          "[export][diskfull]")
{
    const auto seen = runOnFullDisk(QStringLiteral("export"), QStringLiteral("16m"));
    if (!seen) {
        return;
    }
    INFO(QStringList(seen->keys()).join(u',').toStdString());
    CHECK(seen->value(QStringLiteral("free")).toLongLong() < 128 * 1024);
    CHECK(seen->value(QStringLiteral("export")) == QStringLiteral("capacity"));
    const QString message = seen->value(QStringLiteral("message"));
    CHECK(message.startsWith(QStringLiteral("The disk is full")));
    CHECK(message.endsWith(u'.'));
    CHECK(seen->value(QStringLiteral("files")) == QStringLiteral("previous.tar"));
    CHECK(seen->value(QStringLiteral("previous_after")) == seen->value(QStringLiteral("previous_before")));
    CHECK(seen->value(QStringLiteral("previous_before")).size() == 64);
}
