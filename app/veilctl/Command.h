#pragma once

#include <QStringList>
#include <QTextStream>

namespace veil::cli {

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

} // namespace veil::cli
