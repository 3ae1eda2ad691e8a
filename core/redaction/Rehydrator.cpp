#include "redaction/Rehydrator.h"

#include "redaction/PlaceholderVault.h"

namespace veil::redaction {
namespace {

constexpr size_t kLongestPlaceholder = 48; // '[' + 32-character type + '_' + digits + ']'

bool isPlaceholderChar(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

} // namespace

RehydratedText Rehydrator::feed(std::string_view chunk)
{
    RehydratedText out;
    m_pending.append(chunk);
    const std::string_view buffer = m_pending;
    size_t i = 0;
    while (i < buffer.size()) {
        const size_t open = buffer.find('[', i);
        if (open == std::string_view::npos) {
            out.text.append(buffer.substr(i));
            i = buffer.size();
            break;
        }
        out.text.append(buffer.substr(i, open - i));
        size_t k = open + 1;
        while (k < buffer.size() && k - open < kLongestPlaceholder && isPlaceholderChar(buffer[k])) {
            ++k;
        }
        const bool startsWell = k == open + 1 || (buffer[open + 1] >= 'A' && buffer[open + 1] <= 'Z');
        if (k == buffer.size() && k - open < kLongestPlaceholder && startsWell) {
            i = open; // could still become a placeholder: hold back from '['
            break;
        }
        if (k < buffer.size() && buffer[k] == ']') {
            const std::string_view candidate = buffer.substr(open, k + 1 - open);
            if (isPlaceholder(candidate)) {
                if (auto value = m_vault.valueFor(candidate)) {
                    out.restored.push_back({out.text.size(), value->size(), std::string(candidate)});
                    out.text.append(*value);
                    i = k + 1;
                    continue;
                }
            }
        }
        out.text.push_back('[');
        i = open + 1;
    }
    m_pending.erase(0, i); // keeps only the held-back part
    return out;
}

RehydratedText Rehydrator::finish()
{
    RehydratedText out;
    out.text = std::move(m_pending);
    m_pending.clear();
    return out;
}

RehydratedText Rehydrator::rehydrate(const PlaceholderVault& vault, std::string_view text)
{
    Rehydrator rehydrator(vault);
    RehydratedText out = rehydrator.feed(text);
    RehydratedText rest = rehydrator.finish();
    out.text.append(rest.text);
    return out;
}

} // namespace veil::redaction
