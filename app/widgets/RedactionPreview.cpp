#include "widgets/RedactionPreview.h"
#include "widgets/ThemeColours.h"

#include "redaction/PlaceholderVault.h"

#include <QHeaderView>
#include <QHelpEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTableWidget>
#include <QTextBlock>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace veil::app {
namespace {

constexpr int kDebounceMs = 60;

QColor categoryColour(const QPalette& palette, const QString& category, const QString& action)
{
    return theme::findingColour(palette, action == QLatin1String("block"), category == QLatin1String("secret"),
                                category == QLatin1String("pii"));
}

/// QString (UTF-16) position for every UTF-8 byte offset of `utf8`, plus one past the end.
std::vector<int> utf16Positions(const QByteArray& utf8)
{
    std::vector<int> positions(size_t(utf8.size()) + 1, 0);
    int position = 0;
    for (qsizetype i = 0; i < utf8.size();) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        const int length = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
        for (int k = 0; k < length && i + k < utf8.size(); ++k) {
            positions[size_t(i + k)] = position;
        }
        position += length == 4 ? 2 : 1; // a 4-byte character is a surrogate pair in UTF-16
        i += length;
    }
    positions[size_t(utf8.size())] = position;
    return positions;
}

} // namespace

RedactionPreview::RedactionPreview(std::shared_ptr<const redaction::RedactionEngine> engine, QWidget* parent)
    : QWidget(parent)
    , m_engine(std::move(engine))
{
    m_editor = new QPlainTextEdit(this);
    m_editor->setPlaceholderText(tr("Type or paste a prompt. Secrets and personal data are highlighted as you type."));
    m_editor->viewport()->installEventFilter(this);
    m_editor->setObjectName(QStringLiteral("composer"));

    m_outgoing = new QPlainTextEdit(this);
    m_outgoing->setReadOnly(true);
    m_outgoing->setObjectName(QStringLiteral("outgoing"));
    m_outgoing->setPlaceholderText(tr("Nothing to send yet."));
    auto* outgoingLabel = new QLabel(tr("What leaves this machine"), this);
    outgoingLabel->setBuddy(m_outgoing);
    m_outgoingPane = new QWidget(this);
    auto* outgoingLayout = new QVBoxLayout(m_outgoingPane);
    outgoingLayout->setContentsMargins(0, 0, 0, 0);
    outgoingLayout->addWidget(outgoingLabel);
    outgoingLayout->addWidget(m_outgoing);

    auto* composerPane = new QWidget(this);
    auto* composerLayout = new QVBoxLayout(composerPane);
    composerLayout->setContentsMargins(0, 0, 0, 0);
    auto* composerLabel = new QLabel(tr("Your prompt"), this);
    composerLabel->setBuddy(m_editor);
    composerLayout->addWidget(composerLabel);
    composerLayout->addWidget(m_editor);

    auto* texts = new QSplitter(Qt::Horizontal, this);
    texts->addWidget(composerPane);
    texts->addWidget(m_outgoingPane);

    m_table = new QTableWidget(0, 4, this);
    m_table->setObjectName(QStringLiteral("findings"));
    m_table->setHorizontalHeaderLabels({tr("Rule"), tr("Category"), tr("Action"), tr("Placeholder")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        if (row >= 0 && row < m_result.findings.size()) {
            QTextCursor cursor(m_editor->document());
            cursor.setPosition(m_result.findings[row].start);
            cursor.setPosition(m_result.findings[row].start + m_result.findings[row].length, QTextCursor::KeepAnchor);
            m_editor->setTextCursor(cursor);
            m_editor->setFocus();
        }
    });

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setWordWrap(true);

    auto* vertical = new QSplitter(Qt::Vertical, this);
    vertical->addWidget(texts);
    vertical->addWidget(m_table);
    vertical->setStretchFactor(0, 3);
    vertical->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(vertical);
    layout->addWidget(m_summary);

    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &RedactionPreview::startScan);
    connect(m_editor, &QPlainTextEdit::textChanged, this, &RedactionPreview::scheduleScan);

    m_watcher = new QFutureWatcher<PreviewResult>(this);
    connect(m_watcher, &QFutureWatcher<PreviewResult>::finished, this, [this] {
        const PreviewResult result = m_watcher->result();
        if (result.generation == m_generation) {
            applyResult(result);
        }
        if (m_rescanPending) {
            m_rescanPending = false;
            startScan();
        }
    });
    applyResult(PreviewResult{});
}

RedactionPreview::~RedactionPreview()
{
    // The background scan holds its own copies (engine shared_ptr, text); wait so no result arrives late.
    m_watcher->waitForFinished();
}

QString RedactionPreview::text() const
{
    return m_editor->toPlainText();
}

void RedactionPreview::setText(const QString& text)
{
    m_editor->setPlainText(text);
}

void RedactionPreview::setOutgoingVisible(bool visible)
{
    m_outgoingPane->setVisible(visible);
}

void RedactionPreview::setEngine(std::shared_ptr<const redaction::RedactionEngine> engine)
{
    m_engine = std::move(engine);
    scheduleScan();
}

void RedactionPreview::scheduleScan()
{
    ++m_generation;
    m_debounce->start();
}

