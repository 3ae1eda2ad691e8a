#pragma once

#include "history/HistoryStore.h"

#include <QList>
#include <QWidget>

#include <functional>
#include <optional>

class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QTimer;

namespace veil::app {

/// The conversation list on the left: newest first, a search box that filters through the history's
/// full-text search as you type (debounced; the query itself runs off the GUI thread in HistoryClient), New,
/// Rename (F2, or the context menu) and Delete.
///
/// Deleting is undoable for a few seconds: removeWithUndo() hides the conversation at once and shows an Undo bar;
/// only when that time has passed (or commitPendingDeletion() is called, say on quit, or another conversation
/// is deleted) does deletionConfirmed() ask for the real deletion. Where the policy sets a retention period,
/// each row shows how many days are left before retention purges it.
class ConversationList : public QWidget
{
    Q_OBJECT

public:
    using Clock = std::function<qint64()>; ///< milliseconds since the Unix epoch

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

    /// Conversations untouched for `days` days are purged by retention; each row then shows its countdown.
    void setRetentionDays(std::optional<int> days);
    /// The countdown shown in row `row` ("12 days left"); empty without retention.
    QString retentionAt(int row) const;
    /// The clock the countdown is computed with (tests); the system clock by default.
    void setClock(Clock clock);

    /// Hides `id` and offers Undo for undoDelay(); deletionConfirmed(id) follows unless undone. A deletion still
    /// pending is confirmed first.
    void removeWithUndo(qint64 id);
    /// Brings the pending deletion back (nothing pending: nothing happens).
    void undoDeletion();
    /// Confirms the pending deletion now, without waiting (on quit).
    void commitPendingDeletion();
    std::optional<qint64> pendingDeletion() const { return m_pendingDelete; }
    void setUndoDelay(int milliseconds);
    /// Starts editing the selected conversation's title in place.
    void renameSelected();

Q_SIGNALS:
    void filterChanged(const QString& filter);
    void conversationSelected(qint64 id);
    /// The user asked to delete `id` (button, Delete key or context menu); the window decides and calls
    /// removeWithUndo().
    void deleteRequested(qint64 id);
    /// The Undo time for `id` has passed: delete it for real.
    void deletionConfirmed(qint64 id);
    void renameRequested(qint64 id, const QString& title);
    void newConversationRequested();

private:
    void requestDelete();
    void onItemChanged(QListWidgetItem* item);
    void updateCountdowns();
    QListWidgetItem* itemFor(qint64 id) const;

    QLineEdit* m_search = nullptr;
    QListWidget* m_list = nullptr;
    QPushButton* m_new = nullptr;
    QPushButton* m_delete = nullptr;
    QWidget* m_undoBar = nullptr;
    QLabel* m_undoLabel = nullptr;
    QPushButton* m_undo = nullptr;
    QTimer* m_searchDelay = nullptr;
    QTimer* m_undoTimer = nullptr;
    QTimer* m_countdownTimer = nullptr;
    Clock m_clock;
    std::optional<int> m_retentionDays;
    std::optional<qint64> m_pendingDelete;
    bool m_updating = false;
};

} // namespace veil::app
