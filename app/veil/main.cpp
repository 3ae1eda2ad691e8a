#include "chat/ChatSession.h"
#include "chat/ProviderRegistry.h"
#include "common/EngineSetup.h"
#include "common/ProcessHardening.h"
#include "history/HistoryStore.h"
#include "keychain/LibsecretStore.h"
#include "policy/PolicyEnforcer.h"
#include "veil/Appearance.h"
#include "veil/MainWindow.h"
#include "veil/SingleInstance.h"
#include "veil/Translations.h"
#include "widgets/ConversationView.h"
#include "widgets/RedactionPreview.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QEventLoop>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QSslCertificate>
#include <QTimer>

#include <cstdio>
#include <cstring>
#include <memory>

namespace {

constexpr const char* kDemoText = "Hi! Please debug this deploy script for me.\n\n"
                                  "export AWS_ACCESS_KEY_ID=AKIAZ3MQWERTYUIOPASD\n"
                                  "export DATABASE_URL=postgres://deploy:Zq8Lr3Vt9Wx2@db.internal:5432/app\n"
                                  "curl -H 'Authorization: Bearer ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R' \\\n"
                                  "     https://api.github.com/user\n\n"
                                  "If it fails, mail jane.doe@acme-corp.io or call +1 415 555 2671.\n"
                                  "Build 3f786850e387550fdab836ed7e6dc881de23001b, version 1.2.3.\n";

/// The sample conversation `--screenshot` shows (from memory: no keychain, no database).
void fillDemo(veil::app::MainWindow& window)
{
    using veil::app::ViewMessage;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QList<veil::history::Conversation> conversations{
        {3, std::nullopt, QApplication::translate("main", "Deploy script fails on staging"), now - 60000, now},
        {2, std::nullopt, QApplication::translate("main", "Regex for order numbers"), now - 86400000, now - 86400000},
        {1, std::nullopt, QApplication::translate("main", "Summarize the incident notes"), now - 3 * 86400000,
         now - 3 * 86400000},
    };
    const QList<ViewMessage> messages{
        {ViewMessage::Role::User,
         QStringLiteral("My deploy fails with `permission denied`. The script runs as "
                        "jane.doe@acme-corp.io with key AKIAZ3MQWERTYUIOPASD."),
         QString(), ViewMessage::State::Complete, false},
        {ViewMessage::Role::Assistant,
         QStringLiteral("The key that reached me was a placeholder, so it never left your machine. The error usually "
                        "means the IAM user lacks `s3:PutObject`. Check it with:\n\n"
                        "```sh\naws iam simulate-principal-policy \\\n  --policy-source-arn \"$USER_ARN\" \\\n"
                        "  --action-names s3:PutObject\n```\n\n"
                        "- **If it is denied**, attach a policy that allows the bucket.\n"
                        "- **If it is allowed**, look at the bucket policy next."),
         QStringLiteral("work-openai · gpt-4o-mini"), ViewMessage::State::Complete, false},
    };
    window.showDemo(conversations, messages, QString::fromUtf8(kDemoText));
}

/// True when the command line only asks for text (--help, --version): that needs no display, so a plain
/// QCoreApplication answers it (and `veil --version` works over ssh or in a package check).
bool wantsTextOnly(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        for (const char* option : {"-h", "--help", "--help-all", "-?", "-v", "--version"}) {
            if (std::strcmp(argv[i], option) == 0) {
                return true;
            }
        }
    }
    return false;
}

} // namespace

