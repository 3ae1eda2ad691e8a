#include "widgets/Composer.h"
#include "support/CatchQt.h"
#include "support/TestData.h"
#include "widgets/RedactionPreview.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using veil::app::Composer;
using veil::app::RedactionPreview;

namespace {

constexpr const char* kRules = R"json({"rules": [
  {"id": "demo-key", "category": "secret", "pattern": "BEGIN DEMO KEY", "keywords": ["begin demo"],
   "message": "Private keys never leave this machine.", "action": "block", "placeholder_type": "PRIVATE_KEY",
   "examples": {"match": ["BEGIN DEMO KEY"]}},
  {"id": "demo-phone", "category": "pii", "pattern": "\\b555-[0-9]{4}\\b", "keywords": ["555-"],
   "action": "warn", "placeholder_type": "PHONE", "examples": {"match": ["555-1234"]}},
  {"id": "email", "category": "pii", "pattern": "\\b[a-z0-9.]{1,64}@[a-z0-9.-]{1,100}\\.[a-z]{2,12}\\b",
   "keywords": ["@"], "action": "redact", "placeholder_type": "EMAIL", "examples": {"match": ["a@b.io"]}}]})json";

void typeAndWait(Composer& composer, const QString& text)
{
    QSignalSpy spy(composer.preview(), &RedactionPreview::resultChanged);
    composer.setText(text);
    REQUIRE(spy.wait(5000));
    while (spy.wait(200)) { }
}

QPushButton* button(Composer& composer, const char* name)
{
    auto* found = composer.findChild<QPushButton*>(QString::fromLatin1(name));
    REQUIRE(found);
    return found;
}

} // namespace

TEST_CASE("the composer highlights findings and turns Send off on a block finding", "[gui][composer]")
{
    Composer composer(veil::test::engineFromJson(kRules));
    composer.show();
    typeAndWait(composer, QStringLiteral("mail ann@corp.io"));
    CHECK(composer.preview()->editor()->extraSelections().size() == 1);
    CHECK(button(composer, "send")->isEnabled());

    typeAndWait(composer, QStringLiteral("mail ann@corp.io, here: BEGIN DEMO KEY"));
    CHECK(composer.preview()->editor()->extraSelections().size() == 2);
    CHECK_FALSE(button(composer, "send")->isEnabled());
    auto* status = composer.findChild<QLabel*>(QStringLiteral("composerStatus"));
    REQUIRE(status);
    CHECK(status->text().contains(QStringLiteral("demo-key")));

    // Enter does not send it either.
    QSignalSpy sent(&composer, &Composer::sendRequested);
    QTest::keyClick(composer.preview()->editor(), Qt::Key_Return);
    CHECK(sent.isEmpty());
}

TEST_CASE("a warn finding asks for confirmation once, then sends with confirmWarnings", "[gui][composer]")
{
    Composer composer(veil::test::engineFromJson(kRules));
    composer.show();
    QSignalSpy sent(&composer, &Composer::sendRequested);
    typeAndWait(composer, QStringLiteral("call me at 555-1234"));
    composer.send();
    CHECK(sent.isEmpty());
    REQUIRE(composer.isAskingConfirmation());
    auto* question = composer.findChild<QLabel*>(QStringLiteral("confirmText"));
    REQUIRE(question);
    CHECK(question->text().contains(QStringLiteral("demo-phone")));

    QTest::mouseClick(button(composer, "confirmSend"), Qt::LeftButton);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0][0].toString() == QStringLiteral("call me at 555-1234"));
    CHECK(sent[0][1].toBool());
    CHECK_FALSE(composer.isAskingConfirmation());

    // The same text is not asked about again.
    composer.send();
    REQUIRE(sent.size() == 2);
    CHECK(sent[1][1].toBool());
}

TEST_CASE("Enter sends, Shift+Enter starts a new line and Esc stops a reply", "[gui][composer]")
{
    Composer composer(veil::test::engineFromJson(kRules));
    composer.show();
    QSignalSpy sent(&composer, &Composer::sendRequested);
    QSignalSpy aborted(&composer, &Composer::abortRequested);
    QPlainTextEdit* editor = composer.preview()->editor();
    editor->setFocus();
    QTest::keyClicks(editor, QStringLiteral("first"));
    QTest::keyClick(editor, Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClicks(editor, QStringLiteral("second"));
    CHECK(composer.text() == QStringLiteral("first\nsecond"));
    CHECK(sent.isEmpty());
    QTest::keyClick(editor, Qt::Key_Return);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0][0].toString() == QStringLiteral("first\nsecond"));
    CHECK_FALSE(sent[0][1].toBool());

    QTest::keyClick(editor, Qt::Key_Escape);
    CHECK(aborted.isEmpty()); // nothing streams
    composer.setBusy(true);
    CHECK_FALSE(button(composer, "send")->isEnabled());
    QTest::keyClick(editor, Qt::Key_Escape);
    CHECK(aborted.size() == 1);
}

TEST_CASE("the what-leaves toggle shows the exact redacted text", "[gui][composer]")
{
    Composer composer(veil::test::engineFromJson(kRules));
    composer.show();
    typeAndWait(composer, QStringLiteral("mail ann@corp.io"));
    auto* outgoing = composer.findChild<QPlainTextEdit*>(QStringLiteral("outgoing"));
    REQUIRE(outgoing);
    CHECK(outgoing->toPlainText() == QStringLiteral("mail [EMAIL_1]"));
    CHECK(outgoing->isVisible());
    auto* toggle = composer.findChild<QWidget*>(QStringLiteral("outgoingToggle"));
    REQUIRE(toggle);
    QTest::mouseClick(toggle, Qt::LeftButton, {}, QPoint(4, toggle->height() / 2));
    CHECK_FALSE(outgoing->isVisible());
}

TEST_CASE("the composer estimates the prompt's size against the model's context window", "[gui][composer]")
{
    Composer composer(veil::test::engineFromJson(kRules));
    composer.show();
    CHECK(composer.sizeEstimate().isEmpty());

    composer.setText(QStringLiteral("Grüße, world")); // 12 characters, 14 bytes of UTF-8
    CHECK(composer.sizeEstimate().contains(QStringLiteral("12")));
    CHECK(composer.sizeEstimate().contains(QStringLiteral("about 4 tokens")));
    CHECK_FALSE(composer.exceedsContextWindow());

    composer.setContextWindow(8);
    CHECK(composer.sizeEstimate().contains(QStringLiteral("about 4 of 8 tokens")));
    CHECK_FALSE(composer.exceedsContextWindow());

    composer.setText(QString(40, QLatin1Char('x')));
    CHECK(composer.exceedsContextWindow());
    auto* label = composer.findChild<QLabel*>(QStringLiteral("sizeEstimate"));
    REQUIRE(label);
    CHECK(label->toolTip().contains(QStringLiteral("context window")));
    // Over the window, the provider decides: Send stays on.
    CHECK(button(composer, "send")->isEnabled());

    composer.setContextWindow(std::nullopt);
    CHECK_FALSE(composer.exceedsContextWindow());
    composer.setText(QString());
    CHECK(composer.sizeEstimate().isEmpty());
}
