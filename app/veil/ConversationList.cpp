#include "veil/ConversationList.h"

#include <QAction>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPainter>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

namespace veil::app {

namespace {

constexpr int kSearchDelayMs = 120;
constexpr int kUndoDelayMs = 8000;
constexpr qint64 kDayMs = 24 * 60 * 60 * 1000;

constexpr int kIdRole = Qt::UserRole;
constexpr int kTitleRole = Qt::UserRole + 1; ///< the stored title (the shown text may be "(untitled)")
constexpr int kUpdatedRole = Qt::UserRole + 2;
constexpr int kCountdownRole = Qt::UserRole + 3;

/// Paints a row's title, elided, with its retention countdown right-aligned in a muted colour.
class CountdownDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        const QString countdown = index.data(kCountdownRole).toString();
        if (countdown.isEmpty()) {
            QStyledItemDelegate::paint(painter, option, index);
            return;
        }
        QStyleOptionViewItem opt(option);
        initStyleOption(&opt, index);
        const int margin = opt.fontMetrics.horizontalAdvance(QLatin1Char(' ')) * 2;
        const int countdownWidth = opt.fontMetrics.horizontalAdvance(countdown) + margin;
        opt.text = opt.fontMetrics.elidedText(opt.text, Qt::ElideRight, std::max(0, opt.rect.width() - countdownWidth));
        const QWidget* widget = opt.widget;
        QStyle* style = widget ? widget->style() : nullptr;
        if (!style) {
            QStyledItemDelegate::paint(painter, option, index);
            return;
        }
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
        painter->save();
        const bool selected = opt.state.testFlag(QStyle::State_Selected);
        painter->setPen(opt.palette.color(selected ? QPalette::HighlightedText : QPalette::PlaceholderText));
        painter->drawText(opt.rect.adjusted(0, 0, -margin / 2, 0), Qt::AlignRight | Qt::AlignVCenter, countdown);
        painter->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        const QString countdown = index.data(kCountdownRole).toString();
        if (!countdown.isEmpty()) {
            size.rwidth() += option.fontMetrics.horizontalAdvance(countdown) * 2;
        }
        return size;
    }
};

} // namespace

