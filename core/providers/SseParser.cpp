#include "providers/SseParser.h"

#include <QLocale>

namespace veil::providers {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

std::optional<std::int64_t> parseRetry(std::string_view value)
{
    if (value.empty() || value.size() > 18) { // 18 digits always fit into an int64
        return std::nullopt;
    }
    std::int64_t ms = 0;
    for (const char c : value) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        ms = ms * 10 + (c - '0');
    }
    return ms;
}

void dropFinalNewline(std::string& text)
{
    if (!text.empty() && text.back() == '\n') {
        text.pop_back();
    }
}

} // namespace

std::vector<SseEvent> SseParser::feed(std::string_view bytes)
{
    std::vector<SseEvent> out;
    if (m_error || m_finished) {
        return out;
    }
    size_t i = 0;
    while (i < bytes.size()) {
        if (m_skipLf) {
            m_skipLf = false;
            if (bytes[i] == '\n') {
                ++i;
                continue;
            }
        }
        const size_t end = bytes.find_first_of("\r\n", i);
        const std::string_view piece = bytes.substr(i, end == std::string_view::npos ? end : end - i);
        if (!fits(m_line.size() + piece.size())) {
            return out;
        }
        if (end == std::string_view::npos) {
            m_line.append(piece);
            break;
        }
        if (m_line.empty()) {
            consumeLine(piece, out);
        } else {
            m_line.append(piece);
            consumeLine(m_line, out);
            m_line.clear();
        }
        if (m_error) {
            return out;
        }
        m_skipLf = bytes[end] == '\r';
        i = end + 1;
    }
    return out;
}

std::vector<SseEvent> SseParser::finish()
{
    std::vector<SseEvent> out;
    if (m_error || m_finished) {
        return out;
    }
    m_finished = true;
    if (!m_line.empty()) {
        const std::string line = std::move(m_line);
        m_line.clear();
        consumeLine(line, out);
    }
    if (!m_error) {
        dispatch(out);
    }
    return out;
}

size_t SseParser::bufferedSize() const
{
    return m_type.size() + m_data.size() + (m_errorField ? m_errorField->size() : 0);
}

bool SseParser::fits(size_t extra)
{
    if (bufferedSize() + extra <= m_maxEventSize) {
        return true;
    }
    const qint64 limit = static_cast<qint64>(m_maxEventSize);
    m_error = Error{Error::Code::Capacity,
                    QStringLiteral("An event in the stream is larger than the limit of %1.")
                        .arg(QLocale::c().formattedDataSize(limit, limit % 1024 == 0 ? 0 : 1))};
    return false;
}

void SseParser::consumeLine(std::string_view line, std::vector<SseEvent>& out)
{
    if (m_firstLine) {
        m_firstLine = false;
        if (line.starts_with(kByteOrderMark)) {
            line.remove_prefix(kByteOrderMark.size());
        }
    }
    if (line.empty()) {
        dispatch(out);
        return;
    }
    if (line.front() == ':') {
        return; // a comment, often a keep-alive
    }
    const size_t colon = line.find(':');
    const std::string_view field = line.substr(0, colon);
    std::string_view value = colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
    if (value.starts_with(' ')) {
        value.remove_prefix(1);
    }
    if (field == "data") {
        m_data.append(value);
        m_data.push_back('\n');
    } else if (field == "event") {
        m_type.assign(value);
    } else if (field == "id") {
        if (value.find('\0') == std::string_view::npos) {
            m_lastId.assign(value);
        }
    } else if (field == "retry") {
        if (const auto ms = parseRetry(value)) {
            m_blockRetryMs = ms;
            m_retryMs = ms;
        }
    } else if (field == "error") {
        if (!m_errorField) {
            m_errorField.emplace();
        }
        m_errorField->append(value);
        m_errorField->push_back('\n');
    }
    fits(0); // the separators added above count too
}

void SseParser::dispatch(std::vector<SseEvent>& out)
{
    if (!m_data.empty() || m_errorField) {
        SseEvent event;
        event.type = std::move(m_type);
        event.data = std::move(m_data);
        dropFinalNewline(event.data);
        event.id = m_lastId;
        event.retryMs = m_blockRetryMs;
        if (m_errorField) {
            event.error = std::move(m_errorField);
            dropFinalNewline(*event.error);
        }
        out.push_back(std::move(event));
    }
    m_type.clear();
    m_data.clear();
    m_errorField.reset();
    m_blockRetryMs.reset();
}

} // namespace veil::providers
