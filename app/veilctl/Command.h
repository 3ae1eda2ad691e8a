#pragma once

#include <QCommandLineParser>
#include <QStringList>
#include <QTextStream>

#include "veilctl/ExitCode.h"

#include <optional>

namespace veil::cli {

/// Where a command writes: stdout for results, stderr for one-sentence errors.
struct Console
{
    QTextStream& out;
    QTextStream& err;
};

/// Parses a command's arguments. Returns an exit code when the command is already done: Usage after a sentence
/// on stderr when the arguments do not parse, Ok after printing --help (whose usage line names the command,
/// "Usage: veilctl redact [options] FILE", where QCommandLineParser would print the program's path alone).
/// Returns nothing when the command should go on.
inline std::optional<int> parseCommand(QCommandLineParser& parser, const QStringList& arguments, Console console)
{
    if (!parser.parse(arguments)) {
        console.err << arguments.value(0) << ": " << parser.errorText() << '\n';
        return Usage;
    }
    if (!parser.isSet(QStringLiteral("help"))) {
        return std::nullopt;
    }
    QString text = parser.helpText();
    const QString usage = QStringLiteral("Usage: ");
    if (text.startsWith(usage) && !arguments.isEmpty()) {
        const qsizetype end = text.indexOf(QLatin1Char(' '), usage.size());
        text.replace(usage.size(), end - usage.size(), arguments.first());
    }
    console.out << text;
    return Ok;
}

/// `veilctl redact [--json | --jsonl] [--policy FILE] [FILE]`
int runRedact(const QStringList& arguments, Console console);

/// `veilctl rules list [--json] | rules test [--policy FILE]`
int runRules(const QStringList& arguments, Console console);

/// `veilctl scan [--format text|json|sarif] [--policy FILE] [--max-size BYTES] PATH...`
int runScan(const QStringList& arguments, Console console);

/// `veilctl policy verify FILE [--sig FILE.minisig] --pubkey KEY`
int runPolicy(const QStringList& arguments, Console console);

/// `veilctl providers add --id ID --kind KIND --base-url URL [--model M]... [--fetch-models] | providers list |
/// providers models ID | providers remove ID`
int runProviders(const QStringList& arguments, Console console);

/// `veilctl keys set PROVIDER | keys delete PROVIDER | keys list`
int runKeys(const QStringList& arguments, Console console);

/// `veilctl ask [--provider ID] [--model M] [--conversation ID] [--workspace W] [--raw] [--yes] TEXT|-`
int runAsk(const QStringList& arguments, Console console);

/// `veilctl workspaces add W | list | remove W | context set W | context show W`
int runWorkspaces(const QStringList& arguments, Console console);

/// `veilctl export --since DATE [--until DATE] [--workspace W] [--provider P] --out PATH [--format LIST]
/// [--recipient AGE_RECIPIENT]... [--upload URL] | export --incident [--force] [--out PATH]`
int runExport(const QStringList& arguments, Console console);

/// `veilctl history list | search QUERY | show ID [--restore] | purge ... [--yes] | rekey`
int runHistory(const QStringList& arguments, Console console);

/// `veilctl audit list [--json] | audit verify`
int runAudit(const QStringList& arguments, Console console);

/// Answers the active policy's incident request: exports its range encrypted to its recipients, uploads it and
/// records the incident as done (exports::IncidentResponder). `veilctl export --incident` (running it is the
/// user's consent), and `veilctl policy fetch` when the policy says automatic. Refuses with Usage when there
/// is no incident or it was answered already (unless `force`). `outPath` empty: under the data folder.
int runIncidentExport(Console console, bool force, const QString& outPath);

} // namespace veil::cli
