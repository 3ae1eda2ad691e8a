#include "veil/FirstRunPage.h"

#include <QFont>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace veil::app {

FirstRunPage::FirstRunPage(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("firstRun"));
    auto* title = new QLabel(tr("Welcome to Veil"), this);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    title->setFont(big);
    auto* about = new QLabel(tr("Veil replaces secrets and personal data in your prompts with placeholders on this "
                                "machine before anything is sent, and puts them back into the replies only here. "
                                "Your API keys stay in the system keychain and your history in an encrypted "
                                "database."),
                             this);
    about->setObjectName(QStringLiteral("firstRunAbout"));
    about->setWordWrap(true);
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("firstRunState"));
    m_state->setWordWrap(true);
    m_state->setAccessibleName(tr("Who manages this installation"));

    m_addProvider = new QPushButton(tr("&Add a provider…"), this);
    m_addProvider->setObjectName(QStringLiteral("addProvider"));
    m_addProvider->setAccessibleName(tr("Add an AI provider and its key"));
    m_tryInspector = new QPushButton(tr("&Try the inspector"), this);
    m_tryInspector->setObjectName(QStringLiteral("tryInspector"));
    m_tryInspector->setAccessibleName(tr("Try the inspector, which sends nothing"));
    m_tryInspector->setToolTip(tr("The inspector answers with exactly what would leave this machine, and sends "
                                  "nothing anywhere."));
    connect(m_addProvider, &QPushButton::clicked, this, &FirstRunPage::addProviderRequested);
    connect(m_tryInspector, &QPushButton::clicked, this, &FirstRunPage::tryInspectorRequested);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_addProvider);
    buttons->addWidget(m_tryInspector);
    buttons->addStretch(1);
    auto* column = new QVBoxLayout;
    column->addWidget(title);
    column->addSpacing(8);
    column->addWidget(about);
    column->addWidget(m_state);
    column->addSpacing(8);
    column->addLayout(buttons);
    auto* centred = new QWidget(this);
    centred->setLayout(column);
    centred->setMaximumWidth(560);
    auto* layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addWidget(centred, 0, Qt::AlignHCenter);
    layout->addStretch(2);
    setFocusProxy(m_tryInspector);
}

void FirstRunPage::setPolicyState(bool managed, const QString& summary)
{
    m_state->setText(managed ? tr("This installation is managed: %1. Your organization decides which providers "
                                  "and rules apply.")
                                   .arg(summary)
                             : tr("This installation is unmanaged: the built-in rules apply, and you choose your "
                                  "providers."));
}

QString FirstRunPage::stateText() const
{
    return m_state->text();
}

} // namespace veil::app
