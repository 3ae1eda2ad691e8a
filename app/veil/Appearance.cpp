#include "veil/Appearance.h"

#include <QApplication>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>

#include <optional>

namespace veil::app {

namespace {

const QString kKey = QStringLiteral("appearance");

struct Startup
{
    QString style;
    QPalette palette;
};

/// The style and palette the application started with, taken before the first change.
const Startup& startup()
{
    static const Startup taken{QApplication::style()->name(), QApplication::palette()};
    return taken;
}

} // namespace

Appearance::Scheme Appearance::chosen(const QSettings& settings)
{
    const QString value = settings.value(kKey).toString();
    if (value == QLatin1String("light")) {
        return Scheme::Light;
    }
    if (value == QLatin1String("dark")) {
        return Scheme::Dark;
    }
    return Scheme::System;
}

void Appearance::choose(QSettings& settings, Scheme scheme)
{
    switch (scheme) {
    case Scheme::System:
        settings.remove(kKey);
        break;
    case Scheme::Light:
        settings.setValue(kKey, QStringLiteral("light"));
        break;
    case Scheme::Dark:
        settings.setValue(kKey, QStringLiteral("dark"));
        break;
    }
}

void Appearance::apply(Scheme scheme)
{
    const Startup& original = startup();
    if (scheme == Scheme::System) {
        if (QApplication::style()->name() != original.style) {
            QApplication::setStyle(QStyleFactory::create(original.style));
        }
        QApplication::setPalette(original.palette);
        return;
    }
    if (QApplication::style()->name().compare(QLatin1String("fusion"), Qt::CaseInsensitive) != 0) {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    }
    QApplication::setPalette(scheme == Scheme::Dark ? darkPalette() : QApplication::style()->standardPalette());
}

QPalette Appearance::darkPalette()
{
    const QColor window(0x2b, 0x2d, 0x30);
    const QColor base(0x1e, 0x1f, 0x22);
    const QColor text(0xe8, 0xe8, 0xe8);
    const QColor muted(0x8c, 0x8f, 0x94);
    const QColor highlight(0x3d, 0x7a, 0xd6);
    QPalette palette;
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, window);
    palette.setColor(QPalette::ToolTipBase, window);
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::PlaceholderText, muted);
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, window);
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, QColor(0xff, 0x8a, 0x80));
    palette.setColor(QPalette::Link, QColor(0x8a, 0xb4, 0xf8));
    palette.setColor(QPalette::LinkVisited, QColor(0xc5, 0x8a, 0xf9));
    palette.setColor(QPalette::Highlight, highlight);
    palette.setColor(QPalette::HighlightedText, QColor(0xff, 0xff, 0xff));
    palette.setColor(QPalette::Light, window.lighter(150));
    palette.setColor(QPalette::Midlight, window.lighter(125));
    palette.setColor(QPalette::Mid, window.darker(120));
    palette.setColor(QPalette::Dark, window.darker(150));
    palette.setColor(QPalette::Shadow, QColor(0x10, 0x10, 0x10));
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
        palette.setColor(QPalette::Disabled, role, muted);
    }
    palette.setColor(QPalette::Disabled, QPalette::Highlight, window.lighter(130));
    return palette;
}

} // namespace veil::app
