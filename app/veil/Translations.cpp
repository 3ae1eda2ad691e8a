#include "veil/Translations.h"

#include "common/AppLogging.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QSettings>
#include <QTranslator>

namespace veil::app {

QStringList Translations::available()
{
    QStringList languages{QStringLiteral("en")};
    const QStringList files
        = QDir(QStringLiteral(":/i18n")).entryList({QStringLiteral("veil_*.qm")}, QDir::Files, QDir::Name);
    for (const QString& file : files) {
        const QString language = file.mid(5, file.size() - 8); // veil_LANG.qm
        if (!languages.contains(language)) {
            languages.append(language);
        }
    }
    return languages;
}

QString Translations::chosen(const QSettings& settings)
{
    return settings.value(QLatin1String(kSettingKey)).toString();
}

void Translations::choose(QSettings& settings, const QString& language)
{
    if (language.isEmpty()) {
        settings.remove(QLatin1String(kSettingKey));
    } else {
        settings.setValue(QLatin1String(kSettingKey), language);
    }
}

QLocale Translations::localeFor(const QString& chosenLanguage)
{
    return chosenLanguage.isEmpty() ? QLocale::system() : QLocale(chosenLanguage);
}

QString Translations::install(QCoreApplication& app, const QLocale& locale)
{
    QLocale::setDefault(locale);
    QString installed = QStringLiteral("en");
    // The translators live as long as the application (they are its children).
    auto* veil = new QTranslator(&app);
    if (veil->load(locale, QStringLiteral("veil"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        QCoreApplication::installTranslator(veil);
        installed = veil->language().section(QLatin1Char('_'), 0, 0);
    } else {
        delete veil;
    }
    auto* qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
    } else {
        delete qt;
    }
    qCDebug(lcGui) << "user interface language" << locale.name() << "translation installed:" << installed;
    return installed;
}

QString Translations::nativeName(const QString& language)
{
    const QLocale locale(language);
    QString name = locale.nativeLanguageName();
    if (name.isEmpty()) {
        return language;
    }
    return name.left(1).toUpper() + name.mid(1);
}

} // namespace veil::app
