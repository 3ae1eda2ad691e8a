#include "chat/ChatSession.h"
#include "export/ExportUploader.h"
#include "export/IncidentLedger.h"
#include "export/IncidentResponder.h"
#include "policy/Minisign.h"
#include "policy/PolicyEnforcer.h"
#include "policy/PolicyLint.h"
#include "policy/PolicyStore.h"
#include "policy/PolicyUpdate.h"
#include "veilctl/Command.h"
#include "veilctl/ExitCode.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>

namespace veil::cli {
namespace {

constexpr qint64 kMaxBundleBytes = 1 << 20;

bool readSmallFile(const QString& path, qint64 limit, QByteArray& out, Console console)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        console.err << "veilctl policy: " << path << " cannot be read: " << file.errorString() << ".\n";
        return false;
    }
    out = file.read(limit + 1);
    if (out.size() > limit) {
        console.err << "veilctl policy: " << path << " is larger than " << limit << " bytes.\n";
        return false;
    }
    return true;
}

int verify(const QCommandLineParser& parser, const QStringList& positional, Console console)
{
    if (positional.size() != 2 || !parser.isSet(QStringLiteral("pubkey"))) {
        console.err << "veilctl policy verify: give FILE and --pubkey KEY (a .pub file or its base64 line).\n";
        return Usage;
    }
    const QString path = positional[1];
    const QString sigPath
        = parser.isSet(QStringLiteral("sig")) ? parser.value(QStringLiteral("sig")) : path + QStringLiteral(".minisig");
    QByteArray data;
    QByteArray sigText;
    if (!readSmallFile(path, kMaxBundleBytes, data, console) || !readSmallFile(sigPath, 4096, sigText, console)) {
        return Usage;
    }
    QList<policy::MinisignPublicKey> keys;
    for (const QString& value : parser.values(QStringLiteral("pubkey"))) {
        QByteArray keyText = value.toUtf8();
        if (QFileInfo::exists(value) && !readSmallFile(value, 4096, keyText, console)) {
            return Usage;
        }
        auto key = policy::MinisignPublicKey::parse(keyText);
        if (!key) {
            console.err << "veilctl policy verify: " << key.error().message << '\n';
            return Usage;
        }
        keys.append(key.value());
    }
    auto signature = policy::MinisignSignature::parse(sigText);
    if (!signature) {
        console.err << "veilctl policy verify: " << signature.error().message << '\n';
        return VerificationFailed;
    }
    auto verified = policy::verifyMinisign(data, signature.value(), keys);
    if (!verified) {
        console.err << "veilctl policy verify: " << verified.error().message << '\n';
        return VerificationFailed;
    }
    // A good signature over a bundle Veil would refuse is no use: say so here, before it is published.
    if (auto bundle = policy::PolicyBundle::parse(data); !bundle) {
        console.err << "veilctl policy verify: the signature is good, but Veil would refuse the bundle: "
                    << bundle.error().message << '\n';
        return VerificationFailed;
    }
    console.out << "Signature and trusted comment verified with key " << verified.value().keyIdHex << ".\n"
                << "trusted comment: " << QString::fromUtf8(verified.value().trustedComment) << '\n';
    return Ok;
}

int lint(const QStringList& positional, Console console)
{
    if (positional.size() != 2) {
        console.err << "veilctl policy lint: give one FILE.\n";
        return Usage;
    }
    QByteArray data;
    if (!readSmallFile(positional[1], kMaxBundleBytes, data, console)) {
        return Usage;
    }
    const policy::LintReport report = policy::lintPolicy(data);
    for (const QString& error : report.errors) {
        console.out << "error: " << error << '\n';
    }
    for (const QString& warning : report.warnings) {
        console.out << "warning: " << warning << '\n';
    }
    console.out << positional[1] << ": " << report.errors.size() << " errors, " << report.warnings.size()
                << " warnings\n";
    return report.ok() ? Ok : VerificationFailed;
}

