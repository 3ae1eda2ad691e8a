#include "chat/ChatSession.h"
#include "chat/OpenHistoryJob.h"
#include "export/ExportUploader.h"
#include "export/IncidentLedger.h"
#include "export/IncidentResponder.h"
#include "keychain/LibsecretStore.h"
#include "policy/Minisign.h"
#include "policy/MinisignSecretKey.h"
#include "policy/PolicyAuditSpool.h"
#include "policy/PolicyEnforcer.h"
#include "policy/PolicyLint.h"
#include "policy/PolicyStore.h"
#include "policy/PolicyUpdate.h"
#include "veilctl/Command.h"
#include "veilctl/ExitCode.h"
#include "veilctl/HistoryAccess.h"
#include "veilctl/RunJob.h"
#include "veilctl/SecretInput.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QRegularExpression>
#include <QSaveFile>

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace veil::cli {
namespace {

constexpr qint64 kMaxBundleBytes = 1 << 20;
constexpr std::size_t kMaxKeyFileBytes = 4096;
constexpr std::size_t kMaxPassphraseBytes = 4096;

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

/// Reads a (small) secret key file straight into secure memory.
std::optional<keychain::SecureBytes> readKeyFile(const QString& path, Console console)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        console.err << "veilctl policy sign: the key file " << path << " cannot be read.\n";
        return std::nullopt;
    }
    keychain::SecureBytes buffer(kMaxKeyFileBytes + 1);
    std::size_t size = 0;
    for (;;) {
        const ssize_t n = ::read(fd, buffer.data() + size, buffer.size() - size);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        size += std::size_t(n);
        if (size == buffer.size()) {
            break;
        }
    }
    ::close(fd);
    if (size > kMaxKeyFileBytes) {
        console.err << "veilctl policy sign: " << path << " is too large to be a minisign secret key.\n";
        return std::nullopt;
    }
    keychain::SecureBytes file = keychain::SecureBytes::copyOf(buffer.data(), size);
    buffer.clear();
    return file;
}

/// The signing key's passphrase: from the file descriptor VEIL_KEY_PASSPHRASE_FD names, else typed at a
/// no-echo prompt when standard input is a terminal. Never from argv.
std::optional<keychain::SecureBytes> readKeyPassphrase(const QString& keyPath, Console console)
{
    int fd = descriptorFrom("VEIL_KEY_PASSPHRASE_FD");
    if (fd == -2) {
        console.err << "veilctl policy sign: VEIL_KEY_PASSPHRASE_FD must name an open file descriptor.\n";
        return std::nullopt;
    }
    if (fd == -1) {
        if (::isatty(STDIN_FILENO) != 1) {
            console.err << "veilctl policy sign: the key is encrypted; type its passphrase at a terminal, or pass "
                           "it through the file descriptor named by VEIL_KEY_PASSPHRASE_FD.\n";
            return std::nullopt;
        }
        fd = STDIN_FILENO;
    }
    auto passphrase = readSecret(fd, QStringLiteral("Passphrase for %1: ").arg(keyPath), kMaxPassphraseBytes, console);
    if (!passphrase) {
        console.err << "veilctl policy sign: the passphrase cannot be read (at most 4096 bytes).\n";
    }
    return passphrase;
}

/// `org_id=... bundle_version=N expires_at=RFC3339`, from the bundle itself (what BundleVerifier compares).
QByteArray trustedCommentFor(const policy::PolicyBundle& bundle)
{
    const QDateTime expires = bundle.expiresAt.toUTC();
    const QString time
        = expires.time().msec() != 0 ? expires.toString(Qt::ISODateWithMs) : expires.toString(Qt::ISODate);
    return QStringLiteral("org_id=%1 bundle_version=%2 expires_at=%3")
        .arg(bundle.orgId)
        .arg(bundle.version)
        .arg(time)
        .toUtf8();
}