ConversationList::ConversationList(QWidget* parent)
    : QWidget(parent)
    , m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
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
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers); // F2 and the context menu start editing
    m_list->setItemDelegate(new CountdownDelegate(m_list));
    m_list->setContextMenuPolicy(Qt::ActionsContextMenu);

    m_new = new QPushButton(tr("&New"), this);
    m_new->setObjectName(QStringLiteral("newConversation"));
    m_new->setAccessibleName(tr("New conversation"));
    m_delete = new QPushButton(tr("&Delete"), this);
    m_delete->setObjectName(QStringLiteral("deleteConversation"));
    m_delete->setAccessibleName(tr("Delete the selected conversation"));
    m_delete->setEnabled(false);

    m_undoBar = new QWidget(this);
    m_undoBar->setObjectName(QStringLiteral("undoBar"));
    m_undoLabel = new QLabel(m_undoBar);
    m_undoLabel->setWordWrap(true);
    m_undo = new QPushButton(tr("&Undo"), m_undoBar);
    m_undo->setObjectName(QStringLiteral("undoDelete"));
    m_undo->setAccessibleName(tr("Undo the deletion"));
    auto* undoLayout = new QHBoxLayout(m_undoBar);
    undoLayout->setContentsMargins(0, 0, 0, 0);
    undoLayout->addWidget(m_undoLabel, 1);
    undoLayout->addWidget(m_undo);
    m_undoBar->hide();

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
    layout->addWidget(m_undoBar);
    layout->addLayout(buttons);

    auto* rename = new QAction(tr("&Rename"), this);
    rename->setShortcut(Qt::Key_F2);
    rename->setShortcutContext(Qt::WidgetShortcut);
    m_list->addAction(rename);
    connect(rename, &QAction::triggered, this, &ConversationList::renameSelected);
    auto* deleteKey = new QAction(tr("&Delete"), this);
    deleteKey->setShortcut(QKeySequence::Delete);
    deleteKey->setShortcutContext(Qt::WidgetShortcut);
    m_list->addAction(deleteKey);
    connect(deleteKey, &QAction::triggered, this, &ConversationList::requestDelete);
    auto* undoKey = new QAction(this);
    undoKey->setShortcut(QKeySequence::Undo);
    undoKey->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(undoKey);
    connect(undoKey, &QAction::triggered, this, &ConversationList::undoDeletion);

    m_searchDelay = new QTimer(this);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(kSearchDelayMs);
    m_undoTimer = new QTimer(this);
    m_undoTimer->setSingleShot(true);
    m_undoTimer->setInterval(kUndoDelayMs);
    m_countdownTimer = new QTimer(this);
    m_countdownTimer->setInterval(60 * 60 * 1000); // hourly, so that the days left tick over
    connect(m_countdownTimer, &QTimer::timeout, this, &ConversationList::updateCountdowns);
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_searchDelay, &QTimer::timeout, this, [this] { Q_EMIT filterChanged(m_search->text()); });
    connect(m_list, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* current) {
        m_delete->setEnabled(current != nullptr);
        if (current && !m_updating) {
            Q_EMIT conversationSelected(current->data(kIdRole).toLongLong());
        }
    });
    connect(m_list, &QListWidget::itemChanged, this, &ConversationList::onItemChanged);
    connect(m_new, &QPushButton::clicked, this, &ConversationList::newConversationRequested);
    connect(m_delete, &QPushButton::clicked, this, &ConversationList::requestDelete);
    connect(m_undo, &QPushButton::clicked, this, &ConversationList::undoDeletion);
    connect(m_undoTimer, &QTimer::timeout, this, &ConversationList::commitPendingDeletion);
}

void ConversationList::setConversations(const QList<history::Conversation>& conversations)
{
    const auto selected = m_list->currentItem()
        ? std::optional<qint64>(m_list->currentItem()->data(kIdRole).toLongLong())
        : std::nullopt;
    m_updating = true;
    m_list->clear();
    for (const history::Conversation& conversation : conversations) {
        if (m_pendingDelete == conversation.id) {
            continue; // deleted, though Undo may still bring it back
        }
        auto* item = new QListWidgetItem(conversation.title.isEmpty() ? tr("(untitled)") : conversation.title);
        item->setFlags(item->flags() | Qt::ItemIsEditable);
        item->setData(kIdRole, qint64(conversation.id));
        item->setData(kTitleRole, conversation.title);
        item->setData(kUpdatedRole, qint64(conversation.updatedAt));
        m_list->addItem(item);
    }
    updateCountdowns();
    m_updating = false;
    select(selected);
}

void ConversationList::select(std::optional<qint64> id)
{
    m_updating = true;
    m_list->setCurrentItem(id ? itemFor(*id) : nullptr);
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
    return m_list->item(row)->data(kIdRole).toLongLong();
}

void ConversationList::setRetentionDays(std::optional<int> days)
{
    m_retentionDays = days;
    const bool wasUpdating = m_updating;
    m_updating = true;
    updateCountdowns();
    m_updating = wasUpdating;
    if (days) {
        m_countdownTimer->start();
    } else {
        m_countdownTimer->stop();
    }
}

QString ConversationList::retentionAt(int row) const
{
    return row >= 0 && row < m_list->count() ? m_list->item(row)->data(kCountdownRole).toString() : QString();
}

void ConversationList::setClock(Clock clock)
{
    m_clock = std::move(clock);
    updateCountdowns();
}

