#pragma once

#include "export/ExportRecord.h"

#include <QByteArray>

#include <cstdint>
#include <string>
#include <string_view>

namespace veil::exports {

/// Pure formatting of export records, fed data; no I/O. Every function returns UTF-8 bytes.
///
/// - JSONL: one JSON object per line (LF), keys in a fixed order: conversation, message, created_at,
///   updated_at (RFC 3339 UTC with milliseconds), role, state, provider, model, policy_version (the policy in
///   force when the message was sent or received; null when unmanaged or not known), rescan_policy_version (the
///   policy whose rules re-scanned it at export time; 0: built-in rules), findings and new_findings (arrays of
///   {"rule","type","count"}), text.
/// - CSV: the same columns in the same order; an unknown policy_version is an empty cell.
/// - CSV: RFC 4180 (CRLF line ends, every field quoted, quotes doubled), a header row first. A cell that
///   starts with = + - @ TAB or CR gets a leading apostrophe, so spreadsheets never read it as a formula.
/// - Invalid UTF-8 in a text is replaced by U+FFFD, so every output is valid UTF-8.
namespace format {

/// RFC 3339 in UTC with milliseconds: "2026-01-15T09:00:00.000Z".
QByteArray isoTime(int64_t msSinceEpoch);

/// `text` with every invalid UTF-8 sequence replaced by U+FFFD (unchanged when it is valid).
std::string validUtf8(std::string_view text);

/// `text` as a JSON string literal (quotes included); control characters escaped.
QByteArray jsonString(std::string_view text);

/// One JSONL line for `record`, LF included.
QByteArray jsonlLine(const ExportRecord& record);

/// One CSV field: neutralised against formula injection, then quoted as RFC 4180 says.
QByteArray csvField(std::string_view text);

/// The CSV header row, CRLF included.
QByteArray csvHeader();

/// One CSV row for `record`, CRLF included. Findings are written as "rule:type:count" joined by "; ".
QByteArray csvRow(const ExportRecord& record);

/// `text` with & < > " ' replaced by HTML character references.
QByteArray htmlEscape(std::string_view text);

} // namespace format
} // namespace veil::exports
