#pragma once

#include <QByteArray>
#include <QList>
#include <QRegularExpression>
#include <QString>

namespace veil::app {

/// The ignore patterns of one work tree with gitignore(5) semantics, for `veilctl scan`.
///
/// Supported: comments and blank lines, trailing spaces (unless escaped), `\` escapes, negation with `!`,
/// directory-only patterns (`build/`), anchored patterns (a slash at the start or in the middle matches
/// relative to the ignore file's folder; otherwise the name matches at any depth below it), `*`, `?`, bracket
/// expressions (`[a-z]`, `[!0-9]`, POSIX classes), and `**` in its three forms (`**/x`, `x/**`, `a/**/b`).
/// Precedence is git's: files are added from the root down (an exclude file first, then each folder's
/// `.gitignore` before those of its subfolders), and the last matching pattern of the deepest file that has one
/// decides. Matching is case-sensitive (core.ignorecase=false). A file below an ignored folder cannot be
/// re-included, because the walker never enters that folder (as git does).
///
/// Paths are relative to the work tree's root, with '/' separators and no leading or trailing slash.
/// Not thread-safe while patterns are added; isIgnored() may then be called from any thread.
class IgnoreRules
{
public:
    /// Adds the patterns of an ignore file in folder `base` (relative to the root; empty for the root itself).
    void addFile(const QString& base, const QByteArray& content);

    /// Adds one pattern line as it would appear in an ignore file in folder `base`.
    void addPattern(const QString& base, const QString& line);

    /// True when `path` is ignored; `isDirectory` decides whether directory-only patterns apply.
    bool isIgnored(const QString& path, bool isDirectory) const;

    /// The number of patterns added (comments and blank lines are not counted).
    qsizetype size() const { return m_patterns.size(); }

    /// The regular expression (PCRE syntax, unanchored) for one gitignore glob; empty when the glob is malformed.
    static QString globToRegularExpression(const QString& glob);

private:
    struct Pattern
    {
        QString base; ///< the ignore file's folder, relative to the root
        QRegularExpression regex;
        bool negated = false;
        bool directoryOnly = false;
        bool anchored = false; ///< matched against the path below `base`, not just the name
    };

    QList<Pattern> m_patterns;
};

} // namespace veil::app
