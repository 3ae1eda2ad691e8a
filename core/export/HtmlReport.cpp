#include "export/HtmlReport.h"

#include "export/RecordFormatter.h"

#include <QDateTime>

#include <limits>

namespace veil::exports {
namespace {

using format::htmlEscape;

/// `total` plus `count`, held at the int64 limits: counts come from stored data and must not overflow.
void addCount(int64_t& total, int64_t count)
{
    if (__builtin_add_overflow(total, count, &total)) {
        total = count > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
    }
}

QByteArray escape(const QString& text)
{
    const QByteArray utf8 = text.toUtf8();
    return htmlEscape(std::string_view(utf8.constData(), size_t(utf8.size())));
}

QByteArray countTable(const char* caption, const char* column, const std::map<QString, int64_t>& counts)
{
    QByteArray out = "<table><caption>";
    out += caption;
    out += "</caption><tr><th>";
    out += column;
    out += "</th><th>records</th></tr>\n";
    if (counts.empty()) {
        out += "<tr><td colspan=\"2\">none</td></tr>\n";
    }
    for (const auto& [key, count] : counts) {
        out += "<tr><td>" + escape(key) + "</td><td class=\"n\">" + QByteArray::number(qint64(count)) + "</td></tr>\n";
    }
    out += "</table>\n";
    return out;
}

QByteArray findingsText(const std::vector<RecordFinding>& findings)
{
    QByteArray out;
    for (const RecordFinding& finding : findings) {
        if (!out.isEmpty()) {
            out += ", ";
        }
        out += htmlEscape(finding.type) + " &times;" + QByteArray::number(qint64(finding.count)) + " ("
            + htmlEscape(finding.rule) + ")";
    }
    return out;
}

constexpr const char* kStyle
    = "body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:70em}"
      "h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}"
      "table{border-collapse:collapse;margin:0 2em 1em 0;display:inline-table;vertical-align:top}"
      "caption{font-weight:bold;text-align:left}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}"
      ".n{text-align:right}dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:bold}"
      ".msg{border-left:4px solid #ccc;margin:1em 0;padding:.2em 1em}.user{border-color:#36c}"
      ".assistant{border-color:#393}.meta{color:#666;font-size:.9em}.new{color:#b00}"
      "pre{white-space:pre-wrap;word-wrap:break-word;font-family:ui-monospace,monospace;margin:.3em 0}";

} // namespace

void ReportSummary::add(const ExportRecord& record)
{
    ++records;
    if (record.conversationId != m_lastConversation) {
        ++conversations;
        m_lastConversation = record.conversationId;
    }
    for (const RecordFinding& finding : record.findings) {
        addCount(findingsByType[finding.type], finding.count);
    }
    for (const RecordFinding& finding : record.newFindings) {
        addCount(findingsByType[finding.type], finding.count);
        addCount(newFindings, finding.count);
    }
    ++recordsByProvider[record.provider];
    ++recordsByDay[QDateTime::fromMSecsSinceEpoch(record.createdAt, Qt::UTC).date().toString(Qt::ISODate)];
}

QByteArray HtmlReport::begin(const ReportHeading& heading, const ReportSummary& summary)
{
    m_conversation = -1;
    QByteArray out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                     "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                     "style-src 'unsafe-inline'\">\n"
                     "<meta name=\"referrer\" content=\"no-referrer\">\n"
                     "<title>Veil incident export</title>\n<style>";
    out += kStyle;
    out += "</style></head>\n<body>\n<h1>Veil incident export</h1>\n<dl>\n";
    const auto item = [&out](const char* term, const QByteArray& value) {
        out += "<dt>";
        out += term;
        out += "</dt><dd>" + value + "</dd>\n";
    };
    item("Range", format::isoTime(heading.since) + " to " + format::isoTime(heading.until));
    item("Created", format::isoTime(heading.createdAt));
    item("Workspace", heading.workspace.isEmpty() ? QByteArray("all") : escape(heading.workspace));
    item("Provider", heading.provider.isEmpty() ? QByteArray("all") : escape(heading.provider));
    item("Re-scanned with policy version", QByteArray::number(qint64(heading.policyVersion)));
    item("Device", escape(heading.device));
    item("Veil", escape(heading.appVersion));
    item("Records", QByteArray::number(qint64(summary.records)));
    item("Conversations", QByteArray::number(qint64(summary.conversations)));
    item("Newly redacted", QByteArray::number(qint64(summary.newFindings)));
    out += "</dl>\n<p>Texts are as they were sent and received, with placeholders such as [EMAIL_1] for what "
           "Veil redacted; placeholders such as [EMAIL_NEW_1] mark values the current rules found at export "
           "time.</p>\n<h2>Summary</h2>\n";

    out += "<table><caption>Findings per type</caption><tr><th>type</th><th>count</th></tr>\n";
    if (summary.findingsByType.empty()) {
        out += "<tr><td colspan=\"2\">none</td></tr>\n";
    }
    for (const auto& [type, count] : summary.findingsByType) {
        out += "<tr><td>" + htmlEscape(type) + "</td><td class=\"n\">" + QByteArray::number(qint64(count))
            + "</td></tr>\n";
    }
    out += "</table>\n";
    out += countTable("Records per provider", "provider", summary.recordsByProvider);
    out += countTable("Records per day (UTC)", "day", summary.recordsByDay);
    out += "<h2>Conversations</h2>\n";
    if (summary.records == 0) {
        out += "<p>No messages in this range.</p>\n";
    }
    return out;
}

QByteArray HtmlReport::record(const ExportRecord& record)
{
    QByteArray out;
    if (record.conversationId != m_conversation) {
        if (m_conversation != -1) {
            out += "</section>\n";
        }
        m_conversation = record.conversationId;
        const QByteArray id = QByteArray::number(qint64(record.conversationId));
        out += "<section id=\"c" + id + "\"><h2>Conversation " + id + "</h2>\n";
    }
    out += "<div class=\"msg " + escape(record.role) + "\"><div class=\"meta\">#"
        + QByteArray::number(qint64(record.messageId)) + " " + format::isoTime(record.createdAt) + " <b>"
        + escape(record.role) + "</b> " + escape(record.provider) + " / " + escape(record.model) + " ("
        + escape(record.state) + ", "
        + (record.policyVersion ? "sent under policy v" + QByteArray::number(qint64(*record.policyVersion))
                                : QByteArray("sent without a policy version"))
        + ")";
    if (!record.findings.empty()) {
        out += "<br>findings: " + findingsText(record.findings);
    }
    if (!record.newFindings.empty()) {
        out += "<br><span class=\"new\">newly redacted: " + findingsText(record.newFindings) + "</span>";
    }
    out += "</div><pre>" + htmlEscape(record.text) + "</pre></div>\n";
    return out;
}

QByteArray HtmlReport::end()
{
    QByteArray out;
    if (m_conversation != -1) {
        out += "</section>\n";
    }
    out += "</body></html>\n";
    return out;
}

} // namespace veil::exports
