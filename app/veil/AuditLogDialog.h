#pragma once

#include "audit/AuditLog.h"

#include <QDialog>
#include <QList>
#include <QPointer>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTableView;

namespace veil::app {

class HistoryClient;

/// View > Audit log: the history's audit entries in a table (time, kind, details as canonical JSON text) with
/// a filter box over all columns, and "Verify chain", which walks the hash chain on HistoryClient's query
/// thread and says the result in one sentence. Modeless; reads through the HistoryClient, which may go away
/// first (QPointer).
class AuditLogDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AuditLogDialog(HistoryClient* history, QWidget* parent = nullptr);

    /// Reads the entries again.
    void reload();
    /// Starts the chain check (the "Verify chain" button); verified() follows.
    void verifyChain();

    QTableView* table() const { return m_table; }
    QLineEdit* filterEdit() const { return m_filter; }
    /// Rows shown after the filter.
    int visibleRows() const;
    /// The last sentence shown under the table.
    QString statusText() const;

Q_SIGNALS:
    void entriesShown(int count);
    void verified(bool intact);

private:
    void showEntries(const QList<veil::audit::AuditEntry>& entries);

    QPointer<HistoryClient> m_history;
    QStandardItemModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QTableView* m_table = nullptr;
    QLineEdit* m_filter = nullptr;
    QPushButton* m_verify = nullptr;
    QLabel* m_status = nullptr;
};

} // namespace veil::app
