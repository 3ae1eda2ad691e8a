#pragma once

// Helpers for export tests: the real tar, age and age-keygen programs, and the checks every export must pass.
#include "support/CatchQt.h"
#include "support/TestData.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

namespace veil::test {

struct ToolRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

/// Runs a program to its end (no shell); exit code -1 when it cannot start or crashes.
inline ToolRun runTool(const QString& program, const QStringList& arguments, const QString& workingDir = {})
{
    QProcess process;
    if (!workingDir.isEmpty()) {
        process.setWorkingDirectory(workingDir);
    }
    process.start(program, arguments);
    ToolRun run;
    if (!process.waitForStarted(10000) || !process.waitForFinished(120000)) {
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

inline bool haveTools(const QStringList& names)
{
    for (const QString& name : names) {
        if (QStandardPaths::findExecutable(name).isEmpty()) {
            return false;
        }
    }
    return true;
}

/// An age identity made by the real age-keygen in `folder`: its file and its "age1..." recipient.
struct AgeIdentity
{
    QString path;
    QString recipient;
};

inline AgeIdentity makeAgeIdentity(const QString& folder, const QString& name)
{
    AgeIdentity id;
    id.path = QDir(folder).filePath(name);
    const ToolRun made = runTool(QStringLiteral("age-keygen"), {QStringLiteral("-o"), id.path});
    REQUIRE(made.exitCode == 0);
    const ToolRun shown = runTool(QStringLiteral("age-keygen"), {QStringLiteral("-y"), id.path});
    REQUIRE(shown.exitCode == 0);
    id.recipient = QString::fromLatin1(shown.out.trimmed());
    REQUIRE(id.recipient.startsWith(QStringLiteral("age1")));
    return id;
}

/// Extracts a tar file with the real tar into a new folder `into`; returns the names `tar -tf` lists.
inline QStringList extractTar(const QString& tarFile, const QString& into)
{
    REQUIRE(QDir().mkpath(into));
    const ToolRun listed = runTool(QStringLiteral("tar"), {QStringLiteral("-tf"), tarFile});
    INFO(listed.err.toStdString());
    REQUIRE(listed.exitCode == 0);
    const ToolRun extracted
        = runTool(QStringLiteral("tar"), {QStringLiteral("-xf"), tarFile, QStringLiteral("-C"), into});
    INFO(extracted.err.toStdString());
    REQUIRE(extracted.exitCode == 0);
    CHECK(extracted.err.isEmpty()); // no warning about the archive either
    return QString::fromUtf8(listed.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

/// Reads `manifest.json` in `folder` and checks that every file it lists has the size and SHA-256 it states
/// and that no other file is there; returns the manifest.
inline QJsonObject checkManifest(const QString& folder)
{
    const QJsonObject manifest
        = QJsonDocument::fromJson(readFile(QDir(folder).filePath(QStringLiteral("manifest.json")))).object();
    REQUIRE_FALSE(manifest.isEmpty());
    QStringList listed{QStringLiteral("manifest.json")};
    for (const QJsonValue& value : manifest.value(QStringLiteral("files")).toArray()) {
        const QJsonObject file = value.toObject();
        const QString name = file.value(QStringLiteral("name")).toString();
        INFO(name.toStdString());
        const QByteArray bytes = readFile(QDir(folder).filePath(name));
        CHECK(bytes.size() == file.value(QStringLiteral("bytes")).toInteger());
        CHECK(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()
              == file.value(QStringLiteral("sha256")).toString().toLatin1());
        listed << name;
    }
    QStringList present = QDir(folder).entryList(QDir::Files | QDir::Hidden);
    present.sort();
    listed.sort();
    CHECK(present == listed);
    return manifest;
}

} // namespace veil::test
