#include "chat/ChatSession.h"
#include "common/EngineSetup.h"
#include "export/AgeEncryptor.h"
#include "export/ExportUploader.h"
#include "export/Exporter.h"
#include "export/IncidentLedger.h"
#include "export/IncidentResponder.h"
#include "history/Database.h"
#include "keychain/LibsecretStore.h"
#include "policy/PolicyEnforcer.h"
#include "veilctl/Command.h"
#include "veilctl/ExitCode.h"
#include "veilctl/HistoryAccess.h"
#include "veilctl/RunJob.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QSslCertificate>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTimer>

#include <sys/stat.h>

#include <atomic>
#include <csignal>
#include <optional>
#include <span>

namespace veil::cli {

using exports::AgeRecipient;
using exports::Exporter;

namespace {

std::atomic<int> g_signal{0};

extern "C" void onInterrupt(int signal)
{
    g_signal.store(signal);
}

/// Installs SIGINT and SIGTERM handlers for its lifetime that only set a flag; the event loop polls it.
class InterruptGuard
{
public:
    InterruptGuard()
    {
        g_signal.store(0);
        struct sigaction action = {};
        action.sa_handler = onInterrupt;
        sigemptyset(&action.sa_mask);
        sigaction(SIGINT, &action, &m_oldInt);
        sigaction(SIGTERM, &action, &m_oldTerm);
    }
    ~InterruptGuard()
    {
        sigaction(SIGINT, &m_oldInt, nullptr);
        sigaction(SIGTERM, &m_oldTerm, nullptr);
    }
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

private:
    struct sigaction m_oldInt = {};
    struct sigaction m_oldTerm = {};
};

/// The exit code after an interruption: 128 + the signal's number (130 for SIGINT), as a shell reports it.
int interruptedExitCode()
{
    const int signal = g_signal.load();
    return signal > 0 ? 128 + signal : Interrupted;
}

/// "2026-01-15" (UTC midnight; with `endOfDay`, the midnight after it) or an RFC 3339 time with a zone.
std::optional<int64_t> parseTime(const QString& text, bool endOfDay)
{
    const QDate date = QDate::fromString(text, Qt::ISODate);
    if (date.isValid() && text.size() == 10) {
        return QDateTime(endOfDay ? date.addDays(1) : date, QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    }
    const QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (time.isValid() && time.timeSpec() != Qt::LocalTime) {
        return time.toMSecsSinceEpoch();
    }
    return std::nullopt;
}

int exportExitCode(const Error& error)
{
    switch (error.code) {
    case Error::Code::Denied:
        return Blocked;
    case Error::Code::Unavailable:
    case Error::Code::Timeout:
        return Unavailable;
    case Error::Code::InvalidInput:
    case Error::Code::NotFound:
        return Usage;
    default:
        return Other;
    }
}

QList<QSslCertificate> extraCaCertificates()
{
    const QString path = qEnvironmentVariable("VEIL_CA_FILE");
    return path.isEmpty() ? QList<QSslCertificate>() : QSslCertificate::fromPath(path);
}

QString printableTime(int64_t ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

/// Where an incident export is written when no --out is given: `$XDG_DATA_HOME/veil/incidents/` (mode 0700).
Result<QString> defaultIncidentFolder()
{
    const QString folder
        = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/veil/incidents");
    if (!QDir().mkpath(folder) || ::chmod(QFile::encodeName(folder).constData(), 0700) != 0) {
        return Error{Error::Code::Internal, QStringLiteral("%1 cannot be created.").arg(folder)};
    }
    return folder;
}

} // namespace

int runIncidentExport(Console console, bool force, const QString& outPath)
{
    const auto fail = [&console](const QString& message, int code) {
        console.err << "veilctl export --incident: " << message << '\n';
        return code;
    };
    auto managed = policy::ManagedConfig::load(policy::ManagedConfig::defaultFolder());
    if (!managed) {
        return fail(managed.error().message, Other);
    }
    auto active = policy::PolicyStore::atDefaultLocation().active();
    if (!active) {
        return fail(active.error().message + QStringLiteral(" Run `veilctl policy fetch`."), Other);
    }
    const policy::PolicyEnforcer enforcer = policy::PolicyEnforcer::evaluate(
        managed.value(), active.value(), QDateTime::currentDateTimeUtc(), QStringLiteral(VEIL_VERSION));
    const std::optional<policy::IncidentRequest> incident = enforcer.incident();
    if (!incident) {
        return fail(QStringLiteral("the organization's policy requests no incident export."), Usage);
    }
    exports::IncidentLedger ledger(exports::IncidentLedger::defaultPath());
    auto handled = ledger.find(enforcer.orgId(), incident->id);
    if (!handled) {
        return fail(handled.error().message, Other);
    }
    if (handled.value() && !force) {
        return fail(QStringLiteral("the incident %1 was exported and uploaded already (%2, to %3); --force does it "
                                   "again.")
                        .arg(incident->id, printableTime(handled.value()->at), handled.value()->host),
                    Usage);
    }

    const int64_t now = QDateTime::currentMSecsSinceEpoch();
    auto prepared = exports::IncidentResponder::prepare(enforcer, *incident, now);
    if (!prepared) {
        return fail(prepared.error().message, prepared.error().code == Error::Code::Denied ? Blocked : Other);
    }
    exports::IncidentResponder::Request request;
    request.incident = *incident;
    request.orgId = enforcer.orgId();
    request.exportOptions = prepared.value();
    Exporter::Options& options = request.exportOptions;
    options.clock = [] {
        return QDateTime::currentMSecsSinceEpoch();
    };
    options.policyMode = policy::PolicyEnforcer::modeName(enforcer.mode());
    options.appVersion = QStringLiteral(VEIL_VERSION);
    options.device = QSysInfo::machineHostName();
    const QString name = exports::IncidentResponder::fileName(incident->id, options.device, now);
    if (outPath.isEmpty()) {
        auto folder = defaultIncidentFolder();
        if (!folder) {
            return fail(folder.error().message, Other);
        }
        options.outPath = folder.value() + QLatin1Char('/') + name;
        // A second run within the same second (--force): the next free name.
        for (int n = 2; QFileInfo::exists(options.outPath) && n < 100; ++n) {
            options.outPath = folder.value() + QLatin1Char('/') + name.chopped(int(qstrlen(".tar.age")))
                + QStringLiteral("-%1.tar.age").arg(n);
        }
    } else {
        options.outPath = QFileInfo(outPath).absoluteFilePath();
    }
    if (QFileInfo::exists(options.outPath)) {
        return fail(QStringLiteral("%1 exists already; choose another name.").arg(options.outPath), Usage);
    }
    // The name on the server says which incident, machine and time, whatever --out named the local file.
    request.uploadFileName = outPath.isEmpty() ? QFileInfo(options.outPath).fileName() : name;

    auto engine = app::makeRedactionEngine(enforcer.redaction(), QStringLiteral("policy v%1").arg(enforcer.version()));
    if (!engine) {
        return fail(engine.error().message, Other);
    }
    const QString databasePath = QFileInfo(chat::ChatSession::defaultDatabasePath()).absoluteFilePath();
    if (!QFileInfo::exists(databasePath)) {
        return fail(QStringLiteral("there is no history on this machine yet, so there is nothing to export."), Other);
    }
    keychain::LibsecretStore secrets;
    OpenedHistory db = openHistory(secrets, QStringLiteral("export"), HistoryAccess{}, console);
    if (!db.db) {
        return db.noHistory
            ? fail(QStringLiteral("there is no history on this machine yet, so there is nothing to export."), Other)
            : db.exitCode;
    }

    QNetworkProxyFactory::setUseSystemConfiguration(true);
    QNetworkAccessManager network;
    InterruptGuard interrupts;
    exports::IncidentResponder responder(std::move(db.db), engine.value(), request, ledger, &network);
    responder.setExtraCaCertificates(extraCaCertificates());
    const QString where = exports::ExportUploader::displayUrl(responder.target());
    console.out << "incident " << incident->id << ": exporting " << printableTime(options.since) << " to "
                << printableTime(options.until) << ", encrypted to " << options.recipients.size()
                << " recipient(s), for " << where << '\n';
    console.out.flush();
    QObject::connect(&responder, &exports::IncidentResponder::exportProgress, &responder,
                     [&console](Exporter::Phase phase, qint64 done, qint64 total) {
                         console.out << (phase == Exporter::Phase::Scanning ? "scanning " : "writing ") << done << '/'
                                     << total << '\n';
                         console.out.flush();
                     });
    QObject::connect(&responder, &exports::IncidentResponder::uploadStarted, &responder, [&console, &responder] {
        const Exporter::Summary& summary = responder.summary();
        console.out << "wrote " << summary.path << ": " << summary.records << " records in " << summary.conversations
                    << " conversations, " << summary.newFindings << " newly redacted, " << summary.bytes
                    << " bytes, sha256 " << summary.sha256 << "\nuploading\n";
        console.out.flush();
    });
    QTimer interruptPoll;
    QObject::connect(&interruptPoll, &QTimer::timeout, &responder, [&responder] {
        if (g_signal.load() != 0) {
            responder.abort();
        }
    });
    interruptPoll.start(50);
    runToCompletion(responder);
    interruptPoll.stop();
    if (!responder.ok()) {
        if (responder.wasAborted()) {
            return fail(responder.exported()
                            ? QStringLiteral("cancelled during the upload; the export is kept at %1 and the incident "
                                             "is still pending.")
                                  .arg(responder.summary().path)
                            : QStringLiteral("cancelled; no file was written."),
                        interruptedExitCode());
        }
        return fail(responder.error().message, responder.exported() ? Unavailable : exitCodeFor(responder.error()));
    }
    console.out << "uploaded to " << where << "; incident " << incident->id << " is done.\n";
    return Ok;
}

int runExport(const QStringList& arguments, Console console)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Exports redacted history for an incident: the messages as sent and received (placeholders, never the "
        "values behind them), re-scanned with the current rules, as JSONL, CSV and an HTML report with a "
        "manifest of SHA-256 hashes, in one tar file, encrypted with age to the policy's recipients and those "
        "given. Progress goes to standard output as \"scanning|writing DONE/TOTAL\" lines."));
    parser.addHelpOption();
    const QCommandLineOption since(QStringLiteral("since"),
                                   QStringLiteral("First day (YYYY-MM-DD, UTC) or time (RFC 3339) to export."),
                                   QStringLiteral("DATE"));
    const QCommandLineOption until(QStringLiteral("until"),
                                   QStringLiteral("Last day to export (inclusive), or the time to stop before "
                                                  "(default: now)."),
                                   QStringLiteral("DATE"));
    const QCommandLineOption workspace(QStringLiteral("workspace"), QStringLiteral("Only this workspace."),
                                       QStringLiteral("W"));
    const QCommandLineOption provider(QStringLiteral("provider"), QStringLiteral("Only this provider."),
                                      QStringLiteral("P"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("The file to write (must not exist)."),
                                 QStringLiteral("PATH"));
    const QCommandLineOption formats(QStringLiteral("format"),
                                     QStringLiteral("Comma-separated: jsonl, csv, html (default: all)."),
                                     QStringLiteral("LIST"));
    const QCommandLineOption recipient(QStringLiteral("recipient"),
                                       QStringLiteral("Encrypt to this age recipient (age1...); repeatable."),
                                       QStringLiteral("AGE_RECIPIENT"));
    const QCommandLineOption upload(QStringLiteral("upload"),
                                    QStringLiteral("Then PUT the file to this https URL (WebDAV, S3 pre-signed)."),
                                    QStringLiteral("URL"));
    const QCommandLineOption incident(
        QStringLiteral("incident"),
        QStringLiteral("Answer the organization's incident request (see `veilctl policy status`): its range, "
                       "recipients and upload URL come from the policy; once per incident. Running it is consent."));
    const QCommandLineOption force(QStringLiteral("force"),
                                   QStringLiteral("With --incident: answer it again though it was answered."));
    parser.addOptions({since, until, workspace, provider, out, formats, recipient, upload, incident, force});
    if (const auto done = parseCommand(parser, arguments, console)) {
        return *done;
    }
    const auto fail = [&console](const QString& message, int code) {
        console.err << "veilctl export: " << message << '\n';
        return code;
    };
    if (!parser.positionalArguments().isEmpty()) {
        return fail(QStringLiteral("unexpected argument %1.").arg(parser.positionalArguments().first()), Usage);
    }
    if (parser.isSet(incident)) {
        for (const QCommandLineOption* option :
             {&since, &until, &workspace, &provider, &formats, &recipient, &upload}) {
            if (parser.isSet(*option)) {
                return fail(QStringLiteral("--incident takes the range, formats, recipients and upload URL from the "
                                           "organization's policy; drop --%1.")
                                .arg(option->names().first()),
                            Usage);
            }
        }
        return runIncidentExport(console, parser.isSet(force), parser.value(out));
    }
    if (parser.isSet(force)) {
        return fail(QStringLiteral("--force goes with --incident."), Usage);
    }
    if (!parser.isSet(since) || !parser.isSet(out)) {
        return fail(QStringLiteral("--since and --out are required."), Usage);
    }

    Exporter::Options options;
    options.clock = [] {
        return QDateTime::currentMSecsSinceEpoch();
    };
    const auto from = parseTime(parser.value(since), false);
    const auto to = parser.isSet(until) ? parseTime(parser.value(until), true)
                                        : std::optional<int64_t>(QDateTime::currentMSecsSinceEpoch() + 1);
    if (!from || !to) {
        return fail(QStringLiteral("dates are YYYY-MM-DD or RFC 3339 times with a zone, such as "
                                   "2026-01-15T09:00:00Z."),
                    Usage);
    }
    if (*to <= *from) {
        return fail(QStringLiteral("--until is before --since."), Usage);
    }
    options.since = *from;
    options.until = *to;
    options.workspace = parser.value(workspace);
    options.provider = parser.value(provider);
    options.outPath = QFileInfo(parser.value(out)).absoluteFilePath();
    if (parser.isSet(formats)) {
        options.formats.clear();
        for (const QString& value : parser.values(formats)) {
            for (const QString& format : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                const QString name = format.trimmed().toLower();
                if (!Exporter::knownFormats().contains(name)) {
                    return fail(QStringLiteral("unknown format \"%1\"; use jsonl, csv or html.").arg(name), Usage);
                }
                if (!options.formats.contains(name)) {
                    options.formats << name;
                }
            }
        }
        if (options.formats.isEmpty()) {
            return fail(QStringLiteral("--format names no format."), Usage);
        }
    }
    QUrl uploadUrl;
    if (parser.isSet(upload)) {
        uploadUrl = QUrl(parser.value(upload), QUrl::StrictMode);
        if (!exports::ExportUploader::isAllowedUrl(uploadUrl)) {
            return fail(QStringLiteral("the upload URL must use https (plain http only to this machine)."), Usage);
        }
    }
    if (QFileInfo::exists(options.outPath)) {
        return fail(QStringLiteral("%1 exists already; choose another name.").arg(options.outPath), Usage);
    }

    // The organization's policy: whether exports are allowed, which formats, and to whom they are encrypted.
    auto managed = policy::ManagedConfig::load(policy::ManagedConfig::defaultFolder());
    if (!managed) {
        return fail(managed.error().message, Other);
    }
    auto active = policy::PolicyStore::atDefaultLocation().active();
    if (!active) {
        return fail(active.error().message + QStringLiteral(" Run `veilctl policy fetch`."), Other);
    }
    const policy::PolicyEnforcer enforcer = policy::PolicyEnforcer::evaluate(
        managed.value(), active.value(), QDateTime::currentDateTimeUtc(), QStringLiteral(VEIL_VERSION));
    for (const QString& text : enforcer.exportRecipients()) {
        auto parsed = AgeRecipient::parse(text.toUtf8());
        if (!parsed) {
            return fail(QStringLiteral("the organization's policy names an export recipient that is not a valid age "
                                       "recipient."),
                        Other);
        }
        if (!options.recipients.contains(parsed.value())) {
            options.recipients << parsed.value();
        }
    }
    for (const QString& text : parser.values(recipient)) {
        auto parsed = AgeRecipient::parse(text.toUtf8());
        if (!parsed) {
            return fail(QStringLiteral("\"%1\" is not an age recipient (age1...).").arg(text), Usage);
        }
        if (!options.recipients.contains(parsed.value())) {
            options.recipients << parsed.value();
        }
    }
    if (const Status allowed = enforcer.checkExport(options.formats, !options.recipients.isEmpty()); !allowed) {
        return fail(allowed.error().message, Blocked);
    }
    options.policyVersion = enforcer.version();
    options.policyMode = policy::PolicyEnforcer::modeName(enforcer.mode());
    options.appVersion = QStringLiteral(VEIL_VERSION);
    options.device = QSysInfo::machineHostName();

    auto engine = app::makeRedactionEngine(enforcer.redaction(), QStringLiteral("policy v%1").arg(enforcer.version()));
    if (!engine) {
        return fail(engine.error().message, Other);
    }
    const QString databasePath = QFileInfo(chat::ChatSession::defaultDatabasePath()).absoluteFilePath();
    if (!QFileInfo::exists(databasePath)) {
        return fail(QStringLiteral("there is no history on this machine yet."), Other);
    }
    // The same opening as every other command: keychain or passphrase mode, finishing an interrupted rekey.
    keychain::LibsecretStore secrets;
    OpenedHistory db = openHistory(secrets, QStringLiteral("export"), HistoryAccess{}, console);
    if (!db.db) {
        return db.noHistory ? fail(QStringLiteral("there is no history on this machine yet."), Other) : db.exitCode;
    }

    InterruptGuard interrupts;
    Exporter exporter(std::move(db.db), engine.value(), options);
    QElapsedTimer sinceStart;
    sinceStart.start();
    QObject::connect(&exporter, &Exporter::progress, &exporter,
                     [&console](Exporter::Phase phase, qint64 done, qint64 total) {
                         console.out << (phase == Exporter::Phase::Scanning ? "scanning " : "writing ") << done << '/'
                                     << total << '\n';
                         console.out.flush();
                     });
    QTimer interruptPoll;
    QObject::connect(&interruptPoll, &QTimer::timeout, &exporter, [&exporter] {
        if (g_signal.load() != 0) {
            exporter.abort();
        }
    });
    interruptPoll.start(50);
    runToCompletion(exporter);
    interruptPoll.stop();
    if (!exporter.ok()) {
        if (exporter.wasAborted()) {
            return fail(QStringLiteral("cancelled; no file was written."), interruptedExitCode());
        }
        return fail(exporter.error().message, exportExitCode(exporter.error()));
    }
    const Exporter::Summary& summary = exporter.summary();
    console.out << "wrote " << summary.path << ": " << summary.records << " records in " << summary.conversations
                << " conversations, " << summary.newFindings << " newly redacted, " << summary.bytes << " bytes, "
                << (options.recipients.isEmpty()
                        ? QStringLiteral("not encrypted")
                        : QStringLiteral("encrypted to %1 recipient(s)").arg(options.recipients.size()))
                << ", sha256 " << summary.sha256 << " (" << sinceStart.elapsed() << " ms)\n";
    console.out.flush();

    if (uploadUrl.isEmpty()) {
        return Ok;
    }
    QNetworkProxyFactory::setUseSystemConfiguration(true);
    QNetworkAccessManager network;
    exports::ExportUploader uploader(&network, summary.path, uploadUrl);
    uploader.setExtraCaCertificates(extraCaCertificates());
    QObject::connect(&interruptPoll, &QTimer::timeout, &uploader, [&uploader] {
        if (g_signal.load() != 0) {
            uploader.abort();
        }
    });
    interruptPoll.start(50);
    runToCompletion(uploader);
    if (!uploader.ok()) {
        return fail(QStringLiteral("the upload failed: %1 The export is kept at %2.")
                        .arg(uploader.error().message, summary.path),
                    uploader.wasAborted() ? interruptedExitCode() : Unavailable);
    }
    console.out << "uploaded to " << exports::ExportUploader::displayUrl(uploadUrl) << '\n';
    return Ok;
}

} // namespace veil::cli
