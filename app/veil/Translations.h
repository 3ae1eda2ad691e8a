#pragma once

#include <QLocale>
#include <QString>
#include <QStringList>

class QCoreApplication;
class QSettings;

namespace veil::app {

/// The user interface's language: the system locale's unless the user chose one in Settings > Language.
///
/// Translations are built into the program (qt_add_translations: `:/i18n/veil_LANG.qm`). The choice is kept in
/// QSettings under `ui/language` ("" or absent: follow the system; otherwise a language code such as "de")
/// and takes effect at the next start. Qt's own translations (standard dialog buttons) are loaded from Qt's
/// translations folder when they are installed.
class Translations
{
public:
    static constexpr const char* kSettingKey = "ui/language";

    /// The language codes Veil ships translations for, "en" first.
    static QStringList available();

    /// The language the user chose, empty when Veil follows the system locale.
    static QString chosen(const QSettings& settings);
    static void choose(QSettings& settings, const QString& language);

    /// The locale to use: the chosen language, else the system's (QLocale::system(), which honours LANG,
    /// LC_ALL and LC_MESSAGES).
    static QLocale localeFor(const QString& chosenLanguage);

    /// Installs Veil's (and Qt's) translators on `app` for `locale` and makes it the default QLocale. Returns
    /// the language whose translation was installed ("en" when nothing was needed or found).
    static QString install(QCoreApplication& app, const QLocale& locale);

    /// The name of a language in that language ("Deutsch"), for the menu.
    static QString nativeName(const QString& language);
};

} // namespace veil::app