/// Extra trusted CA certificates for policy and provider connections (a private CA), from VEIL_CA_FILE.
QList<QSslCertificate> extraCaCertificates()
{
    const QString path = qEnvironmentVariable("VEIL_CA_FILE");
    return path.isEmpty() ? QList<QSslCertificate>() : QSslCertificate::fromPath(path);
}

Result<policy::ManagedConfig> managedConfig(Console console, const char* command)
{
    auto config = policy::ManagedConfig::load(policy::ManagedConfig::defaultFolder());
    if (!config) {
        console.err << "veilctl policy " << command << ": " << config.error().message << '\n';
    }
    return config;
}

/// "INC-1 (2026-01-10T00:00:00Z to 2026-01-16T00:00:00Z, to https://host/path, automatic)"
QString describeIncident(const policy::IncidentRequest& incident)
{
    return QStringLiteral("%1 (%2 to %3, to %4, %5)")
        .arg(incident.id, incident.since.toString(Qt::ISODate),
             incident.until.isValid() ? incident.until.toString(Qt::ISODate) : QStringLiteral("now"),
             exports::ExportUploader::displayUrl(incident.uploadUrl),
             incident.automatic ? QStringLiteral("automatic") : QStringLiteral("on consent"));
}

/// After every successful fetch (activated or unchanged): a pending incident request is answered at once when
/// the policy says automatic (so a failed attempt is retried by the next fetch; the exit code is then the
/// export's), and announced otherwise.
int answerIncident(const policy::ManagedConfig& config, Console console)
{
    auto active = policy::PolicyStore::atDefaultLocation().active();
    if (!active || !active.value()) {
        return Ok;
    }
    const policy::PolicyEnforcer enforcer = policy::PolicyEnforcer::evaluate(
        config, active.value(), QDateTime::currentDateTimeUtc(), QStringLiteral(VEIL_VERSION));
    auto pending = exports::IncidentResponder::pending(enforcer,
                                                       exports::IncidentLedger(exports::IncidentLedger::defaultPath()));
    if (!pending) {
        console.err << "veilctl policy fetch: " << pending.error().message << '\n';
        return Other;
    }
    if (!pending.value()) {
        return Ok;
    }
    const policy::IncidentRequest& incident = *pending.value();
    if (!incident.automatic) {
        console.out << "The organization requests an incident export: " << describeIncident(incident)
                    << ". Run `veilctl export --incident` to consent.\n";
        return Ok;
    }
    if (!QFileInfo::exists(chat::ChatSession::defaultDatabasePath())) {
        console.out << "The organization requests an incident export, automatically: " << describeIncident(incident)
                    << ". There is no history on this machine yet; it stays pending.\n";
        return Ok;
    }
    console.out << "The organization requests an incident export, automatically: " << describeIncident(incident)
                << ". Exporting and uploading now.\n";
    console.out.flush();
    return runIncidentExport(console, false, QString());
}

int fetch(Console console)
{
    auto config = managedConfig(console, "fetch");
    if (!config) {
        return Other;
    }
    QNetworkProxyFactory::setUseSystemConfiguration(true);
    QNetworkAccessManager network;
    policy::PolicyUpdate update(config.value(), policy::PolicyStore::atDefaultLocation(), &network);
    update.setExtraCaCertificates(extraCaCertificates());
    QObject::connect(&update, &Job::finished, QCoreApplication::instance(), [] { QCoreApplication::exit(0); });
    update.start();
    QCoreApplication::exec();
    if (update.ok()) {
        if (update.activated()) {
            console.out << "Policy version " << update.version() << " is now active.\n";
        } else {
            console.out << "The active policy is unchanged.\n";
        }
        return answerIncident(config.value(), console);
    }
    console.err << "veilctl policy fetch: " << update.error().message << '\n';
    if (update.refused()) {
        console.err << "veilctl policy fetch: the bundle was refused; the active policy stays in force.\n";
        return VerificationFailed;
    }
    const Error::Code code = update.error().code;
    return code == Error::Code::Unavailable || code == Error::Code::Timeout || code == Error::Code::NotFound
        ? Unavailable
        : Other;
}

