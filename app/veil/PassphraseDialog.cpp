#include "veil/PassphraseDialog.h"

#include "keychain/SecureBytes.h"
#include "veil/HistoryClient.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <sodium.h>

namespace veil::app {

PassphraseDialog::PassphraseDialog(HistoryClient* history, QWidget* parent)
    : QDialog(parent)
    , m_history(history)
{
    setWindowTitle(tr("Unlock history"));
    setModal(false);
    m_message = new QLabel(tr("The history is protected by a passphrase. Enter it to open the history."), this);
    m_message->setWordWrap(true);
    m_message->setObjectName(QStringLiteral("passphraseMessage"));
    m_edit = new QLineEdit(this);
    m_edit->setObjectName(QStringLiteral("passphrase"));
    m_edit->setEchoMode(QLineEdit::Password);
    m_edit->setAccessibleName(tr("History passphrase"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton* unlockButton = buttons->addButton(tr("&Unlock"), QDialogButtonBox::AcceptRole);
    unlockButton->setObjectName(QStringLiteral("unlock"));
    unlockButton->setDefault(true);
    connect(unlockButton, &QPushButton::clicked, this, &PassphraseDialog::unlock);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addWidget(m_edit);
    layout->addWidget(buttons);

    if (m_history) {
        connect(m_history, &HistoryClient::stateChanged, this, &PassphraseDialog::onHistoryState);
    }
}

void PassphraseDialog::unlock()
{
    QByteArray utf8 = m_edit->text().toUtf8();
    m_edit->clear();
    keychain::SecureBytes passphrase = keychain::SecureBytes::copyOf(utf8);
    sodium_memzero(utf8.data(), size_t(utf8.size()));
    if (passphrase.isEmpty() || !m_history) {
        return;
    }
    m_message->setText(tr("Opening the history…"));
    m_history->unlock(std::move(passphrase));
}

void PassphraseDialog::onHistoryState()
{
    switch (m_history->state()) {
    case HistoryClient::State::NeedsPassphrase:
        m_message->setText(m_history->message());
        m_edit->setFocus();
        break;
    case HistoryClient::State::Open:
    case HistoryClient::State::Empty:
        accept();
        break;
    case HistoryClient::State::Failed:
    case HistoryClient::State::Unavailable:
        m_message->setText(m_history->message());
        break;
    case HistoryClient::State::Opening:
    case HistoryClient::State::Closed:
        break;
    }
}

} // namespace veil::app
