#include "export/RecordFormatter.h"

#include "audit/CanonicalJson.h"

#include <QDateTime>
#include <QString>
#include <QStringDecoder>

namespace veil::exports::format {
namespace {

/// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool isValidUtf8(std::string_view text)
{
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const auto* end = p + text.size();
    while (p < end) {
        const unsigned char c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        int length = 0;
        uint32_t min = 0;
        uint32_t code = 0;
        if ((c & 0xE0) == 0xC0) {
            length = 2;
            min = 0x80;
            code = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            length = 3;
            min = 0x800;
            code = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            length = 4;
            min = 0x10000;
            code = c & 0x07;
        } else {
            return false;
        }
        if (end - p < length) {
            return false;
        }
        for (int i = 1; i < length; ++i) {
            if ((p[i] & 0xC0) != 0x80) {
                return false;
            }
            code = (code << 6) | (p[i] & 0x3F);
        }
        if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
            return false;
        }
        p += length;
    }
    return true;
}

void appendFindingsJson(QByteArray& out, const std::vector<RecordFinding>& findings)
{
    out += '[';
    bool first = true;
    for (const RecordFinding& finding : findings) {
        if (!first) {
            out += ',';
        }
        first = false;
        out += "{\"rule\":";
        out += jsonString(finding.rule);
        out += ",\"type\":";
        out += jsonString(finding.type);
        out += ",\"count\":";
        out += QByteArray::number(qint64(finding.count));
        out += '}';
    }
    out += ']';
}

std::string findingsCell(const std::vector<RecordFinding>& findings)
{
    std::string cell;
    for (const RecordFinding& finding : findings) {
        if (!cell.empty()) {
            cell += "; ";
        }
        cell += finding.rule;
        cell += ':';
        cell += finding.type;
        cell += ':';
        cell += std::to_string(finding.count);
    }
    return cell;
}

std::string_view view(const QByteArray& bytes)
{
    return std::string_view(bytes.constData(), size_t(bytes.size()));
}

} // namespace

QByteArray isoTime(int64_t msSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch, Qt::UTC).toString(Qt::ISODateWithMs).toLatin1();
}

std::string validUtf8(std::string_view text)
{
    if (isValidUtf8(text)) {
        return std::string(text);
    }
    // Stateless: a sequence cut off at the end becomes U+FFFD too; a leading byte order mark is text, kept.
    QStringDecoder decoder(QStringDecoder::Utf8,
                           QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
    const QString decoded = decoder(QByteArrayView(text.data(), qsizetype(text.size())));
    return decoded.toStdString();
}

QByteArray jsonString(std::string_view text)
{
    // The audit log's escaping (RFC 8785), over text made valid UTF-8 first.
    return QByteArray::fromStdString(audit::CanonicalJson::quote(validUtf8(text)));
}

QByteArray jsonlLine(const ExportRecord& record)
{
    QByteArray line;
    line.reserve(qsizetype(record.text.size()) + 320);
    line += "{\"conversation\":";
    line += QByteArray::number(qint64(record.conversationId));
    line += ",\"message\":";
    line += QByteArray::number(qint64(record.messageId));
    line += ",\"created_at\":\"";
    line += isoTime(record.createdAt);
    line += "\",\"updated_at\":\"";
    line += isoTime(record.updatedAt);
    line += "\",\"role\":";
    line += jsonString(view(record.role.toUtf8()));
    line += ",\"state\":";
    line += jsonString(view(record.state.toUtf8()));
    line += ",\"provider\":";
    line += jsonString(view(record.provider.toUtf8()));
    line += ",\"model\":";
    line += jsonString(view(record.model.toUtf8()));
    line += ",\"policy_version\":";
    line += record.policyVersion ? QByteArray::number(qint64(*record.policyVersion)) : QByteArray("null");
    line += ",\"rescan_policy_version\":";
    line += QByteArray::number(qint64(record.rescanPolicyVersion));
    line += ",\"findings\":";
    appendFindingsJson(line, record.findings);
    line += ",\"new_findings\":";
    appendFindingsJson(line, record.newFindings);
    line += ",\"text\":";
    line += jsonString(record.text);
    line += "}\n";
    return line;
}

QByteArray csvField(std::string_view text)
{
    const std::string valid = validUtf8(text);
    QByteArray out;
    out.reserve(qsizetype(valid.size()) + 3);
    out += '"';
    if (!valid.empty()) {
        const char first = valid.front();
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
            out += '\'';
        }
    }
    for (const char c : valid) {
        if (c == '"') {
            out += "\"\"";
        } else {
            out += c;
        }
    }
    out += '"';
    return out;
}

QByteArray csvHeader()
{
    return "\"conversation\",\"message\",\"created_at\",\"updated_at\",\"role\",\"state\",\"provider\",\"model\","
           "\"policy_version\",\"rescan_policy_version\",\"findings\",\"new_findings\",\"text\"\r\n";
}

QByteArray csvRow(const ExportRecord& record)
{
    QByteArray row;
    row.reserve(qsizetype(record.text.size()) + 256);
    const auto number = [&row](int64_t value) {
        row += '"';
        row += QByteArray::number(qint64(value));
        row += "\",";
    };
    number(record.conversationId);
    number(record.messageId);
    row += csvField(view(isoTime(record.createdAt)));
    row += ',';
    row += csvField(view(isoTime(record.updatedAt)));
    row += ',';
    row += csvField(view(record.role.toUtf8()));
    row += ',';
    row += csvField(view(record.state.toUtf8()));
    row += ',';
    row += csvField(view(record.provider.toUtf8()));
    row += ',';
    row += csvField(view(record.model.toUtf8()));
    row += ',';
    if (record.policyVersion) {
        number(*record.policyVersion);
    } else {
        row += "\"\",";
    }
    number(record.rescanPolicyVersion);
    row += csvField(findingsCell(record.findings));
    row += ',';
    row += csvField(findingsCell(record.newFindings));
    row += ',';
    row += csvField(record.text);
    row += "\r\n";
    return row;
}

QByteArray htmlEscape(std::string_view text)
{
    const std::string valid = validUtf8(text);
    QByteArray out;
    out.reserve(qsizetype(valid.size()) + 16);
    for (const char c : valid) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

} // namespace veil::exports::format