int status(Console console)
{
    auto config = managedConfig(console, "status");
    if (!config) {
        return Other;
    }
    if (!config.value().managed) {
        console.out << "state: unmanaged (no managed configuration; built-in rules, user-defined providers)\n";
        return Ok;
    }
    const policy::PolicyStore store = policy::PolicyStore::atDefaultLocation();
    console.out << "org: " << config.value().orgId << '\n'
                << "source: " << config.value().policyUrl.toDisplayString() << '\n';
    auto active = store.active();
    if (!active) {
        console.out << "state: error (" << active.error().message << ")\n";
        return Other;
    }
    if (!active.value()) {
        console.out << "state: "
                    << (config.value().requirePolicy ? "no policy yet: fail closed (no remote providers)"
                                                     : "no policy yet")
                    << '\n';
        return Ok;
    }
    const policy::StoredBundle& b = *active.value();
    const policy::PolicyEnforcer enforcer = policy::PolicyEnforcer::evaluate(
        config.value(), active.value(), QDateTime::currentDateTimeUtc(), QStringLiteral(VEIL_VERSION));
    const bool current = enforcer.mode() == policy::PolicyEnforcer::Mode::Active;
    console.out << "version " << b.bundle.version << '\n'
                << "key id: " << b.info.keyIdHex << '\n'
                << "fetched at: " << b.info.fetchedAt.toString(Qt::ISODate) << '\n'
                << "checked at: " << b.info.checkedAt.toString(Qt::ISODate) << '\n'
                << "expires: " << b.bundle.expiresAt.toString(Qt::ISODate) << '\n'
                << "state: " << (current ? QStringLiteral("active") : QStringLiteral("restricted")) << " ("
                << enforcer.summary() << ")\n";
    if (const std::optional<policy::IncidentRequest> incident = enforcer.incident()) {
        auto handled
            = exports::IncidentLedger(exports::IncidentLedger::defaultPath()).find(enforcer.orgId(), incident->id);
        if (!handled) {
            console.out << "incident: " << describeIncident(*incident) << ": unknown (" << handled.error().message
                        << ")\n";
            return Other;
        }
        if (handled.value()) {
            console.out << "incident: " << describeIncident(*incident) << ": done, uploaded to "
                        << handled.value()->host << " at "
                        << QDateTime::fromMSecsSinceEpoch(handled.value()->at, Qt::UTC).toString(Qt::ISODate) << '\n';
        } else {
            console.out << "incident: " << describeIncident(*incident)
                        << ": pending; run `veilctl export --incident` to export and upload it\n";
        }
    }
    return Ok;
}

} // namespace

int runPolicy(const QStringList& arguments, Console console)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Verifies organization policy bundles."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("sig"), QStringLiteral("The signature file (default: FILE.minisig)."),
                      QStringLiteral("FILE.minisig")});
    parser.addOption({QStringLiteral("pubkey"),
                      QStringLiteral("A trusted minisign public key: a .pub file or its base64 line (repeatable)."),
                      QStringLiteral("KEY")});
    parser.addPositionalArgument(QStringLiteral("lint|verify|fetch|status"), QStringLiteral("What to do."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The policy bundle (policy.json)."));
    if (const auto done = parseCommand(parser, arguments, console)) {
        return *done;
    }
    const QStringList positional = parser.positionalArguments();
    if (!positional.isEmpty() && positional[0] == QStringLiteral("verify")) {
        return verify(parser, positional, console);
    }
    if (!positional.isEmpty() && positional[0] == QStringLiteral("lint")) {
        return lint(positional, console);
    }
    if (positional == QStringList{QStringLiteral("fetch")}) {
        return fetch(console);
    }
    if (positional == QStringList{QStringLiteral("status")}) {
        return status(console);
    }
    console.err << "veilctl policy: say `policy lint FILE`, `policy verify FILE --pubkey KEY`, `policy fetch` or "
                   "`policy status`.\n";
    return Usage;
}

} // namespace veil::cli
