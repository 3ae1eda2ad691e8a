#pragma once

#include "export/ExportRecord.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <map>
#include <string>

namespace veil::exports {

/// The counts a report opens with. Fed one record at a time (add()); pure.
struct ReportSummary
{
    int64_t records = 0;
    int64_t conversations = 0;
    int64_t newFindings = 0; ///< findings the re-scan added
    std::map<std::string, int64_t> findingsByType; ///< stored and new findings, per placeholder type
    std::map<QString, int64_t> recordsByProvider;
    std::map<QString, int64_t> recordsByDay; ///< "YYYY-MM-DD" (UTC)

    /// Counts `record`; records of one conversation must come together (as the exporter reads them).
    void add(const ExportRecord& record);

private:
    int64_t m_lastConversation = -1;
};

/// What the report's heading says about the export.
struct ReportHeading
{
    QString appVersion;
    QString device;
    int64_t since = 0; ///< ms since the epoch
    int64_t until = 0;
    int64_t createdAt = 0;
    QString workspace; ///< filter, empty for all
    QString provider; ///< filter, empty for all
    int64_t policyVersion = 0; ///< the policy whose rules re-scanned the texts (0: built-in rules)
};

/// Writes `report.html`: one self-contained page (inline CSS, no script, no external resource, a Content
/// Security Policy that forbids loading anything) with the summary counts per type, provider and day, then
/// every conversation with its messages. Everything that comes from data is HTML-escaped. Pure: each call
/// returns the next piece of the page; begin(), record() for every record (grouped by conversation), end().
class HtmlReport
{
public:
    QByteArray begin(const ReportHeading& heading, const ReportSummary& summary);
    QByteArray record(const ExportRecord& record);
    QByteArray end();

private:
    int64_t m_conversation = -1;
};

} // namespace veil::exports
