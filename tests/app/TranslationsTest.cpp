// The translations: every .ts message translated and consistent with its source, the .ts files current with the
// code (lupdate finds nothing new), and the German build showing no English text in its windows.
#include "veil/Translations.h"
#include "redaction/RedactionEngine.h"
#include "support/TestData.h"
#include "veil/AuditLogDialog.h"
#include "veil/LanguageMenu.h"
#include "veil/MainWindow.h"
#include "veil/PassphraseDialog.h"

#include <catch2/catch.hpp>

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QFile>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLibraryInfo>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QTemporaryDir>
#include <QTranslator>
#include <QXmlStreamReader>

using veil::app::Translations;

namespace {

struct Message
{
    QString context;
    QString source;
    QStringList translations; ///< one, or the numerus forms
    QString type; ///< the translation's type attribute ("unfinished", "vanished", ...) or empty
    bool numerus = false;
};

QList<Message> readTs(const QString& path)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    QList<Message> messages;
    QString context;
    Message current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement()) {
            continue;
        }
        const auto name = xml.name();
        if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            current = Message{
                context, {}, {}, {}, xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes")};
        } else if (name == QLatin1String("source")) {
            current.source = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            current.type = xml.attributes().value(QLatin1String("type")).toString();
            if (current.numerus) {
                while (xml.readNextStartElement()) {
                    current.translations << xml.readElementText();
                }
            } else {
                current.translations << xml.readElementText();
            }
            messages.append(current);
        }
    }
    INFO(xml.errorString().toStdString());
    REQUIRE_FALSE(xml.hasError());
    return messages;
}

QString tsPath(const char* language)
{
    return veil::test::sourceDir() + QStringLiteral("/translations/veil_") + QString::fromLatin1(language)
        + QStringLiteral(".ts");
}

/// The %1..%9 and %n markers of a text, sorted.
QStringList markers(const QString& text)
{
    QStringList found;
    auto it = QRegularExpression(QStringLiteral("%(?:[1-9]|n)")).globalMatch(text);
    while (it.hasNext()) {
        found << it.next().captured(0);
    }
    found.sort();
    return found;
}

/// Every text a user can see in `root`'s widget tree: titles, labels, buttons, menus and actions, placeholders,
/// tool tips, accessible names and header labels.
QSet<QString> visibleTexts(QWidget* root)
{
    QSet<QString> texts;
    const auto add = [&texts](const QString& text) {
        if (!text.isEmpty()) {
            texts.insert(text);
        }
    };
    QList<QWidget*> widgets = root->findChildren<QWidget*>();
    widgets.prepend(root);
    for (QWidget* w : widgets) {
        add(w->windowTitle());
        add(w->toolTip());
        add(w->accessibleName());
        add(w->whatsThis());
        if (auto* label = qobject_cast<QLabel*>(w)) {
            add(label->text());
        }
        if (auto* button = qobject_cast<QAbstractButton*>(w)) {
            add(button->text());
        }
        if (auto* edit = qobject_cast<QLineEdit*>(w)) {
            add(edit->placeholderText());
        }
        if (auto* edit = qobject_cast<QPlainTextEdit*>(w)) {
            add(edit->placeholderText());
        }
        if (auto* box = qobject_cast<QGroupBox*>(w)) {
            add(box->title());
        }
        if (auto* menu = qobject_cast<QMenu*>(w)) {
            add(menu->title());
        }
        if (auto* header = qobject_cast<QHeaderView*>(w); header && header->model()) {
            for (int section = 0; section < header->count(); ++section) {
                add(header->model()->headerData(section, header->orientation()).toString());
            }
        }
        for (QAction* action : w->actions()) {
            add(action->text());
            add(action->toolTip() == QString(action->text()).remove(QLatin1Char('&')) ? QString() : action->toolTip());
        }
    }
    return texts;
}

} // namespace