void RedactionPreview::startScan()
{
    if (m_watcher->isRunning()) {
        m_rescanPending = true; // one scan at a time; the newest text is scanned when it ends
        return;
    }
    m_watcher->setFuture(
        QtConcurrent::run([engine = m_engine, text = m_editor->toPlainText(), generation = m_generation] {
            return redactText(*engine, text, generation);
        }));
}

PreviewResult RedactionPreview::redactText(const redaction::RedactionEngine& engine, const QString& text,
                                           quint64 generation)
{
    PreviewResult result;
    result.generation = generation;
    const QByteArray utf8 = text.toUtf8();
    redaction::InMemoryVault vault;
    const redaction::Redaction redaction
        = engine.redact(std::string_view(utf8.constData(), size_t(utf8.size())), vault);
    const std::vector<int> positions = utf16Positions(utf8);
    for (const auto& f : redaction.findings) {
        PreviewFinding finding;
        finding.start = positions[f.finding.start];
        finding.length = positions[f.finding.end] - finding.start;
        finding.rule = QString::fromStdString(f.finding.rule->id);
        finding.description = QString::fromStdString(f.finding.rule->description);
        finding.message = QString::fromStdString(f.finding.rule->message);
        finding.category = QString::fromLatin1(redaction::toString(f.finding.rule->category));
        finding.action = QString::fromLatin1(redaction::toString(f.finding.action));
        finding.placeholder = QString::fromStdString(f.placeholder);
        result.findings.append(finding);
    }
    result.redacted = QString::fromStdString(redaction.redacted);
    result.blocked = redaction.blocked;
    result.needsConfirmation = redaction.needsConfirmation;
    result.capacityExceeded = redaction.capacityExceeded;
    return result;
}

void RedactionPreview::applyResult(const PreviewResult& result)
{
    m_result = result;

    QList<QTextEdit::ExtraSelection> selections;
    for (const PreviewFinding& f : result.findings) {
        QTextEdit::ExtraSelection selection;
        selection.cursor = QTextCursor(m_editor->document());
        selection.cursor.setPosition(f.start);
        selection.cursor.setPosition(f.start + f.length, QTextCursor::KeepAnchor);
        const QColor colour = categoryColour(palette(), f.category, f.action);
        QColor background = colour;
        background.setAlpha(40);
        selection.format.setBackground(background);
        selection.format.setUnderlineColor(colour);
        selection.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        selections.append(selection);
    }
    m_editor->setExtraSelections(selections);

    m_outgoing->setPlainText(result.redacted);

    m_table->setRowCount(int(result.findings.size()));
    for (int row = 0; row < result.findings.size(); ++row) {
        const PreviewFinding& f = result.findings[row];
        auto* rule
            = new QTableWidgetItem(f.description.isEmpty() ? f.rule : f.rule + QStringLiteral(" — ") + f.description);
        rule->setForeground(categoryColour(palette(), f.category, f.action));
        m_table->setItem(row, 0, rule);
        m_table->setItem(row, 1, new QTableWidgetItem(f.category));
        m_table->setItem(row, 2, new QTableWidgetItem(f.action));
        m_table->setItem(row, 3, new QTableWidgetItem(f.placeholder));
    }
    m_table->resizeColumnsToContents();

    if (result.capacityExceeded) {
        m_summary->setText(tr("This text is too complex to check completely, so it will not be sent."));
    } else if (result.blocked) {
        QString rule;
        QString message;
        for (const PreviewFinding& f : result.findings) {
            if (f.action == QLatin1String("block")) {
                rule = f.rule;
                message = f.message;
                break;
            }
        }
        m_summary->setText(message.isEmpty()
                               ? tr("Blocked by rule %1: remove the highlighted text before sending.").arg(rule)
                               : tr("Blocked by rule %1: %2").arg(rule, message));
    } else if (result.findings.isEmpty()) {
        m_summary->setText(tr("Nothing sensitive found."));
    } else {
        m_summary->setText(
            tr("%n finding(s) will be replaced by placeholders before sending.", nullptr, int(result.findings.size()))
            + (result.needsConfirmation ? tr(" Some need your confirmation.") : QString()));
    }
    Q_EMIT resultChanged(m_result);
}

const PreviewFinding* RedactionPreview::findingAt(int position) const
{
    for (const PreviewFinding& f : m_result.findings) {
        if (position >= f.start && position < f.start + f.length) {
            return &f;
        }
    }
    return nullptr;
}

void RedactionPreview::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        applyResult(m_result); // the findings' colours follow the palette
    }
}

bool RedactionPreview::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_editor->viewport() && event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int position = m_editor->cursorForPosition(help->pos()).position();
        if (const PreviewFinding* f = findingAt(position)) {
            QToolTip::showText(help->globalPos(),
                               tr("<b>%1</b><br>%2<br>Action: %3<br>Sent as %4")
                                   .arg(f->rule.toHtmlEscaped(), f->description.toHtmlEscaped(), f->action,
                                        f->placeholder.toHtmlEscaped()),
                               m_editor->viewport());
        } else {
            QToolTip::hideText();
            event->ignore();
        }
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace veil::app
