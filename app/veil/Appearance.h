#pragma once

#include <QPalette>
#include <QString>

class QSettings;

namespace veil::app {

/// Light or dark: the colour scheme the window uses, chosen in Settings > Appearance and kept in QSettings
/// (key `appearance`: `system`, `light` or `dark`). System leaves the desktop's style and palette alone; Light
/// and Dark use the Fusion style with a light or a dark palette, whatever the desktop does. Applies at once.
class Appearance
{
public:
    enum class Scheme { System, Light, Dark };

    static Scheme chosen(const QSettings& settings);
    static void choose(QSettings& settings, Scheme scheme);
    /// Makes `scheme` the application's (QApplication must exist). System brings back the style and palette
    /// the application had before the first call.
    static void apply(Scheme scheme);
    static QPalette darkPalette();
};

} // namespace veil::app
