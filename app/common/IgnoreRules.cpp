#include "common/IgnoreRules.h"

namespace veil::app {
namespace {

QString classCharacter(QChar c)
{
    static const QString special = QStringLiteral("\\]^-[");
    return special.contains(c) ? QString(QString(QLatin1Char('\\')) + c) : QString(c);
}

/// Converts the bracket expression that starts at glob[i] == '['. Returns the index after its closing ']', or -1
/// when it has none (the '[' is then a literal character, as in git).
qsizetype convertBracket(const QString& glob, qsizetype i, QString& out)
{
    qsizetype j = i + 1;
    bool negated = false;
    if (j < glob.size() && (glob.at(j) == QLatin1Char('!') || glob.at(j) == QLatin1Char('^'))) {
        negated = true;
        ++j;
    }
    QString items;
    bool first = true;
    while (j < glob.size()) {
        QChar c = glob.at(j);
        if (c == QLatin1Char(']') && !first) {
            // In a pathname match a bracket expression never matches '/'.
            if (items.isEmpty()) { // only reversed ranges such as [z-a], which match nothing (as in git)
                out += negated ? QStringLiteral("[^/]") : QStringLiteral("(?!)");
                return j + 1;
            }
            out += negated ? QStringLiteral("[^/") + items + QLatin1Char(']')
                           : QStringLiteral("(?!/)[") + items + QLatin1Char(']');
            return j + 1;
        }
        first = false;
        if (c == QLatin1Char('[') && j + 1 < glob.size() && glob.at(j + 1) == QLatin1Char(':')) {
            const qsizetype close = glob.indexOf(QStringLiteral(":]"), j + 2);
            if (close < 0) {
                return -1;
            }
            const QString name = glob.mid(j + 2, close - j - 2);
            static const QStringList known{QStringLiteral("alnum"), QStringLiteral("alpha"), QStringLiteral("blank"),
                                           QStringLiteral("cntrl"), QStringLiteral("digit"), QStringLiteral("graph"),
                                           QStringLiteral("lower"), QStringLiteral("print"), QStringLiteral("punct"),
                                           QStringLiteral("space"), QStringLiteral("upper"), QStringLiteral("xdigit")};
            if (!known.contains(name)) {
                return -1;
            }
            items += QStringLiteral("[:") + name + QStringLiteral(":]");
            j = close + 2;
            continue;
        }
        if (c == QLatin1Char('\\')) {
            if (j + 1 >= glob.size()) {
                return -1;
            }
            c = glob.at(++j);
        }
        if (j + 2 < glob.size() && glob.at(j + 1) == QLatin1Char('-') && glob.at(j + 2) != QLatin1Char(']')) {
            qsizetype endIndex = j + 2;
            QChar end = glob.at(endIndex);
            if (end == QLatin1Char('\\')) {
                if (endIndex + 1 >= glob.size()) {
                    return -1;
                }
                end = glob.at(++endIndex);
            }
            if (end >= c) {
                items += classCharacter(c) + QLatin1Char('-') + classCharacter(end);
            }
            j = endIndex + 1;
            continue;
        }
        items += classCharacter(c);
        ++j;
    }
    return -1;
}

} // namespace

QString IgnoreRules::globToRegularExpression(const QString& glob)
{
    QString out;
    const qsizetype n = glob.size();
    qsizetype i = 0;
    while (i < n) {
        const QChar c = glob.at(i);
        if (c == QLatin1Char('*')) {
            qsizetype j = i;
            while (j < n && glob.at(j) == QLatin1Char('*')) {
                ++j;
            }
            const bool leftBoundary = i == 0 || glob.at(i - 1) == QLatin1Char('/');
            const bool rightBoundary = j == n || glob.at(j) == QLatin1Char('/');
            if (j - i >= 2 && leftBoundary && rightBoundary) {
                if (j == n) {
                    out += QStringLiteral(".*"); // "x/**": everything inside x
                } else {
                    out += QStringLiteral("(?:.*/)?"); // "**/": zero or more folders
                    ++j; // the slash is part of the construct
                }
            } else {
                out += QStringLiteral("[^/]*"); // other runs of asterisks are a plain '*'
            }
            i = j;
        } else if (c == QLatin1Char('?')) {
            out += QStringLiteral("[^/]");
            ++i;
        } else if (c == QLatin1Char('[')) {
            const qsizetype next = convertBracket(glob, i, out);
            if (next < 0) {
                out += QStringLiteral("\\[");
                ++i;
            } else {
                i = next;
            }
        } else if (c == QLatin1Char('\\')) {
            if (i + 1 >= n) {
                return {}; // a trailing backslash is an invalid pattern in git and matches nothing
            }
            out += QRegularExpression::escape(glob.mid(i + 1, 1));
            i += 2;
        } else {
            out += QRegularExpression::escape(QString(c));
            ++i;
        }
    }
    return out;
}

void IgnoreRules::addFile(const QString& base, const QByteArray& content)
{
    for (const QByteArray& line : content.split('\n')) {
        addPattern(base, QString::fromUtf8(line));
    }
}

void IgnoreRules::addPattern(const QString& base, const QString& rawLine)
{
    QString line = rawLine;
    if (line.endsWith(QLatin1Char('\r'))) {
        line.chop(1);
    }
    if (line.isEmpty() || line.startsWith(QLatin1Char('#'))) {
        return;
    }
    // Trailing spaces are dropped unless the last one is escaped with a backslash.
    while (line.endsWith(QLatin1Char(' '))) {
        qsizetype backslashes = 0;
        for (qsizetype k = line.size() - 2; k >= 0 && line.at(k) == QLatin1Char('\\'); --k) {
            ++backslashes;
        }
        if (backslashes % 2 == 1) {
            break;
        }
        line.chop(1);
    }
    Pattern pattern;
    pattern.base = base;
    if (line.startsWith(QLatin1Char('!'))) {
        pattern.negated = true;
        line.remove(0, 1);
    }
    if (line.endsWith(QLatin1Char('/')) && !line.endsWith(QStringLiteral("\\/"))) {
        pattern.directoryOnly = true;
        line.chop(1);
    }
    if (line.isEmpty()) {
        return;
    }
    pattern.anchored = line.contains(QLatin1Char('/'));
    if (line.startsWith(QLatin1Char('/'))) {
        line.remove(0, 1);
    }
    const QString expression = globToRegularExpression(line);
    if (expression.isEmpty()) {
        return;
    }
    pattern.regex = QRegularExpression(QRegularExpression::anchoredPattern(expression),
                                       QRegularExpression::DotMatchesEverythingOption);
    if (!pattern.regex.isValid()) {
        return;
    }
    pattern.regex.optimize();
    m_patterns.append(std::move(pattern));
}

bool IgnoreRules::isIgnored(const QString& path, bool isDirectory) const
{
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    const QString name = slash < 0 ? path : path.mid(slash + 1);
    for (qsizetype k = m_patterns.size() - 1; k >= 0; --k) {
        const Pattern& pattern = m_patterns.at(k);
        if (pattern.directoryOnly && !isDirectory) {
            continue;
        }
        QString relative;
        if (pattern.base.isEmpty()) {
            relative = path;
        } else if (path.size() > pattern.base.size() && path.startsWith(pattern.base)
                   && path.at(pattern.base.size()) == QLatin1Char('/')) {
            relative = path.mid(pattern.base.size() + 1);
        } else {
            continue; // the ignore file is in another folder
        }
        const bool matches
            = pattern.anchored ? pattern.regex.match(relative).hasMatch() : pattern.regex.match(name).hasMatch();
        if (matches) {
            return !pattern.negated;
        }
    }
    return false;
}

} // namespace veil::app
