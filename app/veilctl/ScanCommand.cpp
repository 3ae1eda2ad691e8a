#include "common/AppLogging.h"
#include "common/EngineSetup.h"
#include "common/FileCollector.h"
#include "policy/PolicyEnforcer.h"
#include "veilctl/Command.h"
#include "veilctl/ExitCode.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QUrl>

#include <tuple>
#include <utility>

namespace veil::cli {
namespace {

using redaction::Action;
using redaction::RedactionEngine;
using redaction::Rule;

constexpr qint64 kBinaryProbeBytes = 8000; // as git: a NUL byte in the first 8000 bytes makes a file binary
constexpr qint64 kDefaultMaxBytes = 10 << 20;

QString str(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

/// One finding in a file, located by line and column (1-based; columns count Unicode code points). Holds no
/// part of the text it found.
struct Location
{
    const Rule* rule = nullptr;
    Action action = Action::Redact;
    qint64 start = 0; ///< UTF-8 byte offsets into the file
    qint64 end = 0;
    qint64 line = 0;
    qint64 column = 0;
    qint64 endLine = 0;
    qint64 endColumn = 0;
};

struct FileReport
{
    QString path;
    QList<Location> findings;
};

struct Skipped
{
    QString path;
    QString reason;
    bool incomplete = false; ///< the file may hold secrets that were not looked for (too large, unreadable)
};

struct Report
{
    QList<FileReport> files; ///< only files with findings
    QList<Skipped> skipped;
    qint64 scanned = 0;
    qint64 findings = 0;
    bool incomplete = false;
};

/// Maps sorted byte offsets to lines and columns in one pass over the text.
class LineCounter
{
public:
    explicit LineCounter(const QByteArray& text)
        : m_text(text)
    {
    }

    /// The 1-based line and column of byte `offset`; offsets must not decrease from call to call.
    std::pair<qint64, qint64> at(qint64 offset)
    {
        if (offset < m_position) {
            m_position = 0;
            m_line = 1;
            m_lineStart = 0;
        }
        while (m_position < offset && m_position < m_text.size()) {
            if (m_text.at(m_position) == '\n') {
                ++m_line;
                m_lineStart = m_position + 1;
            }
            ++m_position;
        }
        qint64 column = 1;
        for (qint64 k = m_lineStart; k < offset && k < m_text.size(); ++k) {
            if ((static_cast<unsigned char>(m_text.at(k)) & 0xC0) != 0x80) {
                ++column; // a byte that starts a code point (continuation bytes do not count)
            }
        }
        return {m_line, column};
    }

private:
    const QByteArray& m_text;
    qint64 m_position = 0;
    qint64 m_line = 1;
    qint64 m_lineStart = 0;
};

QString levelFor(Action action)
{
    return action == Action::Warn ? QStringLiteral("warning") : QStringLiteral("error");
}

/// "secret AWS_KEY (action: redact)": what was found, never the value.
QString describe(const Location& location)
{
    return QStringLiteral("%1 %2 (rule %3, action %4)")
        .arg(str(redaction::toString(location.rule->category)), str(location.rule->placeholderType),
             str(location.rule->id), str(redaction::toString(location.action)));
}

void scanFile(const RedactionEngine& engine, const app::FileCollector::File& file, qint64 maxBytes, Report& report)
{
    QFile in(file.absolutePath);
    if (!in.open(QIODevice::ReadOnly)) {
        report.skipped.append({file.path, QStringLiteral("cannot be read: %1").arg(in.errorString()), true});
        report.incomplete = true;
        return;
    }
    const qint64 size = in.size();
    if (size > maxBytes) {
        report.skipped.append(
            {file.path, QStringLiteral("larger than %1 bytes (--max-size); not scanned").arg(maxBytes), true});
        report.incomplete = true;
        return;
    }
    const QByteArray text = in.read(maxBytes + 1);
    if (text.left(kBinaryProbeBytes).contains('\0')) {
        report.skipped.append({file.path, QStringLiteral("binary"), false});
        return;
    }
    ++report.scanned;
    const auto result = engine.scan(std::string_view(text.constData(), size_t(text.size())));
    if (result.capacityExceeded) {
        report.skipped.append({file.path, QStringLiteral("too complex to scan completely"), true});
        report.incomplete = true;
    }
    if (result.findings.empty()) {
        return;
    }
    FileReport fileReport{file.path, {}};
    LineCounter counter(text);
    for (const auto& finding : result.findings) {
        Location location;
        location.rule = finding.rule;
        location.action = finding.action;
        location.start = finding.start;
        location.end = finding.end;
        std::tie(location.line, location.column) = counter.at(finding.start);
        fileReport.findings.append(location);
    }
    LineCounter endCounter(text);
    for (Location& location : fileReport.findings) {
        std::tie(location.endLine, location.endColumn) = endCounter.at(location.end);
    }
    report.findings += fileReport.findings.size();
    report.files.append(std::move(fileReport));
}

void printText(const Report& report, Console console)
{
    for (const FileReport& file : report.files) {
        for (const Location& location : file.findings) {
            console.out << file.path << ':' << location.line << ':' << location.column << ": " << describe(location)
                        << '\n';
        }
    }
}

QJsonObject jsonReport(const Report& report)
{
    QJsonArray findings;
    for (const FileReport& file : report.files) {
        for (const Location& location : file.findings) {
            findings.append(QJsonObject{
                {QStringLiteral("path"), file.path},
                {QStringLiteral("line"), location.line},
                {QStringLiteral("column"), location.column},
                {QStringLiteral("end_line"), location.endLine},
                {QStringLiteral("end_column"), location.endColumn},
                {QStringLiteral("start"), location.start},
                {QStringLiteral("end"), location.end},
                {QStringLiteral("rule"), str(location.rule->id)},
                {QStringLiteral("category"), str(redaction::toString(location.rule->category))},
                {QStringLiteral("action"), str(redaction::toString(location.action))},
                {QStringLiteral("placeholder_type"), str(location.rule->placeholderType)},
            });
        }
    }
    QJsonArray skipped;
    for (const Skipped& s : report.skipped) {
        skipped.append(QJsonObject{{QStringLiteral("path"), s.path},
                                   {QStringLiteral("reason"), s.reason},
                                   {QStringLiteral("incomplete"), s.incomplete}});
    }
    return QJsonObject{{QStringLiteral("findings"), findings},
                       {QStringLiteral("skipped"), skipped},
                       {QStringLiteral("files_scanned"), report.scanned},
                       {QStringLiteral("complete"), !report.incomplete}};
}

/// An artifact URI: relative paths stay relative (to the folder the scan ran in), absolute ones become file URIs.
QString artifactUri(const QString& path)
{
    if (QDir::isAbsolutePath(path)) {
        return QUrl::fromLocalFile(path).toString(QUrl::FullyEncoded);
    }
    return QString::fromLatin1(QUrl::toPercentEncoding(path, "/"));
}

/// SARIF 2.1.0 (OASIS): one run, the rules that produced results, one result per finding.
QJsonObject sarifReport(const Report& report)
{
    QMap<QString, int> ruleIndex;
    QJsonArray rules;
    QJsonArray results;
    for (const FileReport& file : report.files) {
        for (const Location& location : file.findings) {
            const QString id = str(location.rule->id);
            if (!ruleIndex.contains(id)) {
                ruleIndex.insert(id, int(rules.size()));
                const Rule& rule = *location.rule;
                const QString description = rule.description.empty()
                    ? QStringLiteral("%1 (%2)").arg(str(rule.placeholderType), str(redaction::toString(rule.category)))
                    : str(rule.description);
                rules.append(QJsonObject{
                    {QStringLiteral("id"), id},
                    {QStringLiteral("shortDescription"), QJsonObject{{QStringLiteral("text"), description}}},
                    {QStringLiteral("defaultConfiguration"),
                     QJsonObject{{QStringLiteral("level"), levelFor(rule.action)}}},
                    {QStringLiteral("properties"),
                     QJsonObject{{QStringLiteral("category"), str(redaction::toString(rule.category))},
                                 {QStringLiteral("placeholder_type"), str(rule.placeholderType)},
                                 {QStringLiteral("tags"),
                                  QJsonArray{QStringLiteral("security"), str(redaction::toString(rule.category))}}}},
                });
            }
            const QJsonObject region{{QStringLiteral("startLine"), location.line},
                                     {QStringLiteral("startColumn"), location.column},
                                     {QStringLiteral("endLine"), location.endLine},
                                     {QStringLiteral("endColumn"), location.endColumn},
                                     {QStringLiteral("byteOffset"), location.start},
                                     {QStringLiteral("byteLength"), location.end - location.start}};
            const QJsonObject physical{
                {QStringLiteral("artifactLocation"), QJsonObject{{QStringLiteral("uri"), artifactUri(file.path)}}},
                {QStringLiteral("region"), region}};
            results.append(QJsonObject{
                {QStringLiteral("ruleId"), id},
                {QStringLiteral("ruleIndex"), ruleIndex.value(id)},
                {QStringLiteral("level"), levelFor(location.action)},
                {QStringLiteral("message"),
                 QJsonObject{{QStringLiteral("text"),
                              QStringLiteral("Found %1; Veil would %2 it.")
                                  .arg(describe(location), str(redaction::toString(location.action)))}}},
                {QStringLiteral("locations"), QJsonArray{QJsonObject{{QStringLiteral("physicalLocation"), physical}}}},
            });
        }
    }
    QJsonArray notifications;
    for (const Skipped& s : report.skipped) {
        if (!s.incomplete) {
            continue;
        }
        notifications.append(QJsonObject{
            {QStringLiteral("level"), QStringLiteral("warning")},
            {QStringLiteral("message"),
             QJsonObject{{QStringLiteral("text"), QString(s.path + QStringLiteral(": ") + s.reason)}}},
            {QStringLiteral("locations"),
             QJsonArray{QJsonObject{{QStringLiteral("physicalLocation"),
                                     QJsonObject{{QStringLiteral("artifactLocation"),
                                                  QJsonObject{{QStringLiteral("uri"), artifactUri(s.path)}}}}}}}},
        });
    }
    const QJsonObject driver{
        {QStringLiteral("name"), QStringLiteral("veilctl")},
        {QStringLiteral("fullName"), QStringLiteral("Veil secret and personal data scanner")},
        {QStringLiteral("version"), QStringLiteral(VEIL_VERSION)},
        {QStringLiteral("semanticVersion"), QStringLiteral(VEIL_VERSION)},
        {QStringLiteral("rules"), rules},
    };
    const QJsonObject invocation{{QStringLiteral("executionSuccessful"), !report.incomplete},
                                 {QStringLiteral("toolExecutionNotifications"), notifications}};
    const QJsonObject run{
        {QStringLiteral("tool"), QJsonObject{{QStringLiteral("driver"), driver}}},
        {QStringLiteral("columnKind"), QStringLiteral("unicodeCodePoints")},
        {QStringLiteral("invocations"), QJsonArray{invocation}},
        {QStringLiteral("results"), results},
    };
    return QJsonObject{
        {QStringLiteral("$schema"), QStringLiteral("https://json.schemastore.org/sarif-2.1.0.json")},
        {QStringLiteral("version"), QStringLiteral("2.1.0")},
        {QStringLiteral("runs"), QJsonArray{run}},
    };
}

/// The engine with the rules in force: a local policy file when given, else the active organization policy.
Result<std::shared_ptr<const RedactionEngine>> scanEngine(const QString& policyFile)
{
    if (!policyFile.isEmpty()) {
        return app::makeRedactionEngine(policyFile);
    }
    auto managed = policy::ManagedConfig::load(policy::ManagedConfig::defaultFolder());
    if (!managed) {
        return managed.error();
    }
    auto active = policy::PolicyStore::atDefaultLocation().active();
    if (!active) {
        return Error{active.error().code, active.error().message + QStringLiteral(" Run `veilctl policy fetch`.")};
    }
    const policy::PolicyEnforcer enforcer = policy::PolicyEnforcer::evaluate(
        managed.value(), active.value(), QDateTime::currentDateTimeUtc(), QStringLiteral(VEIL_VERSION));
    qCDebug(app::lcCli) << "scan uses the rules of policy version" << enforcer.version();
    return app::makeRedactionEngine(enforcer.redaction(), QStringLiteral("policy v%1").arg(enforcer.version()));
}

} // namespace

int runScan(const QStringList& arguments, Console console)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Scans files and folders for secrets and personal data with the rule catalogue and the active "
                       "policy's rules. Folders are walked honouring .gitignore; binary files are skipped. Findings "
                       "name the rule and the location, never the value. Exit status: 0 no findings, 1 findings "
                       "(or a usage error), 5 a file could not be scanned completely."));
    parser.addHelpOption();
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("Output format: text (default), json or sarif (SARIF 2.1.0)."),
                                    QStringLiteral("FORMAT"), QStringLiteral("text"));
    const QCommandLineOption policy(
        QStringLiteral("policy"),
        QStringLiteral("Apply the redaction section of this policy file instead of the active policy."),
        QStringLiteral("FILE"));
    const QCommandLineOption maxSize(
        QStringLiteral("max-size"),
        QStringLiteral("Skip (and report) files larger than BYTES (default %1).").arg(kDefaultMaxBytes),
        QStringLiteral("BYTES"), QString::number(kDefaultMaxBytes));
    parser.addOptions({format, policy, maxSize});
    parser.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("Files and folders to scan."),
                                 QStringLiteral("PATH..."));
    if (const auto done = parseCommand(parser, arguments, console)) {
        return *done;
    }
    const QString chosen = parser.value(format);
    if (chosen != QStringLiteral("text") && chosen != QStringLiteral("json") && chosen != QStringLiteral("sarif")) {
        console.err << "veilctl scan: --format takes text, json or sarif.\n";
        return Usage;
    }
    bool number = false;
    const qint64 maxBytes = parser.value(maxSize).toLongLong(&number);
    if (!number || maxBytes <= 0 || maxBytes > (qint64(1) << 31)) {
        console.err << "veilctl scan: --max-size takes a number of bytes between 1 and 2147483648.\n";
        return Usage;
    }
    if (parser.positionalArguments().isEmpty()) {
        console.err << "veilctl scan: give at least one file or folder to scan.\n";
        return Usage;
    }

    const auto collected = app::FileCollector::collect(parser.positionalArguments());
    if (!collected.missing.isEmpty()) {
        console.err << "veilctl scan: " << collected.missing.first() << " does not exist.\n";
        return Usage;
    }
    auto engine = scanEngine(parser.value(policy));
    if (!engine) {
        console.err << "veilctl scan: " << engine.error().message << '\n';
        return Other;
    }

    Report report;
    for (const auto& file : collected.files) {
        scanFile(*engine.value(), file, maxBytes, report);
    }
    qCDebug(app::lcCli) << "scan:" << collected.files.size() << "files listed," << report.scanned << "scanned,"
                        << report.findings << "findings";

    if (chosen == QStringLiteral("json")) {
        console.out << QJsonDocument(jsonReport(report)).toJson(QJsonDocument::Indented);
    } else if (chosen == QStringLiteral("sarif")) {
        console.out << QJsonDocument(sarifReport(report)).toJson(QJsonDocument::Indented);
    } else {
        printText(report, console);
        for (const Skipped& s : report.skipped) {
            if (s.incomplete) {
                console.err << "veilctl scan: " << s.path << ": " << s.reason << ".\n";
            }
        }
        console.err << "veilctl scan: " << report.findings << (report.findings == 1 ? " finding" : " findings")
                    << " in " << report.files.size() << " of " << report.scanned << " files scanned.\n";
    }
    console.out.flush();
    if (report.incomplete) {
        return Other;
    }
    return report.findings > 0 ? FindingsFound : Ok;
}

} // namespace veil::cli
