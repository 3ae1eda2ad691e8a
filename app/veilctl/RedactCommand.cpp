#include "common/EngineSetup.h"
#include "common/FindingJson.h"
#include "redaction/PlaceholderVault.h"
#include "veilctl/Command.h"
#include "veilctl/ExitCode.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonDocument>

#include <cstdio>

namespace veil::cli {
namespace {

using redaction::InMemoryVault;
using redaction::RedactionEngine;

bool hasLoneSurrogate(const QString& text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate()) {
            if (i + 1 >= text.size() || !text.at(i + 1).isLowSurrogate()) {
                return true;
            }
            ++i;
        } else if (c.isLowSurrogate()) {
            return true;
        }
    }
    return false;
}

void writeLine(QFile& out, const QJsonObject& object)
{
    QByteArray line = QJsonDocument(object).toJson(QJsonDocument::Compact);
    line.append('\n');
    out.write(line);
}

/// --jsonl: one JSON object per line in, one per line out, in order; a bad line gets an error object and
/// processing goes on. Returns whether any line was blocked.
int redactJsonLines(const RedactionEngine& engine, QFile& in, Console console)
{
    QFile out;
    if (!out.open(stdout, QIODevice::WriteOnly)) {
        console.err << "veilctl: standard output cannot be written.\n";
        return Other;
    }
    bool anyBlocked = false;
    qint64 lineNumber = 0;
    while (true) {
        QByteArray line = in.readLine();
        if (line.isEmpty()) {
            break;
        }
        ++lineNumber;
        if (line.endsWith('\n')) {
            line.chop(1);
        }
        if (line.endsWith('\r')) {
            line.chop(1);
        }
        if (line.trimmed().isEmpty()) {
            continue;
        }
        QJsonObject result;
        auto fail = [&](const QJsonValue& id, const QString& message) {
            result.insert(QStringLiteral("id"), id);
            result.insert(QStringLiteral("error"), message);
            writeLine(out, result);
            console.err << "veilctl: line " << lineNumber << ": " << message << '\n';
            console.err.flush();
        };
        const bool utf8 = app::isValidUtf8(line);
        QJsonParseError parseError;
        if (!utf8) {
            // Read the id from a repaired copy, so the error can say which line it was.
            const QJsonDocument repaired = QJsonDocument::fromJson(QString::fromUtf8(line).toUtf8());
            fail(repaired.isObject() ? repaired.object().value(QStringLiteral("id")) : QJsonValue(),
                 QStringLiteral("the line is not valid UTF-8."));
            continue;
        }
        const QJsonDocument document = QJsonDocument::fromJson(line, &parseError);
        const QJsonValue id = document.isObject() ? document.object().value(QStringLiteral("id")) : QJsonValue();
        if (!document.isObject()) {
            fail(QJsonValue(),
                 QStringLiteral("the line is not a JSON object (%1 at byte %2).")
                     .arg(parseError.errorString())
                     .arg(parseError.offset));
            continue;
        }
        const QJsonValue textValue = document.object().value(QStringLiteral("text"));
        if (!textValue.isString()) {
            fail(id, QStringLiteral("the object has no string \"text\"."));
            continue;
        }
        const QString text = textValue.toString();
        if (hasLoneSurrogate(text)) {
            fail(id, QStringLiteral("the text holds a lone UTF-16 surrogate escape and is not valid Unicode."));
            continue;
        }
        const QByteArray bytes = text.toUtf8();
        InMemoryVault vault; // each line is its own conversation
        const auto redaction = engine.redact(std::string_view(bytes.constData(), size_t(bytes.size())), vault);
        anyBlocked |= redaction.blocked;
        result.insert(QStringLiteral("id"), id);
        result.insert(QStringLiteral("redacted"), QString::fromStdString(redaction.redacted));
        result.insert(QStringLiteral("findings"), app::findingsToJson(redaction.findings));
        result.insert(QStringLiteral("blocked"), redaction.blocked);
        if (redaction.capacityExceeded) {
            result.insert(QStringLiteral("error"),
                          QStringLiteral("the text is too complex to scan completely; it is treated as blocked."));
        }
        writeLine(out, result);
    }
    out.flush();
    return anyBlocked ? Blocked : Ok;
}

} // namespace

int runRedact(const QStringList& arguments, Console console)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Redacts secrets and personal data from text."));
    parser.addHelpOption();
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print the redacted text and findings as JSON."));
    const QCommandLineOption jsonl(
        QStringLiteral("jsonl"), QStringLiteral("Read lines {\"id\", \"text\"} and write one result object per line."));
    const QCommandLineOption policy(QStringLiteral("policy"),
                                    QStringLiteral("Apply the redaction section of a policy file."),
                                    QStringLiteral("FILE"));
    parser.addOptions({json, jsonl, policy});
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("The text to redact (standard input if omitted)."));
    if (const auto done = parseCommand(parser, arguments, console)) {
        return *done;
    }
    if (parser.isSet(json) && parser.isSet(jsonl)) {
        console.err << "veilctl redact: --json and --jsonl cannot be used together.\n";
        return Usage;
    }
    if (parser.positionalArguments().size() > 1) {
        console.err << "veilctl redact: give at most one FILE.\n";
        return Usage;
    }

    QFile in;
    if (parser.positionalArguments().isEmpty() || parser.positionalArguments().first() == QStringLiteral("-")) {
        if (!in.open(stdin, QIODevice::ReadOnly)) {
            console.err << "veilctl redact: standard input cannot be read.\n";
            return Other;
        }
    } else {
        in.setFileName(parser.positionalArguments().first());
        if (!in.open(QIODevice::ReadOnly)) {
            console.err << "veilctl redact: " << in.fileName() << " cannot be read: " << in.errorString() << ".\n";
            return Usage;
        }
    }

    auto engine = app::makeRedactionEngine(parser.value(policy));
    if (!engine) {
        console.err << "veilctl redact: " << engine.error().message << '\n';
        return Other;
    }

    if (parser.isSet(jsonl)) {
        console.out.flush();
        return redactJsonLines(*engine.value(), in, console);
    }

    const QByteArray input = in.readAll();
    if (!app::isValidUtf8(input)) {
        console.err << "veilctl redact: the input is not valid UTF-8.\n";
        return Usage;
    }
    InMemoryVault vault;
    const auto redaction = engine.value()->redact(std::string_view(input.constData(), size_t(input.size())), vault);
    if (parser.isSet(json)) {
        QJsonObject object;
        object.insert(QStringLiteral("redacted"), QString::fromStdString(redaction.redacted));
        object.insert(QStringLiteral("findings"), app::findingsToJson(redaction.findings));
        object.insert(QStringLiteral("blocked"), redaction.blocked);
        console.out << QJsonDocument(object).toJson(QJsonDocument::Compact) << '\n';
    } else {
        console.out << QString::fromStdString(redaction.redacted);
    }
    console.out.flush();
    if (redaction.capacityExceeded) {
        console.err << "veilctl redact: the text is too complex to scan completely, so it is treated as blocked.\n";
    }
    if (redaction.blocked) {
        for (const auto& f : redaction.findings) {
            if (f.finding.action == redaction::Action::Block) {
                console.err << "veilctl redact: blocked by rule " << QString::fromStdString(f.finding.rule->id)
                            << ".\n";
                break;
            }
        }
        return Blocked;
    }
    return Ok;
}

} // namespace veil::cli
