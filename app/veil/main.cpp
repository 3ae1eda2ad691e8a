#include "common/EngineSetup.h"
#include "common/ProcessHardening.h"
#include "policy/PolicyEnforcer.h"
#include "veil/MainWindow.h"
#include "widgets/RedactionPreview.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QEventLoop>
#include <QMessageBox>
#include <QTimer>

#include <cstdio>

namespace {

constexpr const char* kDemoText = "Hi! Please debug this deploy script for me.\n\n"
                                  "export AWS_ACCESS_KEY_ID=AKIAZ3MQWERTYUIOPASD\n"
                                  "export DATABASE_URL=postgres://deploy:Zq8Lr3Vt9Wx2@db.internal:5432/app\n"
                                  "curl -H 'Authorization: Bearer ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R' \\\n"
                                  "     https://api.github.com/user\n\n"
                                  "If it fails, mail jane.doe@acme-corp.io or call +1 415 555 2671.\n"
                                  "Build 3f786850e387550fdab836ed7e6dc881de23001b, version 1.2.3.\n";

} // namespace

int main(int argc, char** argv)
{
    veil::app::disableCoreDumps(); // before anything secret is read
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("veil"));
    QApplication::setApplicationDisplayName(QStringLiteral("Veil"));
    QApplication::setOrganizationName(QStringLiteral("veil"));
    QApplication::setApplicationVersion(QStringLiteral(VEIL_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.veil.Veil"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Veil: a privacy-aware shell for AI assistants."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QApplication::translate("main", "Render the main window with demo data to FILE (PNG) and exit."),
        QStringLiteral("FILE"));
    parser.addOption(screenshot);
    parser.process(app);

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

    veil::app::MainWindow window(engine.value(), enforcer.summary());
    if (parser.isSet(screenshot)) {
        window.preview()->setText(QString::fromUtf8(kDemoText));
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
    window.show();
    return app.exec();
}
