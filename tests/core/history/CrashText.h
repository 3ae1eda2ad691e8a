#pragma once

#include <cstdint>
#include <string>

namespace veil::test {

/// The text of user message n written by the crash-writer child: recognisable, and long enough (6 KB) that
/// one commit spans several database pages.
inline std::string crashText(int64_t n)
{
    std::string text = "crash-user-" + std::to_string(n) + " ";
    while (text.size() < 6000) {
        text += "lorem" + std::to_string(n * 7 + static_cast<int64_t>(text.size())) + " ";
    }
    return text;
}

} // namespace veil::test
