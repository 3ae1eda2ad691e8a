#include "audit/AuditLog.h"
#include "history/Database.h"
#include "keychain/LibsecretStore.h"
#include "veilctl/Command.h"
#include "veilctl/ExitCode.h"
#include "veilctl/HistoryAccess.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace veil::cli {

namespace {

constexpr int kPage = 1000;

QString timeText(int64_t ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

int list(history::Database* db, bool json, Console console)
{
    QJsonArray entries;
    if (db) {
        audit::AuditLog log(*db);
        int64_t after = 0;
        for (;;) {
            auto page = log.entries(after, kPage);
            if (!page) {
                console.err << "veilctl audit list: " << page.error().message << '\n';
                return exitCodeFor(page.error());
            }
            for (const auto& entry : page.value()) {
                if (json) {
                    entries.append(
                        QJsonObject{{QStringLiteral("seq"), qint64(entry.seq)},
                                    {QStringLiteral("at"), timeText(entry.at)},
                                    {QStringLiteral("kind"), entry.kind},
                                    {QStringLiteral("details"), QJsonDocument::fromJson(entry.details).object()},
                                    {QStringLiteral("prev_hash"), QString::fromLatin1(entry.prevHash.toHex())},
                                    {QStringLiteral("hash"), QString::fromLatin1(entry.hash.toHex())}});
                } else {
                    console.out << entry.seq << '\t' << timeText(entry.at) << '\t' << entry.kind << '\t'
                                << QString::fromUtf8(entry.details) << '\n';
                }
                after = entry.seq;
            }
            if (page->size() < size_t(kPage)) {
                break;
            }
        }
    }
    if (json) {
        console.out << QString::fromUtf8(
            QJsonDocument(QJsonObject{{QStringLiteral("entries"), entries}}).toJson(QJsonDocument::Indented));
    }
    return Ok;
}

int verify(history::Database* db, Console console)
{
    if (!db) {
        console.out << "There is no audit log yet.\n";
        return Ok;
    }
    auto verified = audit::AuditLog(*db).verifyWithAnchorFile();
    if (!verified) {
        console.err << "veilctl audit verify: " << verified.error().message << '\n';
        return exitCodeFor(verified.error());
    }
    if (!verified->ok) {
        console.err << "veilctl audit verify: " << verified->problem << '\n';
        return VerificationFailed;
    }
    console.out << "The audit log is intact: " << verified->entries
                << (verified->entries == 1 ? " entry" : " entries, each chained to the one before");
    if (verified->firstSeq > 1) {
        console.out << ", from entry " << verified->firstSeq << " (older entries were pruned by the retention policy)";
    }
    console.out << ", and its end matches the anchor kept beside the database.\n";
    return Ok;
}

} // namespace

int runAudit(const QStringList& arguments, Console console)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Shows and checks the hash-chained audit log in the history database.\n"
                       "  list [--json]   every entry: seq, time (UTC), kind, details (never content)\n"
                       "  verify          recomputes the chain; exit 3 naming the first entry that was edited, "
                       "removed or moved"));
    parser.addHelpOption();
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("list: print JSON."));
    parser.addOption(json);
    parser.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("list or verify."));
    if (const auto done = parseCommand(parser, arguments, console)) {
        return *done;
    }
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    if (positional.size() != 1 || (action != QStringLiteral("list") && action != QStringLiteral("verify"))) {
        console.err << "veilctl audit: use `audit list [--json]` or `audit verify`.\n";
        return Usage;
    }
    keychain::LibsecretStore secrets;
    OpenedHistory opened = openHistory(secrets, QStringLiteral("veilctl audit ") + action, HistoryAccess{}, console);
    if (!opened.db && !opened.noHistory) {
        return opened.exitCode;
    }
    if (action == QStringLiteral("list")) {
        return list(opened.db.get(), parser.isSet(json), console);
    }
    return verify(opened.db.get(), console);
}

} // namespace veil::cli
