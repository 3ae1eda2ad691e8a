#pragma once

#include "history/HistoryStore.h"

#include <QDialog>
#include <QList>
#include <QPointer>

#include <optional>

class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace veil::keychain {
class SecretStore;
}

namespace veil::app {

class HistoryClient;

/// Settings > Workspaces: create and remove workspaces, and edit each one's context (instructions and pinned
/// snippets sent, redacted like the prompt, with every prompt in that workspace). The workspaces live in the
/// history (through HistoryClient, off the GUI thread); a context lives in the keychain (kind context, named
/// after its workspace, at most 64 KiB) and is read and written with asynchronous keychain jobs. Removing a
/// workspace asks first: it deletes its conversations and its context. Modeless.
class WorkspacesDialog : public QDialog
{
    Q_OBJECT

public:
    WorkspacesDialog(HistoryClient* history, keychain::SecretStore& secrets, QWidget* parent = nullptr);

    /// Creates a workspace named as the name field says (the Add button).
    void addWorkspace();
    /// Saves the context editor's text for the selected workspace (empty: removes it).
    void saveContext();
    /// Removes the selected workspace after asking (`confirmed`: without asking).
    void removeSelected(bool confirmed = false);

    QListWidget* list() const { return m_list; }
    QLineEdit* nameEdit() const { return m_name; }
    QPlainTextEdit* contextEdit() const { return m_context; }
    QString statusText() const;

Q_SIGNALS:
    /// The workspaces were read and are shown.
    void workspacesShown();
    /// The selected workspace's context was read (and is in the editor).
    void contextLoaded();
    /// A context was saved or removed (`ok`: it worked; statusText() says what happened).
    void contextSaved(bool ok);

private:
    void showWorkspaces(const QList<history::Workspace>& workspaces);
    void loadContext();
    void updateSize();
    std::optional<history::Workspace> selected() const;

    QPointer<HistoryClient> m_history;
    keychain::SecretStore& m_secrets;
    QList<history::Workspace> m_workspaces;
    QListWidget* m_list = nullptr;
    QLineEdit* m_name = nullptr;
    QPushButton* m_add = nullptr;
    QPushButton* m_remove = nullptr;
    QPlainTextEdit* m_context = nullptr;
    QLabel* m_size = nullptr;
    QPushButton* m_save = nullptr;
    QLabel* m_status = nullptr;
    QString m_selectAfterList; ///< select this workspace once the list arrives (just created)
    quint64 m_contextGeneration = 0;
};

} // namespace veil::app
