// Fuzzes the incident export's formatters with records made from fuzzed fields. Input layout: the ids, times and
// policy versions (8 bytes each, little-endian), then role, state, provider and model (a length byte, then the
// bytes), up to three stored and three new findings (rule, type, count), and the rest is the message text.
// Invariants: the CSV header and row read back with a strict RFC 4180 reader to exactly the fields (text made
// valid UTF-8, formula cells behind an apostrophe); the JSONL line is one line of valid JSON that gives back
// every field; HTML escaping leaves no markup character and unescapes to the text; the HTML report's markup is
// the same whatever the strings hold.
#include "export/HtmlReport.h"
#include "export/RecordFormatter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringDecoder>

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

using namespace veil::exports;

namespace {

void require(bool condition)
{
    if (!condition) {
        std::abort();
    }
}

class Reader
{
public:
    explicit Reader(std::string_view data)
        : m_data(data)
    {
    }

    int64_t integer()
    {
        uint64_t value = 0;
        for (int i = 0; i < 8 && !m_data.empty(); ++i) {
            value |= uint64_t(uint8_t(m_data.front())) << (8 * i);
            m_data.remove_prefix(1);
        }
        return int64_t(value);
    }

    uint8_t byte()
    {
        if (m_data.empty()) {
            return 0;
        }
        const auto value = uint8_t(m_data.front());
        m_data.remove_prefix(1);
        return value;
    }

    std::string string()
    {
        const uint8_t length = byte(); // before m_data.size(): byte() consumes
        const size_t size = std::min<size_t>(length, m_data.size());
        std::string value(m_data.substr(0, size));
        m_data.remove_prefix(size);
        return value;
    }

