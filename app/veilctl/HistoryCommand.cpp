#include "chat/ChatSession.h"
#include "chat/HistoryMaintenance.h"
#include "chat/RekeyHistoryJob.h"
#include "history/Database.h"
#include "history/HistoryStore.h"
#include "history/StoredVault.h"
#include "keychain/LibsecretStore.h"
#include "keychain/PassphraseKey.h"
#include "policy/PolicyEnforcer.h"
#include "redaction/Rehydrator.h"
#include "veilctl/Command.h"
#include "veilctl/ExitCode.h"
#include "veilctl/HistoryAccess.h"
#include "veilctl/RunJob.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <sodium.h>

namespace veil::cli {

using history::HistoryStore;

namespace {

constexpr int kMaxOlderThanDays = 100000;
constexpr qsizetype kExcerptChars = 100;

QString timeText(int64_t ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

QString displayTitle(const QString& title)
{
    return title.isEmpty() ? QStringLiteral("(untitled)") : title;
}

/// The policy's retention, when a policy is in force; expired conversations are never shown.
policy::RetentionPolicy policyRetention()
{
    auto managed = policy::ManagedConfig::load(policy::ManagedConfig::defaultFolder());
    auto active = policy::PolicyStore::atDefaultLocation().active();
    if (!managed || !active) {
        return {};
    }
    return policy::PolicyEnforcer::evaluate(managed.value(), active.value(), QDateTime::currentDateTimeUtc(),
                                            QStringLiteral(VEIL_VERSION))
        .retention();
}

/// Parses a positive id; prints a sentence and returns none otherwise.
std::optional<int64_t> parseId(const QString& text, const QString& command, Console console)
{
    bool number = false;
    const int64_t id = text.toLongLong(&number);
    if (!number || id <= 0) {
        console.err << command << ": \"" << text << "\" is not a conversation id (see `veilctl history list`).\n";
        return std::nullopt;
    }
    return id;
}

int fail(const Error& error, const QString& command, Console console)
{
    console.err << command << ": " << error.message << '\n';
    return exitCodeFor(error);
}

void printJson(const QJsonObject& object, Console console)
{
    console.out << QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented));
}

int list(history::Database* db, bool json, Console console)
{
    std::vector<HistoryStore::ConversationSummary> summaries;
    if (db) {
        auto listed = HistoryStore(*db).conversationSummaries();
        if (!listed) {
            return fail(listed.error(), QStringLiteral("veilctl history list"), console);
        }
        summaries = std::move(listed.value());
    }
    if (json) {
        QJsonArray conversations;
        for (const auto& s : summaries) {
            QJsonObject object{{QStringLiteral("id"), qint64(s.conversation.id)},
                               {QStringLiteral("title"), s.conversation.title},
                               {QStringLiteral("created_at"), timeText(s.conversation.createdAt)},
                               {QStringLiteral("updated_at"), timeText(s.conversation.updatedAt)},
                               {QStringLiteral("messages"), qint64(s.messages)}};
            if (s.conversation.workspaceId) {
                object.insert(QStringLiteral("workspace_id"), qint64(*s.conversation.workspaceId));
            }
            conversations.append(object);
        }
        printJson(QJsonObject{{QStringLiteral("conversations"), conversations}}, console);
        return Ok;
    }
    for (const auto& s : summaries) {
        console.out << s.conversation.id << '\t' << timeText(s.conversation.createdAt) << '\t'
                    << timeText(s.conversation.updatedAt) << '\t' << s.messages << '\t'
                    << displayTitle(s.conversation.title) << '\n';
    }
    return Ok;
}

int search(history::Database* db, const QString& query, int limit, bool json, Console console)
{
    const QString command = QStringLiteral("veilctl history search");
    QJsonArray hits;
    if (db) {
        HistoryStore store(*db);
        auto found = store.search(query, limit);
        if (!found) {
            return fail(found.error(), command, console);
        }
        for (const auto& hit : found.value()) {
            auto message = store.message(hit.messageId);
            auto conversation = store.conversation(hit.conversationId);
            if (!message || !conversation) {
                return fail(!message ? message.error() : conversation.error(), command, console);
            }
            const QString text = QString::fromStdString(message->text);
            if (json) {
                hits.append(QJsonObject{{QStringLiteral("conversation"), qint64(hit.conversationId)},
                                        {QStringLiteral("message"), qint64(hit.messageId)},
                                        {QStringLiteral("at"), timeText(hit.createdAt)},
                                        {QStringLiteral("title"), conversation->title},
                                        {QStringLiteral("role"), QString::fromLatin1(toString(message->role))},
                                        {QStringLiteral("text"), text}});
            } else {
                QString excerpt = text.simplified();
                if (excerpt.size() > kExcerptChars) {
                    excerpt = excerpt.left(kExcerptChars) + QStringLiteral("...");
                }
                console.out << hit.conversationId << '\t' << hit.messageId << '\t' << timeText(hit.createdAt) << '\t'
                            << displayTitle(conversation->title) << '\t' << excerpt << '\n';
            }
        }
    }
    if (json) {
        printJson(QJsonObject{{QStringLiteral("hits"), hits}}, console);
    }
    return Ok;
}

int show(history::Database& db, int64_t id, bool restore, bool json, Console console)
{
    const QString command = QStringLiteral("veilctl history show");
    HistoryStore store(db);
    auto conversation = store.conversation(id);
    if (!conversation) {
        if (conversation.error().code == Error::Code::NotFound) {
            console.err << command << ": " << conversation.error().message << '\n';
            return Usage;
        }
        return fail(conversation.error(), command, console);
    }
    auto messages = store.messages(id);
    if (!messages) {
        return fail(messages.error(), command, console);
    }
    std::unique_ptr<history::StoredVault> vault;
    if (restore) {
        auto opened = history::StoredVault::open(db, id);
        if (!opened) {
            return fail(opened.error(), command, console);
        }
        vault = std::move(opened.value());
    }
    QJsonArray items;
    if (!json) {
        console.out << "conversation " << id << ": " << displayTitle(conversation->title) << '\n'
                    << "created " << timeText(conversation->createdAt) << ", updated "
                    << timeText(conversation->updatedAt) << ", " << messages->size() << " messages"
                    << (restore ? ", placeholders restored" : ", as sent and received") << "\n";
    }
    for (auto& message : messages.value()) {
        std::string text = message.text;
        // The inspector's answers show what would leave the machine: never restored (as in ChatSession).
        if (vault && !(message.role == history::Role::Assistant && message.provider == QLatin1String("inspector"))) {
            const std::string restored = redaction::Rehydrator::rehydrate(*vault, text).text;
            sodium_memzero(text.data(), text.size());
            text = restored;
        }
        const QString shown = QString::fromStdString(text);
        sodium_memzero(text.data(), text.size());
        const QString role = QString::fromLatin1(toString(message.role));
        const QString state = QString::fromLatin1(toString(message.state));
        if (json) {
            items.append(QJsonObject{{QStringLiteral("id"), qint64(message.id)},
                                     {QStringLiteral("role"), role},
                                     {QStringLiteral("provider"), message.provider},
                                     {QStringLiteral("model"), message.model},
                                     {QStringLiteral("state"), state},
                                     {QStringLiteral("at"), timeText(message.createdAt)},
                                     {QStringLiteral("text"), shown}});
        } else {
            console.out << "\n--- " << role << " #" << message.id << ", " << timeText(message.createdAt) << ", "
                        << message.provider << '/' << message.model;
            if (message.state != history::MessageState::Complete) {
                console.out << ", " << state;
            }
            console.out << '\n' << shown << '\n';
        }
    }
    if (json) {
        printJson(QJsonObject{{QStringLiteral("id"), qint64(id)},
                              {QStringLiteral("title"), conversation->title},
                              {QStringLiteral("created_at"), timeText(conversation->createdAt)},
                              {QStringLiteral("updated_at"), timeText(conversation->updatedAt)},
                              {QStringLiteral("restored"), restore},
                              {QStringLiteral("messages"), items}},
                  console);
    }
    return Ok;
}

int purge(history::Database* db, const HistoryStore::PurgeSelection& selection, const QString& what, bool yes,
          Console console)
{
    const QString command = QStringLiteral("veilctl history purge");
    if (!db) {
        if (selection.conversationId) {
            console.err << command << ": the conversation does not exist.\n";
            return Usage;
        }
        console.out << "There is no history to purge.\n";
        return Ok;
    }
    if (!yes) {
        // Say what would go; change nothing.
        HistoryStore store(*db);
        auto summaries = store.conversationSummaries();
        if (!summaries) {
            return fail(summaries.error(), command, console);
        }
        int64_t conversations = 0;
        int64_t messages = 0;
        for (const auto& s : summaries.value()) {
            if ((!selection.conversationId || s.conversation.id == *selection.conversationId)
                && s.conversation.updatedAt < selection.updatedBefore) {
                ++conversations;
                messages += s.messages;
            }
        }
        if (selection.conversationId && conversations == 0) {
            console.err << command << ": the conversation does not exist.\n";
            return Usage;
        }
        console.err << command << ": this would delete " << conversations << " conversation(s) with " << messages
                    << " message(s) and their placeholder vaults (" << what << "); add --yes to delete them.\n";
        return Usage;
    }
    auto purged = chat::HistoryMaintenance(*db).purge(selection);
    if (!purged) {
        if (purged.error().code == Error::Code::NotFound) {
            console.err << command << ": " << purged.error().message << '\n';
            return Usage;
        }
        return fail(purged.error(), command, console);
    }
    console.out << "Deleted " << purged->conversations << " conversation(s), " << purged->messages << " message(s) and "
                << purged->vaultEntries << " vault entries.\n";
    return Ok;
}

} // namespace

