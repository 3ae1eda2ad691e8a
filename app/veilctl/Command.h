#pragma once

#include <QCommandLineParser>
#include <QStringList>
#include <QTextStream>

namespace veil::cli {

/// A command's --help text with its usage line naming the command ("Usage: veilctl redact [options] FILE"):
/// QCommandLineParser would print the program's path alone.
inline QString commandHelp(const QCommandLineParser& parser, const QStringList& arguments)
{
    QString text = parser.helpText();
    const QString usage = QStringLiteral("Usage: ");
    if (text.startsWith(usage) && !arguments.isEmpty()) {
        const qsizetype end = text.indexOf(QLatin1Char(' '), usage.size());
        text.replace(usage.size(), end - usage.size(), arguments.first());
    }
    return text;
}

/// Where a command writes: stdout for results, stderr for one-sentence errors.
struct Console
{
    QTextStream& out;
    QTextStream& err;
};

/// `veilctl redact [--json | --jsonl] [--policy FILE] [FILE]`
int runRedact(const QStringList& arguments, Console console);

/// `veilctl rules list [--json] | rules test [--policy FILE]`
int runRules(const QStringList& arguments, Console console);

/// `veilctl policy verify FILE [--sig FILE.minisig] --pubkey KEY`
int runPolicy(const QStringList& arguments, Console console);

/// `veilctl providers add --id ID --kind KIND --base-url URL [--model M]... | providers list | providers remove ID`
int runProviders(const QStringList& arguments, Console console);

/// `veilctl keys set PROVIDER | keys delete PROVIDER | keys list`
int runKeys(const QStringList& arguments, Console console);

/// `veilctl ask [--provider ID] [--model M] [--conversation ID] [--raw] [--yes] TEXT|-`
int runAsk(const QStringList& arguments, Console console);

} // namespace veil::cli
