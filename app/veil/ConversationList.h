#pragma once

#include "history/HistoryStore.h"

#include <QList>
#include <QWidget>

#include <optional>

class QLineEdit;
class QListWidget;
class QPushButton;
class QTimer;

namespace veil::app {

/// The conversation list on the left: newest first, a search box that filters through the history's
/// full-text search as you type (debounced; the query itself runs off the GUI thread in HistoryClient), and
/// New / Delete. Deleting asks first, in a window-modal message box opened without a nested event loop.
class ConversationList : public QWidget
{
    Q_OBJECT

public:
    explicit ConversationList(QWidget* parent = nullptr);

    /// Shows `conversations` (in the given order), keeping the selection when it is still there.
    void setConversations(const QList<history::Conversation>& conversations);
    /// Selects `id` without emitting conversationSelected (none: clears the selection).
    void select(std::optional<qint64> id);
    QString filter() const;
    int count() const;
    /// The title shown in row `row`.
    QString titleAt(int row) const;
    std::optional<qint64> idAt(int row) const;

Q_SIGNALS:
    void filterChanged(const QString& filter);
    void conversationSelected(qint64 id);
    void deleteRequested(qint64 id);
    void newConversationRequested();

private:
    void confirmDelete();

    QLineEdit* m_search = nullptr;
    QListWidget* m_list = nullptr;
    QPushButton* m_new = nullptr;
    QPushButton* m_delete = nullptr;
    QTimer* m_searchDelay = nullptr;
    bool m_updating = false;
};

} // namespace veil::app