int main(int argc, char** argv)
{
    veil::app::disableCoreDumps(); // before anything secret is read
    const bool textOnly = wantsTextOnly(argc, argv);
    std::unique_ptr<QCoreApplication> application;
    if (textOnly) {
        application = std::make_unique<QCoreApplication>(argc, argv);
    } else {
        application = std::make_unique<QApplication>(argc, argv);
    }
    QCoreApplication& app = *application;
    QCoreApplication::setApplicationName(QStringLiteral("veil"));
    QCoreApplication::setOrganizationName(QStringLiteral("veil"));
    QCoreApplication::setApplicationVersion(QStringLiteral(VEIL_VERSION));
    if (!textOnly) {
        QApplication::setApplicationDisplayName(QStringLiteral("Veil"));
        QApplication::setDesktopFileName(QStringLiteral("org.veil.Veil"));
    }
    // The system's language unless the user chose one in Settings > Language.
    veil::app::Translations::install(app,
                                     veil::app::Translations::localeFor(veil::app::Translations::chosen(QSettings())));
    // Light or dark when the user chose one in Settings > Appearance; the desktop's otherwise.
    if (const auto scheme = veil::app::Appearance::chosen(QSettings());
        !textOnly && scheme != veil::app::Appearance::Scheme::System) {
        veil::app::Appearance::apply(scheme);
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Veil: a privacy-aware shell for AI assistants."));
    parser.addHelpOption();
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")},
                                     QApplication::translate("main", "Print the version and exit."));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QApplication::translate("main", "Render the main window with demo data to FILE (PNG) and exit."),
        QStringLiteral("FILE"));
    parser.addOption(version);
    parser.addOption(screenshot);
    parser.process(app);
    if (parser.isSet(version)) {
        // GNU style: "program (package) version".
        std::fprintf(stdout, "veil (Veil) %s\n", VEIL_VERSION);
        return 0;
    }

    // One veil per session: a second start raises the first one's window and exits.
    veil::app::SingleInstance instance;
    if (!parser.isSet(screenshot)) {
        switch (instance.claim()) {
        case veil::app::SingleInstance::Role::Secondary:
            return 0;
        case veil::app::SingleInstance::Role::Failed:
            std::fprintf(stderr, "veil: %s\n",
                         qPrintable(QApplication::translate(
                             "main", "Another Veil seems to be running but does not answer; starting anyway.")));
            break;
        case veil::app::SingleInstance::Role::Primary:
            break;
        }
    }

    // The organization's policy (when this installation is managed) decides what the preview redacts too.
    const auto managed = veil::policy::ManagedConfig::load(veil::policy::ManagedConfig::defaultFolder());
    const auto active = veil::policy::PolicyStore::atDefaultLocation().active();
    if (!managed || !active) {
        const QString message = !managed ? managed.error().message : active.error().message;
        if (parser.isSet(screenshot)) {
            std::fprintf(stderr, "veil: %s\n", qPrintable(message));
        } else {
            QMessageBox::critical(nullptr, QApplication::translate("main", "Veil cannot start"), message);
        }
        return 5;
    }
    const veil::policy::PolicyEnforcer enforcer = veil::policy::PolicyEnforcer::evaluate(
        managed.value(), active.value(), QDateTime::currentDateTimeUtc(), QStringLiteral(VEIL_VERSION));
    auto engine
        = veil::app::makeRedactionEngine(enforcer.redaction(), QStringLiteral("policy v%1").arg(enforcer.version()));
    if (!engine) {
        if (parser.isSet(screenshot)) {
            std::fprintf(stderr, "veil: %s\n", qPrintable(engine.error().message));
        } else {
            QMessageBox::critical(nullptr, QApplication::translate("main", "Veil cannot start"),
                                  engine.error().message);
        }
        return 5;
    }

    veil::app::MainWindow::Setup setup;
    setup.engine = engine.value();
    setup.enforcer = enforcer;
    setup.appVersion = QStringLiteral(VEIL_VERSION);
    setup.managed = managed.value();
    // A private CA for the policy server, as veilctl takes it.
    if (const QString caFile = qEnvironmentVariable("VEIL_CA_FILE"); !caFile.isEmpty()) {
        setup.caCertificates = QSslCertificate::fromPath(caFile);
    }
    veil::chat::ProviderRegistry registry;
    if (const veil::Status loaded = registry.load(); !loaded) {
        setup.providersError = loaded.error().message;
        setup.providers = {veil::chat::ProviderRegistry::inspector()};
    } else {
        setup.providers = registry.all();
        if (const auto chosen = registry.defaultProvider()) {
            setup.defaultProvider = chosen->id;
        }
    }
    veil::keychain::LibsecretStore secrets;
    QNetworkAccessManager network;
    const bool demo = parser.isSet(screenshot);
    if (!demo) {
        setup.secrets = &secrets;
        setup.network = &network;
    }

    veil::app::MainWindow window(std::move(setup));
    if (demo) {
        fillDemo(window);
        window.show();
        QEventLoop loop;
        QObject::connect(window.preview(), &veil::app::RedactionPreview::resultChanged, &loop, &QEventLoop::quit);
        QTimer::singleShot(5000, &loop, &QEventLoop::quit);
        loop.exec();
        QApplication::processEvents();
        if (!window.grab().save(parser.value(screenshot))) {
            std::fprintf(stderr, "veil: the screenshot cannot be written to %s.\n",
                         qPrintable(parser.value(screenshot)));
            return 5;
        }
        return 0;
    }
    QObject::connect(&instance, &veil::app::SingleInstance::raiseRequested, &window, [&window] {
        window.setWindowState((window.windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
        window.show();
        window.raise();
        window.activateWindow();
    });
    window.show();
    window.openHistory();
    return app.exec();
}
