#include "providers/NdjsonParser.h"

#include <QLocale>

namespace veil::providers {

std::vector<std::string> NdjsonParser::feed(std::string_view bytes)
{
    std::vector<std::string> out;
    if (m_error || m_finished) {
        return out;
    }
    size_t i = 0;
    while (i < bytes.size()) {
        const size_t end = bytes.find('\n', i);
        const std::string_view piece = bytes.substr(i, end == std::string_view::npos ? end : end - i);
        if (!fits(m_line.size() + piece.size())) {
            return out;
        }
        if (end == std::string_view::npos) {
            m_line.append(piece);
            break;
        }
        if (m_line.empty()) {
            keep(piece, out);
        } else {
            m_line.append(piece);
            keep(m_line, out);
            m_line.clear();
        }
        i = end + 1;
    }
    return out;
}

std::vector<std::string> NdjsonParser::finish()
{
    std::vector<std::string> out;
    if (m_error || m_finished) {
        return out;
    }
    m_finished = true;
    keep(m_line, out);
    m_line.clear();
    return out;
}

bool NdjsonParser::fits(size_t size)
{
    if (size <= m_maxLineSize) {
        return true;
    }
    const qint64 limit = static_cast<qint64>(m_maxLineSize);
    m_error = Error{Error::Code::Capacity,
                    QStringLiteral("A line in the stream is longer than the limit of %1.")
                        .arg(QLocale::c().formattedDataSize(limit, limit % 1024 == 0 ? 0 : 1))};
    return false;
}

void NdjsonParser::keep(std::string_view line, std::vector<std::string>& out)
{
    if (line.ends_with('\r')) {
        line.remove_suffix(1);
    }
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
        out.emplace_back(line);
    }
}

} // namespace veil::providers
