#pragma once

#include <QMenu>

#include <memory>

class QSettings;

namespace veil::app {

/// Settings > Appearance: System, Light, Dark (Appearance::Scheme), checked as chosen. A choice is saved and
/// applies at once.
class AppearanceMenu : public QMenu
{
    Q_OBJECT

public:
    /// `settings` is not owned and must outlive the menu; null: the application's QSettings.
    explicit AppearanceMenu(QWidget* parent = nullptr, QSettings* settings = nullptr);
    ~AppearanceMenu() override;

private:
    QSettings* m_settings;
    std::unique_ptr<QSettings> m_ownSettings;
};

} // namespace veil::app
