// The child of the crash-safety test: writes messages as fast as it can and reports each commit on stdout,
// until the parent kills it with SIGKILL.
//
//     veil_history_crash_writer DATABASE        (the key, 64 hex digits, on the first line of stdin)
//
// Output, one line per commit, written after the call that committed it has returned:
//     conversation ID
//     user MESSAGE_ID N          the user message "crash-user-N ..." (text: crashText(N))
//     reply MESSAGE_ID BYTES     the assistant message holds at least BYTES bytes of its reply
#include "CrashText.h"
#include "history/Database.h"
#include "history/HistoryStore.h"

#include <QByteArray>
#include <QString>

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>

namespace {

void report(const std::string& line)
{
    std::fputs((line + "\n").c_str(), stdout);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fputs("usage: veil_history_crash_writer DATABASE (key on stdin)\n", stderr);
        return 1;
    }
    std::array<char, 80> line{};
    if (!std::fgets(line.data(), static_cast<int>(line.size()), stdin)) {
        return 1;
    }
    const QByteArray key = QByteArray::fromHex(QByteArray(line.data()).trimmed());
    if (key.size() != static_cast<qsizetype>(veil::history::Database::kKeyBytes)) {
        return 1;
    }
    std::array<unsigned char, veil::history::Database::kKeyBytes> raw{};
    std::copy(key.begin(), key.end(), raw.begin());
    auto db = veil::history::Database::open(QString::fromLocal8Bit(argv[1]), raw);
    if (!db) {
        std::fputs((db.error().message.toStdString() + "\n").c_str(), stderr);
        return 2;
    }
    veil::history::HistoryStore store(*db.value());
    auto conversation = store.createConversation(QStringLiteral("crash"));
    if (!conversation) {
        return 3;
    }
    report("conversation " + std::to_string(conversation.value()));
    for (int64_t n = 1;; ++n) {
        veil::history::NewUserMessage message;
        message.text = veil::test::crashText(n);
        message.provider = QStringLiteral("inspector");
        message.model = QStringLiteral("echo");
        message.findings = {{"email", "EMAIL", 1}};
        auto id = store.appendUserMessage(conversation.value(), message);
        if (!id) {
            return 4;
        }
        report("user " + std::to_string(id.value()) + " " + std::to_string(n));

        auto reply
            = store.startAssistantMessage(conversation.value(), QStringLiteral("inspector"), QStringLiteral("echo"));
        if (!reply) {
            return 5;
        }
        size_t bytes = 0;
        for (int chunk = 0; chunk < 3; ++chunk) {
            const std::string text = "chunk-" + std::to_string(chunk) + " of reply " + std::to_string(n) + ". ";
            if (!store.appendReply(reply.value(), text)) {
                return 6;
            }
            bytes += text.size();
            report("reply " + std::to_string(reply.value()) + " " + std::to_string(bytes));
        }
        if (!store.setState(reply.value(), veil::history::MessageState::Complete)) {
            return 7;
        }
    }
}
