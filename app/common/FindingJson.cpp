#include "common/FindingJson.h"

namespace veil::app {

QJsonArray findingsToJson(const std::vector<redaction::RedactedFinding>& findings)
{
    QJsonArray array;
    for (const auto& f : findings) {
        QJsonObject object;
        object.insert(QStringLiteral("rule"), QString::fromStdString(f.finding.rule->id));
        object.insert(QStringLiteral("category"), QLatin1StringView(redaction::toString(f.finding.rule->category)));
        object.insert(QStringLiteral("action"), QLatin1StringView(redaction::toString(f.finding.action)));
        object.insert(QStringLiteral("start"), static_cast<qint64>(f.finding.start));
        object.insert(QStringLiteral("end"), static_cast<qint64>(f.finding.end));
        object.insert(QStringLiteral("placeholder"), QString::fromStdString(f.placeholder));
        array.append(object);
    }
    return array;
}

bool isValidUtf8(const QByteArray& bytes)
{
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.constData());
    const qsizetype n = bytes.size();
    qsizetype i = 0;
    while (i < n) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int length;
        unsigned min;
        unsigned cp;
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
            min = 0x80;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            length = 3;
            min = 0x800;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            min = 0x10000;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + length > n) {
            return false;
        }
        for (int k = 1; k < length; ++k) {
            if ((p[i + k] & 0xC0) != 0x80) {
                return false;
            }
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return false;
        }
        i += length;
    }
    return true;
}

} // namespace veil::app
