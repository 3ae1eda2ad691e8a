#include "veil/AuditLogDialog.h"

#include "veil/HistoryClient.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace veil::app {

AuditLogDialog::AuditLogDialog(HistoryClient* history, QWidget* parent)
    : QDialog(parent)
    , m_history(history)
{
    setWindowTitle(tr("Audit log"));
    setModal(false);

    m_model = new QStandardItemModel(0, 3, this);
    m_model->setHorizontalHeaderLabels({tr("Time"), tr("Kind"), tr("Details")});
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("auditFilter"));
    m_filter->setPlaceholderText(tr("Filter by kind or details"));
    m_filter->setAccessibleName(tr("Filter the audit log"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("auditTable"));
    m_table->setAccessibleName(tr("Audit log entries"));
    m_table->setModel(m_proxy);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);

    m_verify = new QPushButton(tr("&Verify chain"), this);
    m_verify->setObjectName(QStringLiteral("verifyChain"));
    connect(m_verify, &QPushButton::clicked, this, &AuditLogDialog::verifyChain);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("auditStatus"));
    m_status->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_status, 1);
    bottom->addWidget(m_verify);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_filter);
    layout->addWidget(m_table, 1);
    layout->addLayout(bottom);
    layout->addWidget(buttons);
    resize(820, 520);

    if (m_history) {
        connect(m_history, &HistoryClient::auditListed, this, &AuditLogDialog::showEntries);
        connect(m_history, &HistoryClient::auditVerified, this, [this](bool intact, const QString& sentence) {
            m_verify->setEnabled(true);
            m_status->setText(sentence);
            Q_EMIT verified(intact);
        });
        connect(m_history, &HistoryClient::stateChanged, this, &AuditLogDialog::reload);
    }
    reload();
}

void AuditLogDialog::reload()
{
    if (!m_history || m_history->state() != HistoryClient::State::Open) {
        m_status->setText(tr("The history is not open, so there is no audit log to show."));
        m_verify->setEnabled(false);
        return;
    }
    m_verify->setEnabled(true);
    m_status->setText(tr("Reading the audit log…"));
    m_history->listAuditEntries();
}

void AuditLogDialog::verifyChain()
{
    if (!m_history) {
        return;
    }
    m_verify->setEnabled(false);
    m_status->setText(tr("Checking the audit chain…"));
    m_history->verifyAudit();
}

int AuditLogDialog::visibleRows() const
{
    return m_proxy->rowCount();
}

QString AuditLogDialog::statusText() const
{
    return m_status->text();
}

void AuditLogDialog::showEntries(const QList<audit::AuditEntry>& entries)
{
    m_model->removeRows(0, m_model->rowCount());
    for (const audit::AuditEntry& entry : entries) {
        auto* time = new QStandardItem(
            QLocale().toString(QDateTime::fromMSecsSinceEpoch(entry.at).toLocalTime(), QLocale::ShortFormat));
        time->setData(QVariant(qlonglong(entry.seq)), Qt::UserRole);
        m_model->appendRow({time, new QStandardItem(entry.kind), new QStandardItem(QString::fromUtf8(entry.details))});
    }
    m_table->resizeColumnToContents(0);
    m_table->resizeColumnToContents(1);
    m_status->setText(tr("%n entry(s).", nullptr, int(entries.size())));
    Q_EMIT entriesShown(int(entries.size()));
}

} // namespace veil::app
