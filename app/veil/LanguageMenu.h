#pragma once

#include <QMenu>

#include <memory>

class QActionGroup;
class QSettings;

namespace veil::app {

/// Settings > Language: "System default" and one entry per shipped translation, checked as chosen. A choice is
/// saved (Translations::choose) and applies from the next start, which the menu says in a message.
class LanguageMenu : public QMenu
{
    Q_OBJECT

public:
    /// `settings` is not owned and must outlive the menu; null: the application's QSettings.
    explicit LanguageMenu(QWidget* parent = nullptr, QSettings* settings = nullptr);
    ~LanguageMenu() override;

Q_SIGNALS:
    /// The user chose `language` (empty: the system's).
    void languageChosen(const QString& language);

private:
    void choose(const QString& language);

    QSettings* m_settings;
    std::unique_ptr<QSettings> m_ownSettings;
    QActionGroup* m_group;
};

} // namespace veil::app
