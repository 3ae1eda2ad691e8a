#include "export/RecordFormatter.h"
#include "export/HtmlReport.h"
#include "support/CatchQt.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <limits>

using namespace veil::exports;

namespace {

ExportRecord sample(std::string text)
{
    ExportRecord record;
    record.conversationId = 7;
    record.messageId = 42;
    record.createdAt = 1768467600000; // 2026-01-15T09:00:00Z
    record.updatedAt = 1768467601234;
    record.role = QStringLiteral("user");
    record.state = QStringLiteral("complete");
    record.provider = QStringLiteral("inspector");
    record.model = QStringLiteral("m");
    record.policyVersion = 41; // in force when the message was sent
    record.rescanPolicyVersion = 42; // whose rules re-scanned it at export time
    record.findings = {{"email", "EMAIL", 2}};
    record.newFindings = {{"aws-access-key", "AWS_KEY", 1}};
    record.text = std::move(text);
    return record;
}

} // namespace

TEST_CASE("CSV fields are quoted as RFC 4180 says, quotes doubled, line breaks kept inside quotes", "[export]")
{
    CHECK(format::csvField("plain") == "\"plain\"");
    CHECK(format::csvField("") == "\"\"");
    CHECK(format::csvField("a,b") == "\"a,b\"");
    CHECK(format::csvField("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(format::csvField("two\r\nlines") == "\"two\r\nlines\"");
    CHECK(format::csvField("[EMAIL_1] wrote") == "\"[EMAIL_1] wrote\"");
}

TEST_CASE("CSV cells that a spreadsheet would read as a formula get a leading apostrophe", "[export]")
{
    CHECK(format::csvField("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
    CHECK(format::csvField("+1+1") == "\"'+1+1\"");
    CHECK(format::csvField("-2+3") == "\"'-2+3\"");
    CHECK(format::csvField("@SUM(A1)") == "\"'@SUM(A1)\"");
    CHECK(format::csvField("\tcmd") == "\"'\tcmd\"");
    CHECK(format::csvField("\rcmd") == "\"'\rcmd\"");
    CHECK(format::csvField("a=b") == "\"a=b\"");
    CHECK(format::csvField(" =1") == "\" =1\"");
}

TEST_CASE("a CSV row has every column, findings as rule:type:count, and ends with CRLF", "[export]")
{
    const QByteArray header = format::csvHeader();
    CHECK(header.endsWith("\r\n"));
    CHECK(header.count(',') == 12);
    CHECK(header.contains("\"model\",\"policy_version\",\"rescan_policy_version\",\"findings\""));
    const QByteArray row = format::csvRow(sample("=cmd|' /C calc'!A0"));
    CHECK(row.startsWith("\"7\",\"42\",\"2026-01-15T09:00:00.000Z\",\"2026-01-15T09:00:01.234Z\",\"user\""));
    CHECK(row.contains("\"m\",\"41\",\"42\",\"email:EMAIL:2\",\"aws-access-key:AWS_KEY:1\""));
    CHECK(row.endsWith(",\"'=cmd|' /C calc'!A0\"\r\n"));
}

TEST_CASE("a JSONL line is one JSON object with every field, control characters escaped", "[export]")
{
    const std::string text = "line one\nline \"two\"\t\\ \x01 caf\xc3\xa9 \xe2\x80\xa8";
    const QByteArray line = format::jsonlLine(sample(text));
    REQUIRE(line.endsWith('\n'));
    CHECK(line.count('\n') == 1);
    QJsonParseError error;
    const QJsonObject object = QJsonDocument::fromJson(line, &error).object();
    REQUIRE(error.error == QJsonParseError::NoError);
    CHECK(object.value(QStringLiteral("conversation")).toInteger() == 7);
    CHECK(object.value(QStringLiteral("message")).toInteger() == 42);
    CHECK(object.value(QStringLiteral("created_at")).toString() == QStringLiteral("2026-01-15T09:00:00.000Z"));
    CHECK(object.value(QStringLiteral("role")).toString() == QStringLiteral("user"));
    CHECK(object.value(QStringLiteral("provider")).toString() == QStringLiteral("inspector"));
    CHECK(object.value(QStringLiteral("policy_version")).toInteger() == 41);
    CHECK(object.value(QStringLiteral("rescan_policy_version")).toInteger() == 42);
    CHECK(object.value(QStringLiteral("findings")).toArray().at(0).toObject().value(QStringLiteral("type")).toString()
          == QStringLiteral("EMAIL"));
    CHECK(object.value(QStringLiteral("new_findings")).toArray().at(0).toObject().value(QStringLiteral("count")).toInt()
          == 1);
    CHECK(object.value(QStringLiteral("text")).toString().toStdString() == text);
}

TEST_CASE("a message sent without a policy version has null in JSONL, an empty CSV cell and says so in HTML",
          "[export]")
{
    ExportRecord record = sample("hello");
    record.policyVersion.reset();
    const QJsonObject object = QJsonDocument::fromJson(format::jsonlLine(record)).object();
    REQUIRE(object.contains(QStringLiteral("policy_version")));
    CHECK(object.value(QStringLiteral("policy_version")).isNull());
    CHECK(object.value(QStringLiteral("rescan_policy_version")).toInteger() == 42);
    CHECK(format::csvRow(record).contains("\"m\",\"\",\"42\","));

    HtmlReport report;
    CHECK(report.record(record).contains("sent without a policy version"));
    record.policyVersion = 41;
    CHECK(HtmlReport().record(record).contains("sent under policy v41"));
}

TEST_CASE("invalid UTF-8 becomes U+FFFD in every format", "[export]")
{
    CHECK(format::validUtf8("ok \xc3\xa9") == "ok \xc3\xa9");
    CHECK(format::validUtf8("bad \xff end") == "bad \xef\xbf\xbd end");
    CHECK(format::validUtf8("overlong \xc0\xaf") != "overlong \xc0\xaf");
    CHECK(format::validUtf8("surrogate \xed\xa0\x80") != "surrogate \xed\xa0\x80");
    CHECK(format::validUtf8("\xef\xbb\xbf"
                            "bom \xff")
          == "\xef\xbb\xbf"
             "bom \xef\xbf\xbd"); // the BOM is text
    const std::string cut = format::validUtf8("cut \xe2\x82"); // a sequence cut off at the end
    CHECK(cut.starts_with("cut \xef\xbf\xbd"));
    CHECK(cut.find("\xe2\x82") == std::string::npos);
    CHECK(format::jsonString("\xff") == "\"\xef\xbf\xbd\"");
    CHECK(format::htmlEscape("\xfe") == "\xef\xbf\xbd");
}

TEST_CASE("HTML escaping replaces the five special characters and nothing else", "[export]")
{
    CHECK(format::htmlEscape("<script>alert('x' & \"y\")</script>")
          == "&lt;script&gt;alert(&#39;x&#39; &amp; &quot;y&quot;)&lt;/script&gt;");
    CHECK(format::htmlEscape("[EMAIL_1] caf\xc3\xa9") == "[EMAIL_1] caf\xc3\xa9");
}

TEST_CASE("the HTML report is self-contained, escapes all data and opens with the totals", "[export]")
{
    ReportSummary summary;
    ExportRecord first = sample("<img src=x onerror=alert(1)> [EMAIL_1]");
    ExportRecord second = sample("reply");
    second.messageId = 43;
    second.role = QStringLiteral("assistant");
    second.provider = QStringLiteral("<b>evil</b>");
    ExportRecord third = sample("other conversation");
    third.conversationId = 8;
    third.createdAt += 86400000;
    for (const ExportRecord* record : {&first, &second, &third}) {
        summary.add(*record);
    }
    CHECK(summary.records == 3);
    CHECK(summary.conversations == 2);
    CHECK(summary.newFindings == 3);
    CHECK(summary.findingsByType.at("EMAIL") == 6);
    CHECK(summary.recordsByDay.size() == 2);
    CHECK(summary.recordsByProvider.at(QStringLiteral("inspector")) == 2);

    HtmlReport report;
    ReportHeading heading;
    heading.workspace = QStringLiteral("<ws>");
    heading.device = QStringLiteral("host\"name");
    QByteArray html = report.begin(heading, summary);
    for (const ExportRecord* record : {&first, &second, &third}) {
        html += report.record(*record);
    }
    html += report.end();
    CHECK(html.startsWith("<!DOCTYPE html>"));
    CHECK(html.endsWith("</html>\n"));
    CHECK(html.contains("Content-Security-Policy"));
    CHECK_FALSE(html.contains("<img"));
    CHECK_FALSE(html.contains("<b>evil"));
    CHECK_FALSE(html.contains("<ws>"));
    CHECK(html.contains("&lt;img src=x onerror=alert(1)&gt; [EMAIL_1]"));
    CHECK_FALSE(html.contains("<script"));
    CHECK_FALSE(html.contains("http://"));
    CHECK_FALSE(html.contains("https://"));
    CHECK_FALSE(html.contains("<link"));
    CHECK_FALSE(html.contains("<iframe"));
    CHECK(html.indexOf("Findings per type") < html.indexOf("Conversation 7"));
    CHECK(html.count("<section") == 2);
    CHECK(html.count("</section>") == 2);
}

TEST_CASE("the HTML report's totals stop at the largest count instead of overflowing", "[export]")
{
    ExportRecord record = sample("text");
    record.findings = {{"builtin.email", "EMAIL", std::numeric_limits<int64_t>::max()}};
    record.newFindings = {{"builtin.email", "EMAIL", std::numeric_limits<int64_t>::max()},
                          {"builtin.email", "EMAIL", std::numeric_limits<int64_t>::max()}};
    ReportSummary summary;
    summary.add(record);
    CHECK(summary.findingsByType.at("EMAIL") == std::numeric_limits<int64_t>::max());
    CHECK(summary.newFindings == std::numeric_limits<int64_t>::max());
    record.findings = {{"builtin.email", "EMAIL", std::numeric_limits<int64_t>::min()}};
    record.newFindings.clear();
    summary.add(record);
    summary.add(record);
    CHECK(summary.findingsByType.at("EMAIL") == std::numeric_limits<int64_t>::min()); // max + min + min
}
