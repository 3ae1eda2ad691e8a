#include "policy/Minisign.h"
#include "policy/PolicyLint.h"
#include "veilctl/Command.h"
#include "veilctl/ExitCode.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>

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
    parser.addPositionalArgument(QStringLiteral("lint|verify"), QStringLiteral("What to do."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The policy bundle (policy.json)."));
    if (!parser.parse(arguments)) {
        console.err << "veilctl policy: " << parser.errorText() << '\n';
        return Usage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        console.out << parser.helpText();
        return Ok;
    }
    const QStringList positional = parser.positionalArguments();
    if (!positional.isEmpty() && positional[0] == QStringLiteral("verify")) {
        return verify(parser, positional, console);
    }
    if (!positional.isEmpty() && positional[0] == QStringLiteral("lint")) {
        return lint(positional, console);
    }
    console.err << "veilctl policy: say `policy lint FILE` or `policy verify FILE --pubkey KEY`.\n";
    return Usage;
}

} // namespace veil::cli
