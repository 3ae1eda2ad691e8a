#include "veil/MainWindow.h"

#include "widgets/RedactionPreview.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>

namespace veil::app {

MainWindow::MainWindow(std::shared_ptr<const redaction::RedactionEngine> engine, const QString& policySummary,
                       QWidget* parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("Veil"));
    const int ruleCount = int(engine->catalogue().rules().size());
    m_preview = new RedactionPreview(std::move(engine), this);
    setCentralWidget(m_preview);

    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, qApp, &QApplication::quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    QAction* outgoing = view->addAction(tr("What leaves this machine"));
    outgoing->setCheckable(true);
    outgoing->setChecked(true);
    outgoing->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(outgoing, &QAction::toggled, m_preview, &RedactionPreview::setOutgoingVisible);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About Veil"));
    connect(about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About Veil"),
                           tr("<b>Veil %1</b><p>A privacy-aware shell for AI assistants: secrets and personal data are "
                              "replaced by placeholders on this machine before a prompt is sent.</p>")
                               .arg(QApplication::applicationVersion()));
    });

    auto* policy = new QLabel(policySummary, this);
    policy->setObjectName(QStringLiteral("policyBadge"));
    statusBar()->addWidget(policy);
    statusBar()->addPermanentWidget(new QLabel(tr("%n rule(s) active", nullptr, ruleCount), this));
    resize(1100, 720);
}

} // namespace veil::app
