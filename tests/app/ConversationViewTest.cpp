#include "widgets/ConversationView.h"
#include "support/CatchQt.h"

#include <QClipboard>
#include <QFontInfo>
#include <QGuiApplication>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextDocument>
#include <QTextFragment>
#include <QUrl>

#include <algorithm>

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

namespace {

/// Every action link (scheme veil:) in the rendered conversation, in document order.
QStringList actionLinks(ConversationView& view)
{
    QStringList links;
    auto* browser = view.findChild<QTextBrowser*>(QStringLiteral("conversation"));
    for (QTextBlock block = browser->document()->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QString href = it.fragment().charFormat().anchorHref();
            if (it.fragment().charFormat().isAnchor() && href.startsWith(QStringLiteral("veil:"))) {
                links << href;
            }
        }
    }
    return links;
}

/// Clicks a link the way QTextBrowser reports one.
void click(ConversationView& view, const QString& href)
{
    auto* browser = view.findChild<QTextBrowser*>(QStringLiteral("conversation"));
    QMetaObject::invokeMethod(browser, "anchorClicked", Qt::DirectConnection, Q_ARG(QUrl, QUrl(href)));
}

} // namespace

TEST_CASE("messages offer copy, edit and regenerate as links, and a copy of restored values is marked secret",
          "[gui][conversation][actions]")
{
    ConversationView view;
    view.setMessages({ViewMessage{ViewMessage::Role::User,
                                  QStringLiteral("Mail jane.roe@northwind-traders.com"),
                                  {},
                                  ViewMessage::State::Complete,
                                  false,
                                  true},
                      ViewMessage{ViewMessage::Role::Assistant,
                                  QStringLiteral("Run:\n\n```sh\nls -la\ncd /srv\n```\n\nand then\n\n```\nmake\n```\n"),
                                  QStringLiteral("p · m"), ViewMessage::State::Complete, false, false}});
    CHECK(actionLinks(view)
          == QStringList({QStringLiteral("veil:copy/0"), QStringLiteral("veil:edit/0"), QStringLiteral("veil:copy/1"),
                          QStringLiteral("veil:regenerate/1"), QStringLiteral("veil:copy-code/1/0"),
                          QStringLiteral("veil:copy-code/1/1")}));
    QClipboard* clipboard = QGuiApplication::clipboard();
    QSignalSpy copied(&view, &ConversationView::copied);

    SECTION("copying a message with restored values carries the password-manager hint")
    {
        click(view, QStringLiteral("veil:copy/0"));
        REQUIRE(copied.size() == 1);
        CHECK(copied[0][0].toBool());
        CHECK(clipboard->text() == QStringLiteral("Mail jane.roe@northwind-traders.com"));
        REQUIRE(clipboard->mimeData() != nullptr);
        CHECK(clipboard->mimeData()->data(QString::fromLatin1(ConversationView::kPasswordManagerHint)) == "secret");
    }
    SECTION("copying a plain reply, or one code block of it, carries no hint")
    {
        click(view, QStringLiteral("veil:copy/1"));
        REQUIRE(copied.size() == 1);
        CHECK_FALSE(copied[0][0].toBool());
        CHECK(clipboard->text().startsWith(QStringLiteral("Run:")));
        CHECK_FALSE(clipboard->mimeData()->hasFormat(QString::fromLatin1(ConversationView::kPasswordManagerHint)));
        click(view, QStringLiteral("veil:copy-code/1/0"));
        CHECK(clipboard->text() == QStringLiteral("ls -la\ncd /srv"));
        click(view, QStringLiteral("veil:copy-code/1/1"));
        CHECK(clipboard->text() == QStringLiteral("make"));
        CHECK(copied.size() == 3);
    }
    SECTION("edit asks for the user's own message, regenerate for the last reply")
    {
        QSignalSpy edit(&view, &ConversationView::editRequested);
        QSignalSpy regenerate(&view, &ConversationView::regenerateRequested);
        click(view, QStringLiteral("veil:edit/0"));
        REQUIRE(edit.size() == 1);
        CHECK(edit[0][0].toInt() == 0);
        CHECK(edit[0][1].toString() == QStringLiteral("Mail jane.roe@northwind-traders.com"));
        click(view, QStringLiteral("veil:regenerate/1"));
        REQUIRE(regenerate.size() == 1);
        CHECK(regenerate[0][0].toInt() == 1);
        // Forged or stale links do nothing.
        click(view, QStringLiteral("veil:edit/1"));
        click(view, QStringLiteral("veil:regenerate/0"));
        click(view, QStringLiteral("veil:copy/7"));
        click(view, QStringLiteral("https://example.com/"));
        CHECK(edit.size() == 1);
        CHECK(regenerate.size() == 1);
        CHECK(copied.isEmpty());
    }
    SECTION("a new exchange moves Regenerate to the newest reply; none while it streams")
    {
        view.appendMessage(ViewMessage{
            ViewMessage::Role::User, QStringLiteral("And now?"), {}, ViewMessage::State::Complete, false, false});
        view.beginReply(QStringLiteral("p · m"));
        view.appendReplyBytes("Working");
        CHECK_FALSE(actionLinks(view).contains(QStringLiteral("veil:regenerate/1")));
        CHECK_FALSE(actionLinks(view).contains(QStringLiteral("veil:copy/3")));
        view.endReply(ViewMessage::State::Complete);
        const QStringList links = actionLinks(view);
        CHECK(links.count(QStringLiteral("veil:regenerate/3")) == 1);
        CHECK(std::none_of(links.begin(), links.end(), [](const QString& l) {
            return l.startsWith(QStringLiteral("veil:regenerate/")) && l != QStringLiteral("veil:regenerate/3");
        }));
        CHECK(links.contains(QStringLiteral("veil:copy/3")));
        CHECK(links.contains(QStringLiteral("veil:edit/2")));
    }
}

