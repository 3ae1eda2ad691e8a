#include "widgets/RedactionPreview.h"
#include "common/EngineSetup.h"
#include "support/CatchQt.h"
#include "support/TestData.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTableWidget>

using veil::app::PreviewResult;
using veil::app::RedactionPreview;

namespace {

constexpr const char* kRules = R"json({"rules": [
  {"id": "demo-token", "description": "Demo token", "category": "secret", "pattern": "\\b(dmo_[A-Za-z0-9]{16})\\b",
   "secret_group": 1, "keywords": ["dmo_"], "action": "redact", "placeholder_type": "DEMO_TOKEN",
   "examples": {"match": ["dmo_a1B2c3D4e5F6g7H8"]}},
  {"id": "demo-key", "category": "secret", "pattern": "BEGIN DEMO KEY", "keywords": ["begin demo"],
   "message": "Private keys never leave this machine.", "action": "block", "placeholder_type": "PRIVATE_KEY",
   "examples": {"match": ["BEGIN DEMO KEY"]}},
  {"id": "email", "category": "pii", "pattern": "\\b[a-z0-9.]{1,64}@[a-z0-9.-]{1,100}\\.[a-z]{2,12}\\b",
   "keywords": ["@"], "action": "redact", "placeholder_type": "EMAIL", "examples": {"match": ["a@b.io"]}}]})json";

PreviewResult typeAndWait(RedactionPreview& preview, const QString& text)
{
    QSignalSpy spy(&preview, &RedactionPreview::resultChanged);
    preview.setText(text);
    REQUIRE(spy.wait(5000));
    while (spy.wait(300)) { }
    return preview.result();
}

} // namespace

TEST_CASE("the preview highlights findings and shows what leaves the machine", "[gui][preview]")
{
    RedactionPreview preview(veil::test::engineFromJson(kRules));
    preview.show();
    const PreviewResult result
        = typeAndWait(preview, QStringLiteral("Grüße 😀 ann@corp.io, token dmo_a1B2c3D4e5F6g7H8"));
    REQUIRE(result.findings.size() == 2);
    // Positions are QString positions: the emoji is two UTF-16 units.
    CHECK(result.findings[0].start == 9);
    CHECK(result.findings[0].length == 11);
    CHECK(result.findings[1].placeholder == QStringLiteral("[DEMO_TOKEN_1]"));

    auto* outgoing = preview.findChild<QPlainTextEdit*>(QStringLiteral("outgoing"));
    REQUIRE(outgoing);
    CHECK(outgoing->toPlainText() == QStringLiteral("Grüße 😀 [EMAIL_1], token [DEMO_TOKEN_1]"));
    auto* composer = preview.findChild<QPlainTextEdit*>(QStringLiteral("composer"));
    REQUIRE(composer);
    CHECK(composer->extraSelections().size() == 2);
    auto* table = preview.findChild<QTableWidget*>(QStringLiteral("findings"));
    REQUIRE(table);
    CHECK(table->rowCount() == 2);
    CHECK(table->item(1, 0)->text().startsWith(QStringLiteral("demo-token")));
}

TEST_CASE("the preview says which rule blocks a prompt", "[gui][preview]")
{
    RedactionPreview preview(veil::test::engineFromJson(kRules));
    const PreviewResult result = typeAndWait(preview, QStringLiteral("here: BEGIN DEMO KEY"));
    CHECK(result.blocked);
    auto* summary = preview.findChild<QLabel*>(QStringLiteral("summary"));
    REQUIRE(summary);
    CHECK(summary->text().contains(QStringLiteral("demo-key")));
    CHECK(summary->text().contains(QStringLiteral("Private keys never leave this machine.")));
}

TEST_CASE("only the newest text's result is shown after fast typing", "[gui][preview]")
{
    RedactionPreview preview(veil::test::engineFromJson(kRules));
    for (int i = 0; i < 20; ++i) {
        preview.setText(QStringLiteral("user%1@corp.io").arg(i));
    }
    const PreviewResult result = typeAndWait(preview, QStringLiteral("final ann@corp.io"));
    CHECK(result.redacted == QStringLiteral("final [EMAIL_1]"));
}
