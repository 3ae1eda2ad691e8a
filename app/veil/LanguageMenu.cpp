#include "veil/LanguageMenu.h"

#include "veil/Translations.h"

#include <QActionGroup>
#include <QMessageBox>
#include <QSettings>

namespace veil::app {

LanguageMenu::LanguageMenu(QWidget* parent, QSettings* settings)
    : QMenu(tr("&Language"), parent)
    , m_settings(settings)
    , m_group(new QActionGroup(this))
{
    if (!m_settings) {
        m_ownSettings = std::make_unique<QSettings>();
        m_settings = m_ownSettings.get();
    }
    const QString current = Translations::chosen(*m_settings);
    QAction* system = addAction(tr("&System default"));
    system->setData(QString());
    addSeparator();
    for (const QString& language : Translations::available()) {
        QAction* action = addAction(Translations::nativeName(language));
        action->setData(language);
    }
    for (QAction* action : actions()) {
        if (action->isSeparator()) {
            continue;
        }
        action->setCheckable(true);
        action->setChecked(action->data().toString() == current);
        m_group->addAction(action);
        connect(action, &QAction::triggered, this, [this, action] { choose(action->data().toString()); });
    }
}

LanguageMenu::~LanguageMenu() = default;

void LanguageMenu::choose(const QString& language)
{
    Translations::choose(*m_settings, language);
    m_settings->sync();
    Q_EMIT languageChosen(language);
    auto* box = new QMessageBox(QMessageBox::Information, tr("Language"),
                                tr("Veil uses the new language from the next start."), QMessageBox::Ok, parentWidget());
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open(); // window-modal, without a nested event loop
}

} // namespace veil::app