namespace {

/// The tooltip and underline of the character at the start of the first `text` in the view after `from`.
QTextCharFormat formatAt(ConversationView& view, const QString& text, int from = 0)
{
    auto* browser = view.findChild<QTextBrowser*>();
    const QTextCursor found = browser->document()->find(text, from);
    if (found.isNull()) {
        return {};
    }
    QTextCursor inside(browser->document());
    inside.setPosition(found.selectionStart() + 1);
    return inside.charFormat();
}

} // namespace

TEST_CASE("restored values are marked, and hovering one says which placeholder was sent instead", "[gui][conversation]")
{
    ConversationView view;
    ViewMessage prompt;
    prompt.text = QStringLiteral("Mail **ann@corp.io** and bob@corp.io, then ann@corp.io again.");
    prompt.sentAs = {{QStringLiteral("ann@corp.io"), QStringLiteral("[EMAIL_1]")},
                     {QStringLiteral("bob@corp.io"), QStringLiteral("[EMAIL_2]")}};
    ViewMessage reply;
    reply.role = ViewMessage::Role::Assistant;
    reply.text = QStringLiteral("Done: ann@corp.io has it. Nothing else here.");
    view.setMessages({prompt, reply});

    auto* browser = view.findChild<QTextBrowser*>();
    REQUIRE(browser);
    CHECK(formatAt(view, QStringLiteral("ann@corp.io")).toolTip() == QStringLiteral("Sent as [EMAIL_1]"));
    CHECK(formatAt(view, QStringLiteral("ann@corp.io")).underlineStyle() == QTextCharFormat::DotLine);
    CHECK(formatAt(view, QStringLiteral("bob@corp.io")).toolTip() == QStringLiteral("Sent as [EMAIL_2]"));
    const int again = browser->document()->find(QStringLiteral("again")).selectionStart();
    CHECK(formatAt(view, QStringLiteral("ann@corp.io"), again - 20).toolTip() == QStringLiteral("Sent as [EMAIL_1]"));
    CHECK(formatAt(view, QStringLiteral("Mail")).toolTip().isEmpty());

    // The reply had no values of its own: the same address in it is not marked until it is given its own.
    const int replyStart = browser->document()->find(QStringLiteral("Done:")).selectionStart();
    CHECK(formatAt(view, QStringLiteral("ann@corp.io"), replyStart).toolTip().isEmpty());
    view.setSentAs(1, {{QStringLiteral("ann@corp.io"), QStringLiteral("[EMAIL_1]")}});
    CHECK(formatAt(view, QStringLiteral("ann@corp.io"), replyStart).toolTip() == QStringLiteral("Sent as [EMAIL_1]"));
    CHECK(formatAt(view, QStringLiteral("Nothing")).toolTip().isEmpty());
    CHECK(view.messages()[1].sentAs.size() == 1);

    // A streamed reply is marked once it has ended and its values are given.
    view.beginReply(QStringLiteral("openai · gpt-4o"));
    view.appendReplyBytes(QByteArrayLiteral("Write to carl@corp.io now."));
    view.setSentAs(2, {{QStringLiteral("carl@corp.io"), QStringLiteral("[EMAIL_3]")}});
    view.endReply(ViewMessage::State::Complete);
    CHECK(formatAt(view, QStringLiteral("carl@corp.io")).toolTip() == QStringLiteral("Sent as [EMAIL_3]"));
}
