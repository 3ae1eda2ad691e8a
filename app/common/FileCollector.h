#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace veil::app {

/// Lists the files `veilctl scan PATH...` reads, honouring .gitignore files.
///
/// A PATH that is a file is always listed (pre-commit passes the staged files by name). A PATH that is a folder
/// is walked: symbolic links are not followed, `.git` is never entered, and whatever the work tree's ignore
/// rules exclude is left out (IgnoreRules: the `.gitignore` of every folder from the work tree's root down, and
/// `.git/info/exclude`). The work tree's root is the nearest folder at or above PATH that holds `.git`; outside
/// a git work tree PATH itself is the root, and its `.gitignore` files still apply. The user's global excludes
/// file (core.excludesFile) is not read. Files are listed in name order, each once.
class FileCollector
{
public:
    struct File
    {
        QString path; ///< as shown to the user: the PATH given, joined with the path below it
        QString absolutePath; ///< canonical, for reading
    };

    struct Outcome
    {
        QList<File> files;
        QStringList missing; ///< PATHs that do not exist or cannot be listed, as given
    };

    static Outcome collect(const QStringList& paths);
};

} // namespace veil::app
