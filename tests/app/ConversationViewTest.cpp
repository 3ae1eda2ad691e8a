#include "widgets/ConversationView.h"
#include "support/CatchQt.h"

#include <QFontInfo>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextDocument>

using veil::app::ConversationView;
using veil::app::ViewMessage;

TEST_CASE("a streamed reply keeps characters split across pieces whole", "[gui][conversation]")
{
    ConversationView view;
    view.beginReply(QStringLiteral("inspector · inspector"));
    const QByteArray text = QStringLiteral("Grüße 😀 done").toUtf8();
    // Every split point, including inside the two- and four-byte sequences.
    for (qsizetype i = 0; i < text.size(); ++i) {
        view.appendReplyBytes(text.mid(i, 1));
    }
    view.endReply(ViewMessage::State::Complete);
    REQUIRE(view.messages().size() == 1);
    CHECK(view.messages().last().text == QStringLiteral("Grüße 😀 done"));
    CHECK(view.renderedText().contains(QStringLiteral("Grüße 😀 done")));
    CHECK_FALSE(view.isStreaming());
}

TEST_CASE("messages are rendered from Markdown with code blocks in a fixed-pitch font", "[gui][conversation]")
{
    ConversationView view;
    view.setMessages(
        {ViewMessage{
             ViewMessage::Role::User, QStringLiteral("**bold** question"), {}, ViewMessage::State::Complete, false},
         ViewMessage{ViewMessage::Role::Assistant, QStringLiteral("Try:\n\n```sh\nls -la\n```\n"),
                     QStringLiteral("p · m"), ViewMessage::State::Complete, false}});
    const QString rendered = view.renderedText();
    CHECK(rendered.contains(QStringLiteral("bold question")));
    CHECK_FALSE(rendered.contains(QStringLiteral("**")));
    CHECK_FALSE(rendered.contains(QStringLiteral("```")));
    auto* browser = view.findChild<QTextBrowser*>(QStringLiteral("conversation"));
    REQUIRE(browser);
    bool codeIsFixedPitch = false;
    for (QTextBlock block = browser->document()->begin(); block.isValid(); block = block.next()) {
        if (block.text() == QStringLiteral("ls -la")) {
            const QTextCharFormat format = block.begin().fragment().charFormat();
            codeIsFixedPitch = QFontInfo(format.font()).fixedPitch();
        }
    }
    CHECK(codeIsFixedPitch);
}

TEST_CASE("a cut-off reply says so and offers Retry", "[gui][conversation]")
{
    ConversationView view;
    view.show();
    view.beginReply(QStringLiteral("p · m"));
    view.appendReplyBytes("The first half");
    view.endReply(ViewMessage::State::CutOff, QStringLiteral("The connection was lost."));
    CHECK(view.messages().last().state == ViewMessage::State::CutOff);
    CHECK(view.renderedText().contains(QStringLiteral("cut off")));
    auto* retry = view.findChild<QPushButton*>(QStringLiteral("retry"));
    REQUIRE(retry);
    CHECK(retry->isVisible());
    QSignalSpy retried(&view, &ConversationView::retryRequested);
    QTest::mouseClick(retry, Qt::LeftButton);
    CHECK(retried.size() == 1);
}
