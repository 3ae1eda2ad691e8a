#include "veil/AppearanceMenu.h"

#include "veil/Appearance.h"

#include <QActionGroup>
#include <QSettings>

namespace veil::app {

AppearanceMenu::AppearanceMenu(QWidget* parent, QSettings* settings)
    : QMenu(tr("&Appearance"), parent)
    , m_settings(settings)
{
    if (!m_settings) {
        m_ownSettings = std::make_unique<QSettings>();
        m_settings = m_ownSettings.get();
    }
    auto* group = new QActionGroup(this);
    const Appearance::Scheme current = Appearance::chosen(*m_settings);
    for (const auto& [scheme, label, name] :
         {std::tuple{Appearance::Scheme::System, tr("&System"), QStringLiteral("appearanceSystem")},
          std::tuple{Appearance::Scheme::Light, tr("&Light"), QStringLiteral("appearanceLight")},
          std::tuple{Appearance::Scheme::Dark, tr("&Dark"), QStringLiteral("appearanceDark")}}) {
        QAction* action = addAction(label);
        action->setObjectName(name);
        action->setCheckable(true);
        action->setChecked(scheme == current);
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, scheme = scheme] {
            Appearance::choose(*m_settings, scheme);
            Appearance::apply(scheme);
        });
    }
}

AppearanceMenu::~AppearanceMenu() = default;

} // namespace veil::app