TEST_CASE("every message of the German and English translations is finished and keeps its markers", "[translations]")
{
    for (const char* language : {"de", "en"}) {
        INFO(language);
        const QList<Message> messages = readTs(tsPath(language));
        REQUIRE(messages.size() > 200);
        for (const Message& m : messages) {
            INFO(m.context.toStdString() << ": " << m.source.toStdString());
            CHECK(m.type.isEmpty()); // neither unfinished nor vanished nor obsolete
            // tr() looks messages up by the class's full name; "MainWindow" without its namespace never matches.
            CHECK((m.context == QStringLiteral("main") || m.context.startsWith(QStringLiteral("veil::app::"))));
            REQUIRE_FALSE(m.translations.isEmpty());
            CHECK(m.translations.size() == (m.numerus ? 2 : 1)); // German and English: singular and plural
            for (const QString& translation : m.translations) {
                CHECK_FALSE(translation.trimmed().isEmpty());
                CHECK(markers(translation) == markers(m.source));
                // An accelerator in the source keeps one in the translation.
                CHECK(QString(translation).remove(QStringLiteral("&&")).count(QLatin1Char('&'))
                      == QString(m.source).remove(QStringLiteral("&&")).count(QLatin1Char('&')));
            }
        }
    }
}

TEST_CASE("the translation files are current: lupdate finds no new or changed string in the code", "[translations]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString copy = dir.filePath(QStringLiteral("veil_de.ts"));
    REQUIRE(QFile::copy(tsPath("de"), copy));
    QProcess lupdate;
    lupdate.start(QStringLiteral(VEIL_LUPDATE_PATH),
                  {QStringLiteral("-I"), veil::test::sourceDir() + QStringLiteral("/app"), QStringLiteral("-I"),
                   veil::test::sourceDir() + QStringLiteral("/core"), QStringLiteral("-locations"),
                   QStringLiteral("none"), QStringLiteral("-no-obsolete"),
                   veil::test::sourceDir() + QStringLiteral("/app/veil"),
                   veil::test::sourceDir() + QStringLiteral("/app/widgets"), QStringLiteral("-ts"), copy});
    REQUIRE(lupdate.waitForFinished(120000));
    INFO(lupdate.readAllStandardError().toStdString());
    REQUIRE(lupdate.exitCode() == 0);
    const QList<Message> before = readTs(tsPath("de"));
    const QList<Message> after = readTs(copy);
    QStringList unfinished;
    for (const Message& m : after) {
        if (!m.type.isEmpty()) {
            unfinished << m.context + QStringLiteral(": ") + m.source;
        }
    }
    INFO("run `cmake --build BUILD --target update_translations` and translate: "
         << unfinished.join(QStringLiteral(" | ")).toStdString());
    CHECK(unfinished.isEmpty());
    CHECK(after.size() == before.size());
}