int sign(const QCommandLineParser& parser, const QStringList& positional, Console console)
{
    if (positional.size() != 2 || !parser.isSet(QStringLiteral("key"))) {
        console.err << "veilctl policy sign: give FILE and --key SECRET_KEY_FILE (a minisign secret key).\n";
        return Usage;
    }
    const QString path = positional[1];
    const QString sigPath
        = parser.isSet(QStringLiteral("sig")) ? parser.value(QStringLiteral("sig")) : path + QStringLiteral(".minisig");
    QByteArray data;
    if (!readSmallFile(path, kMaxBundleBytes, data, console)) {
        return Usage;
    }
    // Never sign what Veil would refuse: the lint's errors, and what verification checks beyond them.
    const policy::LintReport report = policy::lintPolicy(data);
    if (!report.ok()) {
        for (const QString& error : report.errors) {
            console.err << "error: " << error << '\n';
        }
        console.err << "veilctl policy sign: " << path << " has " << report.errors.size()
                    << " errors (see above); Veil would refuse it, so it was not signed.\n";
        return VerificationFailed;
    }
    auto bundle = policy::PolicyBundle::parse(data);
    if (!bundle) {
        console.err << "veilctl policy sign: " << bundle.error().message << '\n';
        return VerificationFailed;
    }
    if (bundle->expiresAt <= QDateTime::currentDateTimeUtc()) {
        console.err << "veilctl policy sign: the bundle expired on " << bundle->expiresAt.toString(Qt::ISODate)
                    << "; Veil would refuse it, so it was not signed.\n";
        return VerificationFailed;
    }
    if (bundle->orgId.contains(QRegularExpression(QStringLiteral("\\s")))) {
        console.err << "veilctl policy sign: org_id must not contain spaces (the trusted comment is space "
                       "separated).\n";
        return VerificationFailed;
    }
    const QByteArray trusted = trustedCommentFor(bundle.value());
    auto comment = policy::TrustedComment::parse(trusted);
    if (!comment || comment->orgId != bundle->orgId || comment->version != bundle->version
        || comment->expiresAt != bundle->expiresAt) {
        console.err << "veilctl policy sign: the bundle's fields cannot be carried in a trusted comment.\n";
        return VerificationFailed;
    }
    for (const QString& warning : report.warnings) {
        console.err << "warning: " << warning << '\n';
    }

    const QString keyPath = parser.value(QStringLiteral("key"));
    auto keyFile = readKeyFile(keyPath, console);
    if (!keyFile) {
        return Usage;
    }
    auto encrypted = policy::MinisignSecretKey::isEncrypted(keyFile->view());
    if (!encrypted) {
        console.err << "veilctl policy sign: " << keyPath << ": " << encrypted.error().message << '\n';
        return Usage;
    }
    std::optional<keychain::SecureBytes> passphrase;
    if (encrypted.value()) {
        passphrase = readKeyPassphrase(keyPath, console);
        if (!passphrase) {
            return Usage;
        }
    }
    auto key = policy::MinisignSecretKey::load(keyFile->view(), passphrase ? passphrase->view() : QByteArrayView());
    keyFile->clear();
    if (passphrase) {
        passphrase->clear();
    }
    if (!key) {
        console.err << "veilctl policy sign: " << key.error().message << '\n';
        return key.error().code == Error::Code::Denied ? VerificationFailed : Usage;
    }
    const QByteArray untrusted = QStringLiteral("Veil policy bundle %1 version %2, signed with key %3")
                                     .arg(bundle->orgId)
                                     .arg(bundle->version)
                                     .arg(key->keyIdHex())
                                     .toUtf8();
    auto signature = key->sign(data, trusted, untrusted);
    if (!signature) {
        console.err << "veilctl policy sign: " << signature.error().message << '\n';
        return Other;
    }
    // Check the result as Veil will, before anyone publishes it.
    auto parsed = policy::MinisignSignature::parse(signature.value());
    if (!parsed || !policy::verifyMinisign(data, parsed.value(), {key->publicKey()})) {
        console.err << "veilctl policy sign: the new signature does not verify; nothing was written.\n";
        return Other;
    }
    QSaveFile out(sigPath);
    if (!out.open(QIODevice::WriteOnly) || out.write(signature.value()) != signature->size() || !out.commit()) {
        console.err << "veilctl policy sign: " << sigPath << " cannot be written: " << out.errorString() << ".\n";
        return Other;
    }
    console.out << "Signed " << path << " (org " << bundle->orgId << ", version " << bundle->version << ") with key "
                << key->keyIdHex() << ": " << sigPath << '\n'
                << "trusted comment: " << QString::fromUtf8(trusted) << '\n';
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

/// Moves the queued policy audit events into the history's audit log when the history can be opened without
/// asking anyone (keychain mode, or a passphrase through VEIL_PASSPHRASE_FD); otherwise they stay queued and
/// the next open of the history (by veilctl or the GUI) moves them.
void flushPolicyAudit(Console console)
{
    if (!QFileInfo::exists(chat::ChatSession::defaultDatabasePath())) {
        return; // no history yet: the queue waits for it
    }
    keychain::LibsecretStore secrets;
    chat::OpenHistoryJob::Options options;
    options.databasePath = chat::ChatSession::defaultDatabasePath();
    if (descriptorFrom("VEIL_PASSPHRASE_FD") >= 0) {
        options.askPassphrase = passphraseSource(QStringLiteral("veilctl policy fetch"), console);
    } else {
        options.askPassphrase = [] {
            return std::shared_ptr<const keychain::SecureBytes>();
        };
    }
    chat::OpenHistoryJob job(secrets, std::move(options));
    runToCompletion(job);
    if (!job.ok()) {
        console.err << "veilctl policy fetch: the audit entry waits for the history to be opened ("
                    << job.error().message << ")\n";
    } else if (!job.auditSpoolStatus()) {
        console.err << "veilctl policy fetch: the audit entry stays queued: " << job.auditSpoolStatus().error().message
                    << '\n';
    }
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
    update.setAuditSpool(policy::PolicyAuditSpool::pathFor(chat::ChatSession::defaultDatabasePath()));
    runToCompletion(update);
    if (!update.auditStatus()) {
        console.err << "veilctl policy fetch: the audit entry cannot be queued: "
                    << update.auditStatus().error().message << '\n';
    } else if (update.activated() || update.refused()) {
        flushPolicyAudit(console);
    }
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
    parser.addOption({QStringLiteral("key"),
                      QStringLiteral("sign: the minisign secret key file (its passphrase is asked for, or read from "
                                     "the descriptor VEIL_KEY_PASSPHRASE_FD names)."),
                      QStringLiteral("SECRET_KEY_FILE")});
    parser.addOption({QStringLiteral("trusted-comment-from-json"),
                      QStringLiteral("sign: take the trusted comment (org_id, bundle_version, expires_at) from the "
                                     "bundle; always done, the only comment Veil accepts.")});
    parser.addPositionalArgument(QStringLiteral("lint|sign|verify|fetch|status"), QStringLiteral("What to do."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The policy bundle (policy.json)."));
    if (const auto done = parseCommand(parser, arguments, console)) {
        return *done;
    }
    const QStringList positional = parser.positionalArguments();
    if (!positional.isEmpty() && positional[0] == QStringLiteral("verify")) {
        return verify(parser, positional, console);
    }
    if (!positional.isEmpty() && positional[0] == QStringLiteral("sign")) {
        return sign(parser, positional, console);
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
    console.err << "veilctl policy: say `policy lint FILE`, `policy sign FILE --key SECRET_KEY`, `policy verify FILE "
                   "--pubkey KEY`, `policy fetch` or `policy status`.\n";
    return Usage;
}

} // namespace veil::cli
