// The conversation list on its own: retention countdowns, delete with undo, and renaming in place.
#include "veil/ConversationList.h"
#include "support/CatchQt.h"

#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using veil::app::ConversationList;
using veil::history::Conversation;

namespace {

constexpr qint64 kDay = 24 * 60 * 60 * 1000;
constexpr qint64 kNow = 1'800'000'000'000;

Conversation conversation(qint64 id, const QString& title, qint64 updatedAt)
{
    Conversation c;
    c.id = id;
    c.title = title;
    c.createdAt = updatedAt;
    c.updatedAt = updatedAt;
    return c;
}

QList<Conversation> sample()
{
    return {conversation(1, QStringLiteral("fresh"), kNow - kDay / 2),
            conversation(2, QStringLiteral("old"), kNow - 29 * kDay - kDay / 2),
            conversation(3, QStringLiteral("overdue"), kNow - 31 * kDay), conversation(4, QString(), kNow - 2 * kDay)};
}

/// The number in row `row`'s countdown ("30 days left"; without the translation files loaded, "30 day(s) left"),
/// or -1 when it names none.
int daysLeft(const ConversationList& list, int row)
{
    const QString text = list.retentionAt(row);
    if (!text.contains(QStringLiteral("left"))) {
        return -1;
    }
    bool ok = false;
    const int days = text.section(QLatin1Char(' '), 0, 0).toInt(&ok);
    return ok ? days : -1;
}

} // namespace

TEST_CASE("the list shows how many days retention leaves each conversation", "[gui][list]")
{
    ConversationList list;
    list.setClock([] { return kNow; });
    list.setConversations(sample());
    REQUIRE(list.count() == 4);
    CHECK(list.retentionAt(0).isEmpty()); // no retention: no countdown

    list.setRetentionDays(30);
    CHECK(daysLeft(list, 0) == 30); // rounded up: half a day gone
    CHECK(daysLeft(list, 1) == 1);
    CHECK(list.retentionAt(2) == QStringLiteral("due now"));
    CHECK(daysLeft(list, 3) == 28);
    CHECK(list.titleAt(3) == QStringLiteral("(untitled)"));

    // The clock moves on: the countdown follows.
    list.setClock([] { return kNow + 2 * kDay; });
    CHECK(daysLeft(list, 0) == 28);
    CHECK(list.retentionAt(1) == QStringLiteral("due now"));

    list.setRetentionDays(std::nullopt);
    CHECK(list.retentionAt(0).isEmpty());
}

TEST_CASE("a deleted conversation stays hidden until Undo, and is confirmed once the delay passes", "[gui][list]")
{
    ConversationList list;
    list.setConversations(sample());
    QSignalSpy confirmed(&list, &ConversationList::deletionConfirmed);
    QSignalSpy asked(&list, &ConversationList::filterChanged);
    QSignalSpy requested(&list, &ConversationList::deleteRequested);

    list.select(2);
    auto* deleteButton = list.findChild<QPushButton*>(QStringLiteral("deleteConversation"));
    REQUIRE(deleteButton);
    QTest::mouseClick(deleteButton, Qt::LeftButton);
    REQUIRE(requested.size() == 1); // the button only asks: the window decides
    CHECK(requested[0][0].toLongLong() == 2);
    CHECK(list.count() == 4);

    list.removeWithUndo(2);
    CHECK(list.count() == 3);
    CHECK(list.pendingDeletion() == 2);
    // A refresh from the history while Undo is offered keeps it hidden.
    list.setConversations(sample());
    CHECK(list.count() == 3);
    for (int row = 0; row < list.count(); ++row) {
        CHECK(list.idAt(row) != 2);
    }

    list.undoDeletion();
    CHECK_FALSE(list.pendingDeletion().has_value());
    CHECK(confirmed.isEmpty());
    CHECK(asked.size() == 1); // the list is read again, with the conversation
    list.setConversations(sample());
    CHECK(list.count() == 4);

    // Deleting a second one confirms the first at once; the second waits for its delay.
    list.removeWithUndo(1);
    list.removeWithUndo(3);
    REQUIRE(confirmed.size() == 1);
    CHECK(confirmed[0][0].toLongLong() == 1);
    CHECK(list.pendingDeletion() == 3);
    list.setUndoDelay(20);
    list.removeWithUndo(4);
    REQUIRE(confirmed.size() == 2);
    CHECK(confirmed[1][0].toLongLong() == 3);
    REQUIRE(confirmed.wait(2000));
    CHECK(confirmed[2][0].toLongLong() == 4);
    CHECK_FALSE(list.pendingDeletion().has_value());
    list.undoDeletion(); // too late: nothing happens
    CHECK(asked.size() == 1);

    list.removeWithUndo(2);
    list.commitPendingDeletion(); // on quit
    REQUIRE(confirmed.size() == 4);
    CHECK(confirmed[3][0].toLongLong() == 2);
}

TEST_CASE("an edited title is asked for once, trimmed, and a blank one is put back", "[gui][list]")
{
    ConversationList list;
    list.setConversations(sample());
    QSignalSpy renamed(&list, &ConversationList::renameRequested);
    auto* rows = list.findChild<QListWidget*>(QStringLiteral("conversations"));
    REQUIRE(rows);

    rows->item(1)->setText(QStringLiteral("  new   name "));
    REQUIRE(renamed.size() == 1);
    CHECK(renamed[0][0].toLongLong() == 2);
    CHECK(renamed[0][1].toString() == QStringLiteral("new name"));
    CHECK(list.titleAt(1) == QStringLiteral("new name"));

    rows->item(0)->setText(QStringLiteral("   "));
    CHECK(renamed.size() == 1);
    CHECK(list.titleAt(0) == QStringLiteral("fresh"));
    rows->item(3)->setText(QStringLiteral("(untitled)"));
    CHECK(renamed.size() == 1);

    // Countdown updates are not renames.
    list.setRetentionDays(7);
    CHECK(renamed.size() == 1);
}
