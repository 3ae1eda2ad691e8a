#include "veil/ConversationList.h"

#include <QAction>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace veil::app {

namespace {

constexpr int kSearchDelayMs = 120;

} // namespace

ConversationList::ConversationList(QWidget* parent)
    : QWidget(parent)
{
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("search"));
    m_search->setPlaceholderText(tr("Search history"));
    m_search->setAccessibleName(tr("Search history"));
    m_search->setClearButtonEnabled(true);

    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("conversations"));
    m_list->setAccessibleName(tr("Conversations"));
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);

    m_new = new QPushButton(tr("&New"), this);
    m_new->setObjectName(QStringLiteral("newConversation"));
    m_new->setAccessibleName(tr("New conversation"));
    m_delete = new QPushButton(tr("&Delete"), this);
    m_delete->setObjectName(QStringLiteral("deleteConversation"));
    m_delete->setAccessibleName(tr("Delete the selected conversation"));
    m_delete->setEnabled(false);

    auto* label = new QLabel(tr("&Conversations"), this);
    label->setBuddy(m_list);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_new);
    buttons->addWidget(m_delete);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search);
    layout->addWidget(label);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);

    auto* deleteKey = new QAction(this);
    deleteKey->setShortcut(QKeySequence::Delete);
    deleteKey->setShortcutContext(Qt::WidgetShortcut);
    m_list->addAction(deleteKey);
    connect(deleteKey, &QAction::triggered, this, &ConversationList::confirmDelete);

    m_searchDelay = new QTimer(this);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(kSearchDelayMs);
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_searchDelay, &QTimer::timeout, this, [this] { Q_EMIT filterChanged(m_search->text()); });
    connect(m_list, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* current) {
        m_delete->setEnabled(current != nullptr);
        if (current && !m_updating) {
            Q_EMIT conversationSelected(current->data(Qt::UserRole).toLongLong());
        }
    });
    connect(m_new, &QPushButton::clicked, this, &ConversationList::newConversationRequested);
    connect(m_delete, &QPushButton::clicked, this, &ConversationList::confirmDelete);
}

void ConversationList::setConversations(const QList<history::Conversation>& conversations)
{
    const auto selected = m_list->currentItem()
        ? std::optional<qint64>(m_list->currentItem()->data(Qt::UserRole).toLongLong())
        : std::nullopt;
    m_updating = true;
    m_list->clear();
    for (const history::Conversation& conversation : conversations) {
        auto* item = new QListWidgetItem(conversation.title.isEmpty() ? tr("(untitled)") : conversation.title);
        item->setData(Qt::UserRole, qint64(conversation.id));
        item->setToolTip(
            tr("Last change: %1")
                .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(conversation.updatedAt), QLocale::ShortFormat)));
        m_list->addItem(item);
    }
    m_updating = false;
    select(selected);
}

void ConversationList::select(std::optional<qint64> id)
{
    m_updating = true;
    m_list->setCurrentItem(nullptr);
    if (id) {
        for (int row = 0; row < m_list->count(); ++row) {
            if (m_list->item(row)->data(Qt::UserRole).toLongLong() == *id) {
                m_list->setCurrentRow(row);
                break;
            }
        }
    }
    m_delete->setEnabled(m_list->currentItem() != nullptr);
    m_updating = false;
}

QString ConversationList::filter() const
{
    return m_search->text();
}

int ConversationList::count() const
{
    return m_list->count();
}

QString ConversationList::titleAt(int row) const
{
    return row >= 0 && row < m_list->count() ? m_list->item(row)->text() : QString();
}

std::optional<qint64> ConversationList::idAt(int row) const
{
    if (row < 0 || row >= m_list->count()) {
        return std::nullopt;
    }
    return m_list->item(row)->data(Qt::UserRole).toLongLong();
}

void ConversationList::confirmDelete()
{
    QListWidgetItem* item = m_list->currentItem();
    if (!item) {
        return;
    }
    const qint64 id = item->data(Qt::UserRole).toLongLong();
    auto* box = new QMessageBox(QMessageBox::Question, tr("Delete conversation"),
                                tr("Delete \"%1\" with all its messages and the values behind its placeholders? "
                                   "This cannot be undone.")
                                    .arg(item->text()),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPointer<ConversationList> self(this);
    connect(box, &QMessageBox::finished, this, [self, id](int result) {
        if (self && result == QMessageBox::Yes) {
            Q_EMIT self->deleteRequested(id);
        }
    });
    box->open();
}

} // namespace veil::app