    std::string rest() const { return std::string(m_data); }

private:
    std::string_view m_data;
};

QString qstring(const std::string& text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

std::string utf8(const QString& text)
{
    return text.toUtf8().toStdString();
}

/// Strict RFC 4180: every field quoted, quotes doubled, CRLF after every record; nullopt for anything else.
std::optional<std::vector<std::vector<std::string>>> readCsv(std::string_view text)
{
    std::vector<std::vector<std::string>> records;
    size_t at = 0;
    while (at < text.size()) {
        std::vector<std::string> record;
        while (true) {
            if (text[at] != '"') {
                return std::nullopt;
            }
            ++at;
            std::string field;
            while (true) {
                const size_t quote = text.find('"', at);
                if (quote == std::string_view::npos) {
                    return std::nullopt;
                }
                field.append(text.substr(at, quote - at));
                at = quote + 1;
                if (at < text.size() && text[at] == '"') {
                    field += '"';
                    ++at;
                    continue;
                }
                break;
            }
            record.push_back(std::move(field));
            if (at < text.size() && text[at] == ',') {
                ++at;
                continue;
            }
            if (text.substr(at, 2) == "\r\n") {
                at += 2;
                break;
            }
            return std::nullopt;
        }
        records.push_back(std::move(record));
    }
    return records;
}

bool isValidUtf8(const std::string& text)
{
    QStringDecoder decoder(QStringDecoder::Utf8,
                           QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
    const QString decoded = decoder(QByteArrayView(text.data(), qsizetype(text.size())));
    return !decoder.hasError() && decoded.toStdString() == text;
}

/// What a text cell must read back as.
std::string cell(std::string_view text)
{
    std::string valid = format::validUtf8(text);
    require(isValidUtf8(valid));
    if (!valid.empty() && std::string_view("=+-@\t\r").find(valid.front()) != std::string_view::npos) {
        valid.insert(valid.begin(), '\'');
    }
    return valid;
}

std::string findingsCell(const std::vector<RecordFinding>& findings)
{
    std::string text;
    for (const RecordFinding& f : findings) {
        text += (text.empty() ? "" : "; ") + f.rule + ':' + f.type + ':' + std::to_string(f.count);
    }
    return text;
}

void checkCsv(const ExportRecord& record)
{
    const QByteArray csv = format::csvHeader() + format::csvRow(record);
    const auto read = readCsv(std::string_view(csv.constData(), size_t(csv.size())));
    require(read && read->size() == 2 && (*read)[0].size() == 13);
    const std::vector<std::string> expected = {
        std::to_string(record.conversationId),
        std::to_string(record.messageId),
        cell(format::isoTime(record.createdAt).toStdString()),
        cell(format::isoTime(record.updatedAt).toStdString()),
        cell(utf8(record.role)),
        cell(utf8(record.state)),
        cell(utf8(record.provider)),
        cell(utf8(record.model)),
        record.policyVersion ? std::to_string(*record.policyVersion) : std::string(),
        std::to_string(record.rescanPolicyVersion),
        cell(findingsCell(record.findings)),
        cell(findingsCell(record.newFindings)),
        cell(record.text),
    };
    require((*read)[1] == expected);
}

void checkFindingsJson(const QJsonValue& value, const std::vector<RecordFinding>& findings)
{
    require(value.isArray() && value.toArray().size() == qsizetype(findings.size()));
    for (size_t i = 0; i < findings.size(); ++i) {
        const QJsonObject object = value.toArray().at(qsizetype(i)).toObject();
        require(object.size() == 3
                && utf8(object.value(QStringLiteral("rule")).toString()) == format::validUtf8(findings[i].rule)
                && utf8(object.value(QStringLiteral("type")).toString()) == format::validUtf8(findings[i].type)
                && object.value(QStringLiteral("count")).toInteger(-1) == findings[i].count);
    }
}

void checkJsonl(const ExportRecord& record)
{
    const QByteArray line = format::jsonlLine(record);
    require(line.endsWith('\n') && line.count('\n') == 1 && isValidUtf8(line.toStdString()));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    require(error.error == QJsonParseError::NoError && document.isObject());
    const QJsonObject o = document.object();
    const auto integer = [&o](const char* key) {
        return o.value(QLatin1String(key)).toInteger();
    };
    const auto text = [&o](const char* key) {
        return utf8(o.value(QLatin1String(key)).toString());
    };
    require(o.size() == 13 && integer("conversation") == record.conversationId && integer("message") == record.messageId
            && text("created_at") == format::isoTime(record.createdAt).toStdString()
            && text("updated_at") == format::isoTime(record.updatedAt).toStdString()
            && text("role") == utf8(record.role) && text("state") == utf8(record.state)
            && text("provider") == utf8(record.provider) && text("model") == utf8(record.model)
            && integer("rescan_policy_version") == record.rescanPolicyVersion
            && text("text") == format::validUtf8(record.text));
    const QJsonValue policy = o.value(QStringLiteral("policy_version"));
    require(record.policyVersion ? policy.toInteger() == *record.policyVersion && policy.isDouble() : policy.isNull());
    checkFindingsJson(o.value(QStringLiteral("findings")), record.findings);
    checkFindingsJson(o.value(QStringLiteral("new_findings")), record.newFindings);
}

void checkHtml(const ExportRecord& record)
{
    const QByteArray escaped = format::htmlEscape(record.text);
    for (const char c : {'<', '>', '"', '\''}) {
        require(!escaped.contains(c));
    }
    QByteArray unescaped = escaped;
    unescaped.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'");
    unescaped.replace("&amp;", "&");
    require(unescaped.toStdString() == format::validUtf8(record.text));

    // The markup must not depend on what the strings hold.
    ExportRecord plain = record;
    plain.role = plain.state = plain.provider = plain.model = QStringLiteral("x");
    plain.text = "x";
    for (auto* findings : {&plain.findings, &plain.newFindings}) {
        for (RecordFinding& f : *findings) {
            f.rule = f.type = "x";
        }
    }
    const QByteArray page = HtmlReport().record(record);
    const QByteArray plainPage = HtmlReport().record(plain);
    require(isValidUtf8(page.toStdString()));
    for (const char c : {'<', '>', '"'}) {
        require(page.count(c) == plainPage.count(c));
    }
    ReportSummary summary;
    summary.add(record);
    ReportHeading heading;
    heading.device = record.provider;
    heading.workspace = record.model;
    heading.provider = record.provider;
    heading.since = record.createdAt;
    heading.until = record.updatedAt;
    require(isValidUtf8(HtmlReport().begin(heading, summary).toStdString()));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    Reader in(std::string_view(reinterpret_cast<const char*>(data), size));
    ExportRecord record;
    record.conversationId = in.integer();
    record.messageId = in.integer();
    record.createdAt = in.integer();
    record.updatedAt = in.integer();
    const int64_t policy = in.integer();
    if (policy % 2 != 0) {
        record.policyVersion = policy / 2;
    }
    record.rescanPolicyVersion = in.integer();
    record.role = qstring(in.string());
    record.state = qstring(in.string());
    record.provider = qstring(in.string());
    record.model = qstring(in.string());
    const uint8_t counts = in.byte();
    for (int i = 0; i < counts % 4; ++i) {
        record.findings.push_back({in.string(), in.string(), in.integer()});
    }
    for (int i = 0; i < (counts / 4) % 4; ++i) {
        record.newFindings.push_back({in.string(), in.string(), in.integer()});
    }
    record.text = in.rest();

    checkCsv(record);
    checkJsonl(record);
    checkHtml(record);
    return 0;
}
