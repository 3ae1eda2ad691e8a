#include "common/FileCollector.h"

#include "common/IgnoreRules.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

namespace veil::app {
namespace {

constexpr qint64 kIgnoreFileLimit = 1 << 20; // a .gitignore larger than this is not a real one

QByteArray readIgnoreFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    return file.read(kIgnoreFileLimit);
}

/// The nearest folder at or above `folder` that holds `.git` (a folder, or a file in a linked work tree).
QString workTreeRoot(const QString& folder)
{
    QDir dir(folder);
    while (true) {
        if (QFileInfo::exists(dir.filePath(QStringLiteral(".git")))) {
            return dir.absolutePath();
        }
        if (!dir.cdUp()) {
            return {};
        }
    }
}

QString joinPath(const QString& a, const QString& b)
{
    if (a.isEmpty()) {
        return b;
    }
    return a.endsWith(QLatin1Char('/')) ? QString(a + b) : QString(a + QLatin1Char('/') + b);
}

class Walker
{
public:
    Walker(FileCollector::Outcome& outcome, QSet<QString>& seen)
        : m_outcome(outcome)
        , m_seen(seen)
    {
    }

    void walk(const QString& given, const QString& absoluteFolder)
    {
        QString root = workTreeRoot(absoluteFolder);
        if (root.isEmpty()) {
            root = absoluteFolder;
        }
        const QDir rootDir(root);
        const QString gitDir = rootDir.filePath(QStringLiteral(".git"));
        if (QFileInfo(gitDir).isDir()) {
            m_rules.addFile(QString(), readIgnoreFile(gitDir + QStringLiteral("/info/exclude")));
        }
        // The .gitignore files of the folders above PATH, up to the root, apply to what is below PATH too.
        const QString below = rootDir.relativeFilePath(absoluteFolder);
        const QString relative = below == QStringLiteral(".") ? QString() : below;
        QString base;
        if (!relative.isEmpty()) {
            m_rules.addFile(QString(), readIgnoreFile(rootDir.filePath(QStringLiteral(".gitignore"))));
            const QStringList parts = relative.split(QLatin1Char('/'));
            for (qsizetype k = 0; k + 1 < parts.size(); ++k) {
                base = joinPath(base, parts.at(k));
                m_rules.addFile(base, readIgnoreFile(rootDir.filePath(base + QStringLiteral("/.gitignore"))));
            }
        }
        m_root = root;
        visit(given, relative);
    }

private:
    void visit(const QString& shown, const QString& relative)
    {
        const QString folder = relative.isEmpty() ? m_root : QString(m_root + QLatin1Char('/') + relative);
        m_rules.addFile(relative, readIgnoreFile(folder + QStringLiteral("/.gitignore")));
        const QFileInfoList entries = QDir(folder).entryInfoList(
            QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
        for (const QFileInfo& entry : entries) {
            const QString name = entry.fileName();
            if (name == QStringLiteral(".git") || entry.isSymLink()) {
                continue;
            }
            const QString entryRelative = joinPath(relative, name);
            if (entry.isDir()) {
                if (!m_rules.isIgnored(entryRelative, true)) {
                    visit(joinPath(shown, name), entryRelative);
                }
            } else if (entry.isFile()) {
                if (m_rules.isIgnored(entryRelative, false)) {
                    continue;
                }
                const QString absolute = entry.absoluteFilePath();
                if (!m_seen.contains(absolute)) {
                    m_seen.insert(absolute);
                    m_outcome.files.append({joinPath(shown, name), absolute});
                }
            }
        }
    }

    FileCollector::Outcome& m_outcome;
    QSet<QString>& m_seen;
    IgnoreRules m_rules;
    QString m_root;
};

} // namespace

FileCollector::Outcome FileCollector::collect(const QStringList& paths)
{
    Outcome outcome;
    QSet<QString> seen;
    for (const QString& given : paths) {
        const QFileInfo info(given);
        if (!info.exists()) {
            outcome.missing.append(given);
            continue;
        }
        const QString canonical = info.canonicalFilePath();
        if (info.isDir()) {
            const QString shown = QDir::cleanPath(given) == QStringLiteral(".") ? QString() : QDir::cleanPath(given);
            Walker walker(outcome, seen);
            walker.walk(shown, canonical);
        } else if (info.isFile()) {
            if (!seen.contains(canonical)) {
                seen.insert(canonical);
                outcome.files.append({QDir::cleanPath(given), canonical});
            }
        } else {
            outcome.missing.append(given);
        }
    }
    return outcome;
}

} // namespace veil::app