TEST_CASE("the German build shows no English text in the main window, its menus and dialogs", "[translations]")
{
    const QString saved = QLocale().name();
    QTranslator translator;
    REQUIRE(translator.load(QLocale(QStringLiteral("de")), QStringLiteral("veil"), QStringLiteral("_"),
                            QStringLiteral(":/i18n")));
    REQUIRE(QCoreApplication::installTranslator(&translator));
    // Qt's own strings (the standard buttons of dialog button boxes) come from qt6-translations-l10n.
    QTranslator qtTranslator;
    REQUIRE(qtTranslator.load(QLocale(QStringLiteral("de")), QStringLiteral("qtbase"), QStringLiteral("_"),
                              QLibraryInfo::path(QLibraryInfo::TranslationsPath)));
    REQUIRE(QCoreApplication::installTranslator(&qtTranslator));
    CHECK(Translations::available().contains(QStringLiteral("de")));
    CHECK(Translations::nativeName(QStringLiteral("de")) == QStringLiteral("Deutsch"));

    QSet<QString> english; // sources whose German text differs
    for (const Message& m : readTs(tsPath("de"))) {
        if (!m.numerus && m.translations.value(0) != m.source) {
            english.insert(m.source);
        }
    }
    REQUIRE(english.size() > 150);

    veil::app::MainWindow::Setup setup;
    setup.engine = veil::test::engineFromJson(R"json({"rules": [{"id": "email", "category": "pii",
        "pattern": "\\b[a-z0-9.]{1,64}@[a-z0-9.-]{1,100}\\.[a-z]{2,12}\\b", "keywords": ["@"], "action": "redact",
        "placeholder_type": "EMAIL", "examples": {"match": ["a@b.io"]}}]})json");
    setup.appVersion = QStringLiteral("0.0.0-test");
    auto window = std::make_unique<veil::app::MainWindow>(std::move(setup));
    window->show();
    QSet<QString> texts = visibleTexts(window.get());
    auto audit = std::make_unique<veil::app::AuditLogDialog>(nullptr);
    texts += visibleTexts(audit.get());
    auto passphrase = std::make_unique<veil::app::PassphraseDialog>(nullptr);
    texts += visibleTexts(passphrase.get());

    CHECK(texts.contains(QStringLiteral("&Datei")));
    CHECK(texts.contains(QStringLiteral("&Sprache")));
    CHECK(texts.contains(QStringLiteral("Prüfprotokoll")));
    QStringList leftInEnglish;
    for (const QString& text : texts) {
        if (english.contains(text)) {
            leftInEnglish << text;
        }
    }
    INFO(leftInEnglish.join(QStringLiteral(" | ")).toStdString());
    CHECK(leftInEnglish.isEmpty());

    window.reset();
    audit.reset();
    passphrase.reset();
    QCoreApplication::removeTranslator(&qtTranslator);
    QCoreApplication::removeTranslator(&translator);
    QLocale::setDefault(QLocale(saved));
}

TEST_CASE("the language follows the system locale unless one is chosen, and the menu saves the choice",
          "[translations]")
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("veil.conf")), QSettings::IniFormat);
    CHECK(Translations::chosen(settings).isEmpty());
    CHECK(Translations::localeFor(QString()) == QLocale::system());
    CHECK(Translations::localeFor(QStringLiteral("de")).language() == QLocale::German);

    veil::app::LanguageMenu menu(nullptr, &settings);
    QAction* german = nullptr;
    QAction* system = nullptr;
    for (QAction* action : menu.actions()) {
        if (action->data().toString() == QStringLiteral("de")) {
            german = action;
        } else if (!action->isSeparator() && action->data().toString().isEmpty()) {
            system = action;
        }
    }
    REQUIRE(german);
    REQUIRE(system);
    CHECK(system->isChecked());
    german->trigger();
    CHECK(Translations::chosen(settings) == QStringLiteral("de"));
    CHECK(german->isChecked());
    system->trigger();
    CHECK(Translations::chosen(settings).isEmpty());
    for (QWidget* w : QApplication::topLevelWidgets()) {
        if (w->inherits("QMessageBox")) {
            w->close();
        }
    }
}

TEST_CASE("veil --help is translated when the system language is German", "[translations]")
{
    QTemporaryDir dir;
    QProcess veil;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LANGUAGE"), QStringLiteral("de"));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("de_DE.UTF-8"));
    env.insert(QStringLiteral("LANG"), QStringLiteral("de_DE.UTF-8"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.path());
    veil.setProcessEnvironment(env);
    veil.start(QStringLiteral(VEIL_PATH), {QStringLiteral("--help")});
    REQUIRE(veil.waitForFinished(30000));
    CHECK(veil.exitCode() == 0);
    const QString help = QString::fromUtf8(veil.readAllStandardOutput());
    INFO(help.toStdString());
    CHECK(help.contains(QStringLiteral("datenschutzbewusste Oberfläche")));
    CHECK(help.contains(QStringLiteral("Version ausgeben und beenden.")));
}
