#pragma once

#include <QColor>
#include <QPalette>

namespace veil::app {

/// The few colours Veil draws itself, chosen for the palette in use so that they read well on light and on
/// dark backgrounds alike (everything else comes from the palette).
namespace theme {

/// Whether `palette` is a dark one (light text on a dark base).
bool isDark(const QPalette& palette);
/// The header of the user's messages, and of replies.
QColor userHeader(const QPalette& palette);
QColor assistantHeader(const QPalette& palette);
/// The background of code blocks: the base colour, shifted a little towards the text colour.
QColor codeBackground(const QPalette& palette);
/// The underline of a finding in the composer: red for block rules, orange for secrets, blue for personal
/// data, purple otherwise.
QColor findingColour(const QPalette& palette, bool block, bool secret, bool personal);
/// A warning text colour (over a limit, say).
QColor warningText(const QPalette& palette);

} // namespace theme
} // namespace veil::app
