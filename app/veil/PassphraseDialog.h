#pragma once

#include <QDialog>
#include <QPointer>

class QLabel;
class QLineEdit;

namespace veil::app {

class HistoryClient;

/// Asks for the history's passphrase (passphrase mode) without blocking: a modeless dialog with a password line
/// edit. On Unlock the text is copied into a keychain::SecureBytes, the line edit is cleared at once, and the
/// passphrase goes to HistoryClient::unlock(); the dialog closes when the history opens and says so when the
/// passphrase was wrong. The HistoryClient may go away first (QPointer).
class PassphraseDialog : public QDialog
{
    Q_OBJECT

public:
    explicit PassphraseDialog(HistoryClient* history, QWidget* parent = nullptr);

    QLineEdit* passphraseEdit() const { return m_edit; }
    /// Hands the typed passphrase to the history (the Unlock button).
    void unlock();

private:
    void onHistoryState();

    QPointer<HistoryClient> m_history;
    QLabel* m_message = nullptr;
    QLineEdit* m_edit = nullptr;
};

} // namespace veil::app
