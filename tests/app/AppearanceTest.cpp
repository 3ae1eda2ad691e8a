// Settings > Appearance: light and dark palettes applied at once, remembered, and followed by the colours Veil
// draws itself (message headers, code blocks, finding underlines).
#include "veil/Appearance.h"
#include "support/CatchQt.h"
#include "veil/AppearanceMenu.h"
#include "widgets/ConversationView.h"
#include "widgets/ThemeColours.h"

#include <QAction>
#include <QApplication>
#include <QSettings>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextDocument>

using veil::app::Appearance;
using veil::app::ConversationView;
using veil::app::ViewMessage;

namespace {

/// The background of the code block "ls -la" and the colour of the first header in `view`.
std::pair<QColor, QColor> drawnColours(ConversationView& view)
{
    auto* browser = view.findChild<QTextBrowser*>(QStringLiteral("conversation"));
    REQUIRE(browser);
    QColor code;
    QColor header;
    for (QTextBlock block = browser->document()->begin(); block.isValid(); block = block.next()) {
        if (!header.isValid()) {
            header = block.begin().fragment().charFormat().foreground().color();
        }
        if (block.text() == QStringLiteral("ls -la")) {
            code = block.blockFormat().background().color();
        }
    }
    return {code, header};
}

/// Restores the desktop's scheme however a test ends.
struct SchemeGuard
{
    ~SchemeGuard() { Appearance::apply(Appearance::Scheme::System); }
};

} // namespace

TEST_CASE("dark and light schemes change the palette and the colours Veil draws", "[gui][appearance]")
{
    SchemeGuard guard;
    const QPalette original = QApplication::palette();
    ConversationView view;
    ViewMessage user{ViewMessage::Role::User, QStringLiteral("question"), {}, ViewMessage::State::Complete, false};
    ViewMessage reply{ViewMessage::Role::Assistant, QStringLiteral("Try:\n\n```sh\nls -la\n```\n"),
                      QStringLiteral("p · m"), ViewMessage::State::Complete, false};
    view.setMessages({user, reply});

    Appearance::apply(Appearance::Scheme::Dark);
    QApplication::processEvents();
    CHECK(veil::app::theme::isDark(QApplication::palette()));
    CHECK(QApplication::palette().color(QPalette::Base).lightness() < 60);
    auto [darkCode, darkHeader] = drawnColours(view);
    REQUIRE(darkCode.isValid());
    CHECK(darkCode.lightness() < 80); // the code block is dark too, not a light box on a dark page
    CHECK(darkHeader.lightness() > 150); // and the header light enough to read

    Appearance::apply(Appearance::Scheme::Light);
    QApplication::processEvents();
    CHECK_FALSE(veil::app::theme::isDark(QApplication::palette()));
    auto [lightCode, lightHeader] = drawnColours(view);
    CHECK(lightCode.lightness() > 200);
    CHECK(lightHeader.lightness() < 150);
    // Finding underlines keep their meaning and stay readable in both.
    CHECK(veil::app::theme::findingColour(Appearance::darkPalette(), true, false, false).lightness() > 150);
    CHECK(veil::app::theme::findingColour(QApplication::palette(), true, false, false).lightness() < 150);

    Appearance::apply(Appearance::Scheme::System);
    CHECK(QApplication::palette() == original);
}

TEST_CASE("the appearance chosen in the menu is remembered and applied at once", "[gui][appearance]")
{
    SchemeGuard guard;
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("veil.ini")), QSettings::IniFormat);
    CHECK(Appearance::chosen(settings) == Appearance::Scheme::System);
    veil::app::AppearanceMenu menu(nullptr, &settings);
    auto* dark = menu.findChild<QAction*>(QStringLiteral("appearanceDark"));
    auto* system = menu.findChild<QAction*>(QStringLiteral("appearanceSystem"));
    REQUIRE(dark);
    REQUIRE(system);
    CHECK(system->isChecked());
    dark->trigger();
    CHECK(dark->isChecked());
    CHECK(Appearance::chosen(settings) == Appearance::Scheme::Dark);
    CHECK(settings.value(QStringLiteral("appearance")).toString() == QStringLiteral("dark"));
    CHECK(veil::app::theme::isDark(QApplication::palette()));

    system->trigger();
    CHECK(Appearance::chosen(settings) == Appearance::Scheme::System);
    CHECK_FALSE(settings.contains(QStringLiteral("appearance")));
}