int runHistory(const QStringList& arguments, Console console)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Shows, searches and deletes the encrypted chat history.\n"
        "  list                      conversations: id, created, updated, messages, title\n"
        "  search QUERY              messages whose text (as sent and received) has every word of QUERY\n"
        "  show ID [--restore]       a conversation's messages as sent and received; --restore puts the original\n"
        "                            values back in place of the placeholders, from the conversation's vault\n"
        "  purge --conversation ID | --older-than DAYS | --all  [--yes]\n"
        "                            deletes conversations with their vaults (audited); without --yes, says what\n"
        "                            it would delete\n"
        "  rekey [--to-passphrase | --to-keychain]\n"
        "                            moves the database to a new key: a random one kept in the keychain, or one\n"
        "                            derived from a new passphrase; without an option the mode stays as it is\n"
        "In passphrase mode the passphrase comes from the file descriptor VEIL_PASSPHRASE_FD names, or a prompt;\n"
        "a new one from VEIL_NEW_PASSPHRASE_FD, or a prompt (twice). Never from the command line."));
    parser.addHelpOption();
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("list, search, show: print JSON."));
    const QCommandLineOption restore(QStringLiteral("restore"),
                                     QStringLiteral("show: restore the original values from the vault."));
    const QCommandLineOption limit(QStringLiteral("limit"), QStringLiteral("search: at most N hits (default 50)."),
                                   QStringLiteral("N"), QStringLiteral("50"));
    const QCommandLineOption conversation(QStringLiteral("conversation"), QStringLiteral("purge: this conversation."),
                                          QStringLiteral("ID"));
    const QCommandLineOption olderThan(QStringLiteral("older-than"),
                                       QStringLiteral("purge: conversations not updated for DAYS days."),
                                       QStringLiteral("DAYS"));
    const QCommandLineOption all(QStringLiteral("all"), QStringLiteral("purge: every conversation."));
    const QCommandLineOption yes(QStringLiteral("yes"), QStringLiteral("purge: really delete."));
    const QCommandLineOption toPassphrase(
        QStringLiteral("to-passphrase"),
        QStringLiteral(
            "rekey: derive the key from a new passphrase (Argon2id) instead of keeping it in the keychain."));
    const QCommandLineOption toKeychain(
        QStringLiteral("to-keychain"),
        QStringLiteral("rekey: a new random key in the keychain (leaves passphrase mode)."));
    parser.addOptions({json, restore, limit, conversation, olderThan, all, yes, toPassphrase, toKeychain});
    parser.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("list, search, show, purge or rekey."));
    if (const auto done = parseCommand(parser, arguments, console)) {
        return *done;
    }
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    const QString command = QStringLiteral("veilctl history ") + action;
    keychain::LibsecretStore secrets;

    if (action == QStringLiteral("rekey") && positional.size() == 1) {
        if (parser.isSet(toPassphrase) && parser.isSet(toKeychain)) {
            console.err << command << ": choose one of --to-passphrase and --to-keychain.\n";
            return Usage;
        }
        chat::RekeyHistoryJob::Options options;
        options.databasePath = chat::ChatSession::defaultDatabasePath();
        options.askPassphrase = passphraseSource(command, console);
        const bool passphraseNow = QFileInfo::exists(keychain::PassphraseKey::paramsPathFor(options.databasePath));
        const bool toPassphraseMode = parser.isSet(toPassphrase) || (passphraseNow && !parser.isSet(toKeychain));
        options.target
            = toPassphraseMode ? chat::RekeyHistoryJob::Target::Passphrase : chat::RekeyHistoryJob::Target::Keychain;
        if (toPassphraseMode && !(options.newPassphrase = readNewPassphrase(command, console))) {
            return Usage;
        }
        chat::RekeyHistoryJob job(secrets, std::move(options));
        runToCompletion(job);
        if (!job.ok()) {
            return fail(job.error(), command, console);
        }
        console.out << (toPassphraseMode ? "The history database now uses a key derived from the new passphrase.\n"
                                         : "The history database now uses a new key, kept in the keychain.\n");
        return Ok;
    }

    const bool listing = action == QStringLiteral("list") && positional.size() == 1;
    const bool searching = action == QStringLiteral("search") && positional.size() == 2;
    const bool showing = action == QStringLiteral("show") && positional.size() == 2;
    const bool purging = action == QStringLiteral("purge") && positional.size() == 1;
    if (!listing && !searching && !showing && !purging) {
        console.err << "veilctl history: use `history list`, `history search QUERY`, `history show ID`, "
                       "`history purge` or `history rekey` (see --help).\n";
        return Usage;
    }

    std::optional<int64_t> showId;
    if (showing && !(showId = parseId(positional.at(1), command, console))) {
        return Usage;
    }
    int searchLimit = 0;
    if (searching) {
        bool number = false;
        searchLimit = parser.value(limit).toInt(&number);
        if (!number || searchLimit <= 0) {
            console.err << command << ": --limit takes a positive number.\n";
            return Usage;
        }
    }
    HistoryStore::PurgeSelection selection;
    QString what;
    if (purging) {
        const int chosen = int(parser.isSet(conversation)) + int(parser.isSet(olderThan)) + int(parser.isSet(all));
        if (chosen != 1) {
            console.err << command << ": choose exactly one of --conversation ID, --older-than DAYS and --all.\n";
            return Usage;
        }
        if (parser.isSet(conversation)) {
            if (!(selection.conversationId = parseId(parser.value(conversation), command, console))) {
                return Usage;
            }
            what = QStringLiteral("conversation %1").arg(*selection.conversationId);
        } else if (parser.isSet(olderThan)) {
            bool number = false;
            const int days = parser.value(olderThan).toInt(&number);
            if (!number || days < 0 || days > kMaxOlderThanDays) {
                console.err << command << ": --older-than takes a number of days (0 or more).\n";
                return Usage;
            }
            selection.updatedBefore
                = QDateTime::currentMSecsSinceEpoch() - int64_t(days) * chat::HistoryMaintenance::kMsPerDay;
            what = QStringLiteral("not updated for %1 days").arg(days);
        } else {
            what = QStringLiteral("all of them");
        }
    }

    HistoryAccess access;
    const policy::RetentionPolicy retention = policyRetention();
    access.retentionDays = retention.historyDays;
    access.logRetentionDays = retention.logDays;
    OpenedHistory opened = openHistory(secrets, command, access, console);
    if (!opened.db && !opened.noHistory) {
        return opened.exitCode;
    }
    if (listing) {
        return list(opened.db.get(), parser.isSet(json), console);
    }
    if (searching) {
        return search(opened.db.get(), positional.at(1), searchLimit, parser.isSet(json), console);
    }
    if (showing) {
        if (!opened.db) {
            console.err << command << ": the conversation does not exist.\n";
            return Usage;
        }
        return show(*opened.db, *showId, parser.isSet(restore), parser.isSet(json), console);
    }
    return purge(opened.db.get(), selection, what, parser.isSet(yes), console);
}

} // namespace veil::cli