void ConversationList::updateCountdowns()
{
    const bool wasUpdating = m_updating;
    m_updating = true; // data changes are not renames
    const qint64 now = m_clock();
    for (int row = 0; row < m_list->count(); ++row) {
        QListWidgetItem* item = m_list->item(row);
        const qint64 updated = item->data(kUpdatedRole).toLongLong();
        const QString changed
            = tr("Last change: %1")
                  .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(updated), QLocale::ShortFormat));
        if (!m_retentionDays) {
            item->setData(kCountdownRole, QString());
            item->setToolTip(changed);
            item->setData(Qt::AccessibleDescriptionRole, changed);
            continue;
        }
        // Retention purges what was last changed more than N days ago: the days left, rounded up.
        const qint64 left = updated + qint64(*m_retentionDays) * kDayMs - now;
        const int days = left <= 0 ? 0 : int((left + kDayMs - 1) / kDayMs);
        const QString countdown = days == 0 ? tr("due now") : tr("%n day(s) left", nullptr, days);
        const QString explained = days == 0
            ? tr("The retention policy deletes this conversation at its next run.")
            : tr("The retention policy deletes this conversation in %n day(s) unless it changes.", nullptr, days);
        item->setData(kCountdownRole, countdown);
        item->setToolTip(changed + QLatin1Char('\n') + explained);
        item->setData(Qt::AccessibleDescriptionRole, explained);
    }
    m_updating = wasUpdating;
}

void ConversationList::removeWithUndo(qint64 id)
{
    commitPendingDeletion();
    QListWidgetItem* item = itemFor(id);
    const QString title = item ? item->text() : tr("(untitled)");
    m_updating = true;
    delete item; // setConversations() keeps it out until the deletion is confirmed or undone
    m_delete->setEnabled(m_list->currentItem() != nullptr);
    m_updating = false;
    m_pendingDelete = id;
    m_undoLabel->setText(tr("\"%1\" deleted.").arg(title));
    m_undoBar->show();
    m_undoTimer->start();
}

void ConversationList::undoDeletion()
{
    if (!m_pendingDelete) {
        return;
    }
    m_undoTimer->stop();
    m_pendingDelete.reset();
    m_undoBar->hide();
    Q_EMIT filterChanged(m_search->text()); // the list comes back from the history, the conversation with it
}

void ConversationList::commitPendingDeletion()
{
    m_undoTimer->stop();
    m_undoBar->hide();
    if (const auto id = std::exchange(m_pendingDelete, std::nullopt)) {
        Q_EMIT deletionConfirmed(*id);
    }
}

void ConversationList::setUndoDelay(int milliseconds)
{
    m_undoTimer->setInterval(milliseconds);
}

void ConversationList::renameSelected()
{
    QListWidgetItem* item = m_list->currentItem();
    if (!item) {
        return;
    }
    m_list->setFocus();
    m_list->editItem(item);
}

void ConversationList::requestDelete()
{
    if (QListWidgetItem* item = m_list->currentItem()) {
        Q_EMIT deleteRequested(item->data(kIdRole).toLongLong());
    }
}

void ConversationList::onItemChanged(QListWidgetItem* item)
{
    if (m_updating) {
        return;
    }
    const QString title = item->text().simplified();
    const QString stored = item->data(kTitleRole).toString();
    if (title.isEmpty() || title == stored || (stored.isEmpty() && title == tr("(untitled)"))) {
        m_updating = true;
        item->setText(stored.isEmpty() ? tr("(untitled)") : stored); // nothing to rename to: put it back
        m_updating = false;
        return;
    }
    m_updating = true;
    item->setText(title);
    item->setData(kTitleRole, title);
    m_updating = false;
    Q_EMIT renameRequested(item->data(kIdRole).toLongLong(), title);
}

QListWidgetItem* ConversationList::itemFor(qint64 id) const
{
    for (int row = 0; row < m_list->count(); ++row) {
        if (m_list->item(row)->data(kIdRole).toLongLong() == id) {
            return m_list->item(row);
        }
    }
    return nullptr;
}

} // namespace veil::app
