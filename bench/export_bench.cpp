// veil_export_bench: times an incident export of 100k stored messages (DESIGN.md target: under 10 s).
//   veil_export_bench [--messages N] [--recipient age1...]
// Builds a temporary SQLCipher history (10 messages per conversation, ~300 bytes each, placeholders in every
// text and a raw e-mail address in every 50th for the re-scan to catch), then runs the Exporter with all three
// formats, once as a plain tar and once encrypted to a fresh X25519 recipient, and prints the wall-clock times.
#include "export/AgeEncryptor.h"
#include "export/Exporter.h"
#include "history/Database.h"
#include "history/HistoryStore.h"
#include "redaction/BuiltinRules.h"
#include "redaction/RedactionEngine.h"
#include "redaction/RuleCatalogue.h"

#include <span>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QTemporaryDir>

#include <sodium.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <string>

using namespace veil;

namespace {

std::shared_ptr<const redaction::RedactionEngine> engine()
{
    auto catalogue = redaction::BuiltinRules::load();
    if (!catalogue) {
        std::fprintf(stderr, "veil_export_bench: the catalogue does not load\n");
        return nullptr;
    }
    auto built = redaction::RedactionEngine::create(catalogue.value());
    return built ? built.value() : nullptr;
}

bool populate(history::Database& db, int messages)
{
    int64_t now = 1767225600000; // 2026-01-01
    history::HistoryStore store(db, [&now] { return now += 1000; });
    const std::string filler = "The deploy of service-17 failed again after the config change; logs attached below "
                               "with the request ids and the stack trace from the worker that crashed at startup. ";
    Status done = db.transaction([&]() -> Status {
        int64_t conversation = 0;
        for (int i = 0; i < messages; ++i) {
            if (i % 10 == 0) {
                auto created = store.createConversation(QStringLiteral("bench"));
                if (!created) {
                    return created.error();
                }
                conversation = created.value();
            }
            std::string text = "Message " + std::to_string(i) + " for [EMAIL_1] about [AWS_KEY_1]: " + filler;
            if (i % 50 == 0) {
                text += " cc ops" + std::to_string(i) + "@example-corp.com";
            }
            if (i % 2 == 0) {
                history::NewUserMessage message{text,
                                                std::nullopt,
                                                QStringLiteral("gateway"),
                                                QStringLiteral("gpt-test"),
                                                {{"email", "EMAIL", 1}},
                                                std::nullopt};
                if (auto id = store.appendUserMessage(conversation, message); !id) {
                    return id.error();
                }
            } else {
                auto id
                    = store.startAssistantMessage(conversation, QStringLiteral("gateway"), QStringLiteral("gpt-test"));
                if (!id) {
                    return id.error();
                }
                if (Status set = store.setReplyText(id.value(), text); !set) {
                    return set;
                }
            }
        }
        return {};
    });
    if (!done) {
        std::fprintf(stderr, "veil_export_bench: %s\n", done.error().message.toUtf8().constData());
        return false;
    }
    return true;
}

double runExport(const QString& dbPath, std::span<const unsigned char, 32> key,
                 std::shared_ptr<const redaction::RedactionEngine> rules, const QString& out,
                 const QList<exports::AgeRecipient>& recipients, exports::Exporter::Summary& summary)
{
    auto db = history::Database::open(dbPath, key);
    if (!db) {
        return -1;
    }
    exports::Exporter::Options options;
    options.outPath = out;
    options.since = 0;
    options.until = int64_t(1) << 50;
    options.recipients = recipients;
    options.appVersion = QStringLiteral("bench");
    options.device = QStringLiteral("bench");
    QElapsedTimer timer;
    timer.start();
    exports::Exporter exporter(std::move(db.value()), std::move(rules), options);
    QEventLoop loop;
    QObject::connect(&exporter, &Job::finished, &loop, &QEventLoop::quit);
    exporter.start();
    loop.exec();
    const double ms = double(timer.nsecsElapsed()) / 1e6;
    if (!exporter.ok()) {
        std::fprintf(stderr, "veil_export_bench: %s\n", exporter.error().message.toUtf8().constData());
        return -1;
    }
    summary = exporter.summary();
    return ms;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    int messages = 100000;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--messages") == 0) {
            messages = std::atoi(argv[i + 1]);
        }
    }
    if (sodium_init() < 0) {
        return 1;
    }
    auto rules = engine();
    if (!rules) {
        return 1;
    }
    QTemporaryDir dir;
    std::array<unsigned char, 32> key{};
    randombytes_buf(key.data(), key.size());
    const QString dbPath = dir.filePath(QStringLiteral("history.db"));
    QElapsedTimer timer;
    timer.start();
    {
        auto db = history::Database::open(dbPath, key);
        if (!db || !populate(*db.value(), messages)) {
            return 1;
        }
    }
    std::printf("history: %d messages written in %.0f ms\n", messages, double(timer.elapsed()));

    std::array<unsigned char, 32> secret{};
    std::array<uint8_t, 32> publicKey{};
    randombytes_buf(secret.data(), secret.size());
    crypto_scalarmult_base(publicKey.data(), secret.data());
    exports::AgeRecipient recipient;
    recipient.publicKey = publicKey;

    bool ok = true;
    for (const bool encrypted : {false, true}) {
        exports::Exporter::Summary summary;
        const QString out = dir.filePath(encrypted ? QStringLiteral("export.tar.age") : QStringLiteral("export.tar"));
        const double ms
            = runExport(dbPath, key, rules, out,
                        encrypted ? QList<exports::AgeRecipient>{recipient} : QList<exports::AgeRecipient>{}, summary);
        if (ms < 0) {
            return 1;
        }
        const bool met = ms < 10000;
        ok = ok && met;
        std::printf("export %-9s %lld records, %lld newly redacted, %.1f MiB in %.0f ms   target < 10000 ms  %s\n",
                    encrypted ? "(age)" : "(tar)", static_cast<long long>(summary.records),
                    static_cast<long long>(summary.newFindings), double(summary.bytes) / (1024.0 * 1024.0), ms,
                    met ? "ok" : "MISSED");
    }
    return ok ? 0 : 2;
}
