#include "widgets/ThemeColours.h"

namespace veil::app::theme {

namespace {

QColor pick(const QPalette& palette, QColor light, QColor dark)
{
    return isDark(palette) ? dark : light;
}

QColor blend(const QColor& from, const QColor& to, double amount)
{
    return QColor::fromRgbF(float(from.redF() + (to.redF() - from.redF()) * amount),
                            float(from.greenF() + (to.greenF() - from.greenF()) * amount),
                            float(from.blueF() + (to.blueF() - from.blueF()) * amount));
}

} // namespace

bool isDark(const QPalette& palette)
{
    return palette.color(QPalette::Base).lightness() < palette.color(QPalette::Text).lightness();
}

QColor userHeader(const QPalette& palette)
{
    return pick(palette, QColor(0x15, 0x65, 0xc0), QColor(0x90, 0xca, 0xf9));
}

QColor assistantHeader(const QPalette& palette)
{
    return pick(palette, QColor(0x2e, 0x7d, 0x32), QColor(0xa5, 0xd6, 0xa7));
}

QColor codeBackground(const QPalette& palette)
{
    return blend(palette.color(QPalette::Base), palette.color(QPalette::Text), 0.06);
}

QColor findingColour(const QPalette& palette, bool block, bool secret, bool personal)
{
    if (block) {
        return pick(palette, QColor(0xd3, 0x2f, 0x2f), QColor(0xef, 0x9a, 0x9a));
    }
    if (secret) {
        return pick(palette, QColor(0xe6, 0x51, 0x00), QColor(0xff, 0xb7, 0x4d));
    }
    if (personal) {
        return pick(palette, QColor(0x15, 0x65, 0xc0), QColor(0x90, 0xca, 0xf9));
    }
    return pick(palette, QColor(0x6a, 0x1b, 0x9a), QColor(0xce, 0x93, 0xd8));
}

QColor warningText(const QPalette& palette)
{
    return pick(palette, QColor(0xc6, 0x28, 0x28), QColor(0xef, 0x9a, 0x9a));
}

} // namespace veil::app::theme
