#include "common/AppLogging.h"
#include "common/ProcessHardening.h"
#include "veilctl/Command.h"
#include "veilctl/ExitCode.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

namespace {

constexpr const char* kUsage = R"(Usage: veilctl COMMAND [OPTIONS]

Veil's command line: the same redaction, policy and history as the desktop application.

Commands:
  redact [--json | --jsonl] [--policy FILE] [FILE]   redact text (standard input if no FILE)
  rules list [--json] | rules test [--policy FILE]   show the rule catalogue or run its examples
  scan [--format text|json|sarif] [--policy FILE] [--max-size BYTES] PATH...
                                                     scan files and folders (honouring .gitignore);
                                                     exit 1 on findings (pre-commit, CI)
  policy lint FILE                                   check a policy bundle before signing it
  policy sign FILE --key SECRET_KEY [--sig OUT]      lint, then sign a bundle with a minisign secret key
  policy verify FILE [--sig FILE.minisig] --pubkey KEY
                                                     check a policy bundle's minisign signature
  policy fetch | policy status                       fetch the organization's policy now; show what is in force
  providers add --id ID --kind KIND --base-url URL [--model M]... [--fetch-models] | providers list
          | providers models ID | providers remove ID
                                                     configure providers (inspector is built in)
  keys set PROVIDER | keys delete PROVIDER | keys list
                                                     API keys in the keychain (set reads stdin or a prompt)
  ask [--provider ID] [--model M] [--conversation ID] [--workspace W] [--raw] [--yes] TEXT|-
                                                     send a redacted prompt; the reply streams to stdout
  workspaces add W | list | remove W | context set W | context show W
                                                     workspaces and their context (set reads stdin)
  export --since DATE [--until DATE] [--workspace W] [--provider P] --out PATH [--format jsonl,csv,html]
         [--recipient AGE_RECIPIENT]... [--upload URL]
                                                     export redacted history for an incident (tar, age)
  export --incident [--force] [--out PATH]           answer the organization's incident request (once)
  history list | search QUERY | show ID [--restore] | purge (--conversation ID | --older-than DAYS | --all) [--yes]
          | rekey                                    the encrypted chat history
  audit list [--json] | audit verify                 the hash-chained audit log

Run `veilctl COMMAND --help` for a command's options.
Exit codes: 0 ok, 1 usage, 2 blocked by policy, 3 verification failed, 4 unavailable, 5 other,
130 cancelled by SIGINT (143 by SIGTERM).
)";

} // namespace

int main(int argc, char** argv)
{
    veil::app::disableCoreDumps(); // before anything secret is read
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("veilctl"));
    QCoreApplication::setOrganizationName(QStringLiteral("veil"));
    QCoreApplication::setApplicationVersion(QStringLiteral(VEIL_VERSION));

    QTextStream out(stdout);
    QTextStream err(stderr);
    veil::cli::Console console{out, err};

    QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() < 2) {
        err << kUsage;
        return veil::cli::Usage;
    }
    const QString command = arguments.at(1);
    if (command == QStringLiteral("--help") || command == QStringLiteral("-h") || command == QStringLiteral("help")) {
        out << kUsage;
        return veil::cli::Ok;
    }
    if (command == QStringLiteral("--version")) {
        out << "veilctl (Veil) " << VEIL_VERSION << '\n'; // GNU style: "program (package) version"
        return veil::cli::Ok;
    }
    // The command's own parser sees "veilctl COMMAND" as its program name.
    arguments.removeAt(1);
    arguments[0] = QStringLiteral("veilctl ") + command;
    int code = veil::cli::Usage;
    if (command == QStringLiteral("redact")) {
        code = veil::cli::runRedact(arguments, console);
    } else if (command == QStringLiteral("rules")) {
        code = veil::cli::runRules(arguments, console);
    } else if (command == QStringLiteral("scan")) {
        code = veil::cli::runScan(arguments, console);
    } else if (command == QStringLiteral("policy")) {
        code = veil::cli::runPolicy(arguments, console);
    } else if (command == QStringLiteral("providers")) {
        code = veil::cli::runProviders(arguments, console);
    } else if (command == QStringLiteral("keys")) {
        code = veil::cli::runKeys(arguments, console);
    } else if (command == QStringLiteral("ask")) {
        code = veil::cli::runAsk(arguments, console);
    } else if (command == QStringLiteral("workspaces")) {
        code = veil::cli::runWorkspaces(arguments, console);
    } else if (command == QStringLiteral("export")) {
        code = veil::cli::runExport(arguments, console);
    } else if (command == QStringLiteral("history")) {
        code = veil::cli::runHistory(arguments, console);
    } else if (command == QStringLiteral("audit")) {
        code = veil::cli::runAudit(arguments, console);
    } else {
        err << "veilctl: unknown command \"" << command << "\"; run `veilctl --help`.\n";
    }
    qCDebug(veil::app::lcCli) << "veilctl" << command << "exits with status" << code;
    out.flush();
    err.flush();
    return code;
}
