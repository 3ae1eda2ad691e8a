#include "redaction/KeywordMatcher.h"

#include <algorithm>
#include <deque>
#include <map>

namespace veil::redaction {

KeywordMatcher::KeywordMatcher(const std::vector<std::string>& keywords)
    : m_keywordCount(keywords.size())
{
    // Byte classes: every byte that occurs in a keyword gets its own class (upper-case letters share the
    // class of their lower-case form); every other byte is class 0.
    for (const std::string& keyword : keywords) {
        m_longestKeyword = std::max(m_longestKeyword, keyword.size());
        for (char c : keyword) {
            auto byte = static_cast<unsigned char>(c);
            if (m_byteClass[byte] == 0) {
                m_byteClass[byte] = static_cast<uint8_t>(m_classCount++);
            }
        }
    }
    for (unsigned c = 'A'; c <= 'Z'; ++c) {
        unsigned lower = c - 'A' + 'a';
        if (m_byteClass[lower] != 0) {
            m_byteClass[c] = m_byteClass[lower];
        }
    }

    // The trie, with goto edges only.
    std::vector<std::map<uint8_t, uint32_t>> edges(1);
    std::vector<std::vector<uint32_t>> outputs(1);
    for (uint32_t index = 0; index < keywords.size(); ++index) {
        const std::string& keyword = keywords[index];
        if (keyword.empty()) {
            continue;
        }
        uint32_t state = 0;
        for (char c : keyword) {
            uint8_t cls = m_byteClass[static_cast<unsigned char>(c)];
            auto it = edges[state].find(cls);
            if (it == edges[state].end()) {
                edges.emplace_back();
                outputs.emplace_back();
                uint32_t next = static_cast<uint32_t>(edges.size() - 1);
                edges[state][cls] = next;
                state = next;
            } else {
                state = it->second;
            }
        }
        outputs[state].push_back(index);
    }

    // Breadth-first: failure links folded into a complete transition table (a DFA).
    const size_t states = edges.size();
    m_transitions.assign(states * m_classCount, 0);
    std::vector<uint32_t> failure(states, 0);
    std::deque<uint32_t> queue;
    for (uint32_t cls = 0; cls < m_classCount; ++cls) {
        auto it = edges[0].find(static_cast<uint8_t>(cls));
        if (it != edges[0].end()) {
            m_transitions[cls] = it->second;
            queue.push_back(it->second);
        }
    }
    while (!queue.empty()) {
        uint32_t state = queue.front();
        queue.pop_front();
        const std::vector<uint32_t>& inherited = outputs[failure[state]];
        outputs[state].insert(outputs[state].end(), inherited.begin(), inherited.end());
        for (uint32_t cls = 0; cls < m_classCount; ++cls) {
            auto it = edges[state].find(static_cast<uint8_t>(cls));
            uint32_t viaFailure = m_transitions[failure[state] * m_classCount + cls];
            if (it != edges[state].end()) {
                failure[it->second] = viaFailure;
                m_transitions[state * m_classCount + cls] = it->second;
                queue.push_back(it->second);
            } else {
                m_transitions[state * m_classCount + cls] = viaFailure;
            }
        }
    }

    // Encode the table as row offsets with the output flag (see scan()).
    for (uint32_t& next : m_transitions) {
        const uint32_t state = next;
        next = state * m_classCount | (outputs[state].empty() ? 0 : kHasOutput);
    }

    m_outputStart.reserve(states + 1);
    for (size_t state = 0; state < states; ++state) {
        m_outputStart.push_back(static_cast<uint32_t>(m_outputs.size()));
        m_outputs.insert(m_outputs.end(), outputs[state].begin(), outputs[state].end());
    }
    m_outputStart.push_back(static_cast<uint32_t>(m_outputs.size()));
}

} // namespace veil::redaction
