#include "veil/ExportDialog.h"

#include "export/AgeEncryptor.h"
#include "export/Exporter.h"
#include "history/Database.h"
#include "keychain/SecretStore.h"

#include <QCheckBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSysInfo>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <span>

namespace veil::app {

using exports::AgeRecipient;
using exports::Exporter;

namespace {

QString modeName(policy::PolicyEnforcer::Mode mode)
{
    switch (mode) {
    case policy::PolicyEnforcer::Mode::Unmanaged:
        return QStringLiteral("unmanaged");
    case policy::PolicyEnforcer::Mode::Active:
        return QStringLiteral("active");
    case policy::PolicyEnforcer::Mode::NoPolicyYet:
        return QStringLiteral("no_policy_yet");
    case policy::PolicyEnforcer::Mode::NoPolicyOpen:
        return QStringLiteral("no_policy_open");
    case policy::PolicyEnforcer::Mode::Expired:
        return QStringLiteral("expired");
    case policy::PolicyEnforcer::Mode::UpdateRequired:
        return QStringLiteral("update_required");
    }
    return {};
}

struct OpenedDatabase
{
    std::unique_ptr<history::Database> db;
    QString error;
};

} // namespace

ExportDialog::ExportDialog(Setup setup, QWidget* parent)
    : QDialog(parent)
    , m_setup(std::move(setup))
{
    setWindowTitle(tr("Export history"));
    const QDate today = QDate::currentDate();
    m_since = new QDateEdit(today.addDays(-30), this);
    m_since->setObjectName(QStringLiteral("since"));
    m_since->setAccessibleName(tr("First day"));
    m_since->setCalendarPopup(true);
    m_until = new QDateEdit(today, this);
    m_until->setObjectName(QStringLiteral("until"));
    m_until->setAccessibleName(tr("Last day"));
    m_until->setCalendarPopup(true);

    m_jsonl = new QCheckBox(tr("&JSON Lines"), this);
    m_jsonl->setObjectName(QStringLiteral("formatJsonl"));
    m_csv = new QCheckBox(tr("C&SV"), this);
    m_csv->setObjectName(QStringLiteral("formatCsv"));
    m_html = new QCheckBox(tr("&HTML report"), this);
    m_html->setObjectName(QStringLiteral("formatHtml"));
    for (QCheckBox* box : {m_jsonl, m_csv, m_html}) {
        box->setChecked(true);
    }
    auto* formats = new QHBoxLayout;
    formats->addWidget(m_jsonl);
    formats->addWidget(m_csv);
    formats->addWidget(m_html);

    m_recipients = new QPlainTextEdit(this);
    m_recipients->setObjectName(QStringLiteral("recipients"));
    m_recipients->setAccessibleName(tr("Age recipients"));
    m_recipients->setPlaceholderText(tr("age1… (one per line; empty: not encrypted unless the policy requires it)"));
    m_recipients->setTabChangesFocus(true);
    m_recipients->setMaximumHeight(80);
    const QStringList required = m_setup.enforcer.exportRecipients();

    m_out = new QLineEdit(this);
    m_out->setObjectName(QStringLiteral("outPath"));
    m_out->setAccessibleName(tr("Output file"));
    m_out->setText(QDir::home().filePath(
        QStringLiteral("veil-export-%1.tar%2")
            .arg(today.toString(Qt::ISODate), required.isEmpty() ? QString() : QStringLiteral(".age"))));
    m_browse = new QPushButton(tr("&Browse…"), this);
    m_browse->setAccessibleName(tr("Choose the output file"));
    connect(m_browse, &QPushButton::clicked, this, &ExportDialog::browse);
    auto* outRow = new QHBoxLayout;
    outRow->addWidget(m_out, 1);
    outRow->addWidget(m_browse);

    auto* form = new QFormLayout;
    form->addRow(tr("&From:"), m_since);
    form->addRow(tr("&Until (inclusive):"), m_until);
    form->addRow(tr("Formats:"), formats);
    form->addRow(tr("&Recipients:"), m_recipients);
    if (!required.isEmpty()) {
        auto* policyRecipients
            = new QLabel(tr("The organization's policy encrypts every export to %n more recipient(s).", nullptr,
                            int(required.size())),
                         this);
        policyRecipients->setWordWrap(true);
        form->addRow(QString(), policyRecipients);
    }
    form->addRow(tr("&Save to:"), outRow);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("progress"));
    m_progress->setAccessibleName(tr("Export progress"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("exportStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse);
    m_status->setOpenExternalLinks(true);

    auto* buttons = new QDialogButtonBox(this);
    m_export = buttons->addButton(tr("&Export"), QDialogButtonBox::AcceptRole);
    m_export->setObjectName(QStringLiteral("startExport"));
    m_cancel = buttons->addButton(QDialogButtonBox::Close);
    m_cancel->setObjectName(QStringLiteral("cancelExport"));
    connect(m_export, &QPushButton::clicked, this, &ExportDialog::startExport);
    connect(m_cancel, &QPushButton::clicked, this, &ExportDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Exports contain only what left this machine (placeholders, never the values "
                                    "behind them), re-scanned with the current rules."),
                                 this));
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(560, sizeHint().height());
}

ExportDialog::~ExportDialog() = default; // a running Exporter is a child: destroying it cancels the work

bool ExportDialog::isRunning() const
{
    return m_preparing || (m_exporter && m_exporter->isRunning());
}

QString ExportDialog::statusText() const
{
    return m_status->text();
}

void ExportDialog::reject()
{
    if (m_exporter && m_exporter->isRunning()) {
        m_exporter->abort(); // finished() follows; the dialog stays open to say so
        return;
    }
    if (m_preparing) {
        return;
    }
    QDialog::reject();
}

void ExportDialog::browse()
{
    auto* files = new QFileDialog(this, tr("Export history to"), m_out->text());
    files->setAcceptMode(QFileDialog::AcceptSave);
    files->setAttribute(Qt::WA_DeleteOnClose);
    QPointer<ExportDialog> self(this);
    connect(files, &QFileDialog::fileSelected, this, [self](const QString& path) {
        if (self) {
            self->m_out->setText(path);
        }
    });
    files->open();
}

void ExportDialog::fail(const QString& message)
{
    setRunning(false);
    m_status->setText(message);
    Q_EMIT exportFinished(false);
}

void ExportDialog::setRunning(bool running)
{
    for (QWidget* widget : std::initializer_list<QWidget*>{m_since, m_until, m_jsonl, m_csv, m_html, m_recipients,
                                                           m_out, m_browse, m_export}) {
        widget->setEnabled(!running);
    }
    m_cancel->setText(running ? tr("&Cancel") : tr("&Close"));
}

void ExportDialog::startExport()
{
    if (isRunning()) {
        return;
    }
    Exporter::Options options;
    options.formats.clear();
    if (m_jsonl->isChecked()) {
        options.formats << QStringLiteral("jsonl");
    }
    if (m_csv->isChecked()) {
        options.formats << QStringLiteral("csv");
    }
    if (m_html->isChecked()) {
        options.formats << QStringLiteral("html");
    }
    if (options.formats.isEmpty()) {
        fail(tr("Choose at least one format."));
        return;
    }
    if (m_until->date() < m_since->date()) {
        fail(tr("The last day is before the first."));
        return;
    }
    options.since = QDateTime(m_since->date(), QTime(0, 0)).toMSecsSinceEpoch();
    options.until = QDateTime(m_until->date().addDays(1), QTime(0, 0)).toMSecsSinceEpoch();
    options.outPath = QFileInfo(m_out->text().trimmed()).absoluteFilePath();
    if (m_out->text().trimmed().isEmpty()) {
        fail(tr("Choose where to save the export."));
        return;
    }
    if (QFileInfo::exists(options.outPath)) {
        fail(tr("%1 exists already; choose another name.").arg(options.outPath));
        return;
    }
    if (!QFileInfo(QFileInfo(options.outPath).absolutePath()).isDir()) {
        fail(tr("The folder %1 does not exist.").arg(QFileInfo(options.outPath).absolutePath()));
        return;
    }
    QStringList recipientTexts = m_setup.enforcer.exportRecipients();
    const int required = int(recipientTexts.size());
    recipientTexts += m_recipients->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (int i = 0; i < recipientTexts.size(); ++i) {
        const QString text = recipientTexts[i].trimmed();
        if (text.isEmpty()) {
            continue;
        }
        auto parsed = AgeRecipient::parse(text.toUtf8());
        if (!parsed) {
            fail(i < required ? tr("The organization's policy names an export recipient that is not a valid age "
                                   "recipient.")
                              : tr("\"%1\" is not an age recipient (age1…).").arg(text));
            return;
        }
        if (!options.recipients.contains(parsed.value())) {
            options.recipients << parsed.value();
        }
    }
    if (const Status allowed = m_setup.enforcer.checkExport(options.formats, !options.recipients.isEmpty()); !allowed) {
        fail(allowed.error().message);
        return;
    }
    const QString databasePath = QFileInfo(m_setup.databasePath).absoluteFilePath();
    if (!QFileInfo::exists(databasePath)) {
        fail(tr("There is no history on this machine yet."));
        return;
    }
    options.policyVersion = m_setup.enforcer.version();
    options.policyMode = modeName(m_setup.enforcer.mode());
    options.appVersion = m_setup.appVersion;
    options.device = QSysInfo::machineHostName();

    m_preparing = true;
    setRunning(true);
    m_progress->setRange(0, 0);
    m_status->setText(tr("Opening the history…"));

    auto job = m_setup.secrets->read(keychain::SecretKind::DbKey, databasePath).release();
    job->setParent(this);
    connect(job, &Job::finished, this, [this, job, databasePath, options] {
        job->deleteLater();
        if (!job->ok()) {
            m_preparing = false;
            fail(job->secretError() == keychain::SecretError::NoBackend
                     ? tr("No keychain (Secret Service) is available to read the history key.")
                     : tr("The history key cannot be read from the keychain."));
            return;
        }
        auto key = std::make_shared<keychain::SecureBytes>(job->takeSecret());
        QtConcurrent::run([key, databasePath] {
            auto opened = std::make_shared<OpenedDatabase>();
            if (key->size() != history::Database::kKeyBytes) {
                opened->error = ExportDialog::tr("The history key in the keychain has the wrong size.");
                return opened;
            }
            auto db = history::Database::open(databasePath,
                                              std::span<const unsigned char, history::Database::kKeyBytes>(
                                                  key->data(), history::Database::kKeyBytes));
            key->clear();
            if (!db) {
                opened->error = db.error().message;
            } else {
                opened->db = std::move(db.value());
            }
            return opened;
        }).then(this, [this, options](const std::shared_ptr<OpenedDatabase>& opened) {
            m_preparing = false;
            if (!opened->db) {
                fail(tr("The history cannot be opened: %1").arg(opened->error));
                return;
            }
            auto* exporter = new Exporter(std::move(opened->db), m_setup.engine, options, this);
            m_exporter = exporter;
            connect(exporter, &Exporter::progress, this, [this](Exporter::Phase phase, qint64 done, qint64 total) {
                m_progress->setRange(0, int(std::min<qint64>(total, 1 << 30)));
                m_progress->setValue(int(std::min<qint64>(done, 1 << 30)));
                m_status->setText(phase == Exporter::Phase::Scanning
                                      ? tr("Scanning %1 of %2 messages…").arg(done).arg(total)
                                      : tr("Writing %1 of %2 messages…").arg(done).arg(total));
            });
            connect(exporter, &Job::finished, this, [this, exporter] {
                exporter->deleteLater();
                if (!exporter->ok()) {
                    fail(exporter->wasAborted() ? tr("Cancelled; no file was written.")
                                                : tr("The export failed: %1").arg(exporter->error().message));
                    return;
                }
                const Exporter::Summary& summary = exporter->summary();
                setRunning(false);
                m_progress->setRange(0, 1);
                m_progress->setValue(1);
                const QString folder = QFileInfo(summary.path).absolutePath();
                m_status->setText(
                    tr("Exported %n message(s) to <a href=\"%2\">%1</a>.", nullptr, int(summary.records))
                        .arg(summary.path.toHtmlEscaped(), QUrl::fromLocalFile(folder).toString().toHtmlEscaped()));
                Q_EMIT exportFinished(true);
            });
            exporter->start();
        });
    });
    job->start();
}

} // namespace veil::app
