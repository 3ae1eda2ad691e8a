#include "veil/ExportDialog.h"

#include "export/AgeEncryptor.h"
#include "export/ExportUploader.h"
#include "export/Exporter.h"
#include "history/Database.h"
#include "keychain/SecretStore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSysInfo>
#include <QVBoxLayout>

namespace veil::app {

using exports::AgeRecipient;
using exports::Exporter;

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
    m_workspace = new QLineEdit(this);
    m_workspace->setObjectName(QStringLiteral("workspace"));
    m_workspace->setAccessibleName(tr("Workspace"));
    m_workspace->setPlaceholderText(tr("every workspace"));
    m_provider = new QComboBox(this);
    m_provider->setObjectName(QStringLiteral("provider"));
    m_provider->setAccessibleName(tr("Provider"));
    m_provider->addItem(tr("Every provider"), QString());
    for (const QString& id : m_setup.providers) {
        m_provider->addItem(id, id);
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
    m_upload = new QLineEdit(this);
    m_upload->setObjectName(QStringLiteral("uploadUrl"));
    m_upload->setAccessibleName(tr("Upload URL"));
    m_upload->setPlaceholderText(tr("optional: https://… (a WebDAV folder ending in /, or a pre-signed URL)"));

    auto* form = new QFormLayout;
    form->addRow(tr("&From:"), m_since);
    form->addRow(tr("&Until (inclusive):"), m_until);
    form->addRow(tr("&Workspace:"), m_workspace);
    form->addRow(tr("&Provider:"), m_provider);
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
    form->addRow(tr("U&pload to:"), m_upload);

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
    return m_preparing || (m_exporter && m_exporter->isRunning()) || (m_uploader && m_uploader->isRunning());
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
    if (m_uploader && m_uploader->isRunning()) {
        m_uploader->abort();
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
    for (QWidget* widget : std::initializer_list<QWidget*>{m_since, m_until, m_workspace, m_provider, m_jsonl, m_csv,
                                                           m_html, m_recipients, m_out, m_browse, m_upload, m_export}) {
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
    options.workspace = m_workspace->text().trimmed();
    options.provider = m_provider->currentData().toString();
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
    QUrl uploadUrl;
    if (!m_upload->text().trimmed().isEmpty()) {
        uploadUrl = QUrl(m_upload->text().trimmed(), QUrl::StrictMode);
        if (!uploadUrl.isValid() || !exports::ExportUploader::isAllowedUrl(uploadUrl)) {
            fail(tr("The upload URL must be an https:// address (plain http only to this machine)."));
            return;
        }
    }
    const QString databasePath = QFileInfo(m_setup.databasePath).absoluteFilePath();
    if (!QFileInfo::exists(databasePath)) {
        fail(tr("There is no history on this machine yet."));
        return;
    }
    options.policyVersion = m_setup.enforcer.version();
    options.policyMode = policy::PolicyEnforcer::modeName(m_setup.enforcer.mode());
    options.appVersion = m_setup.appVersion;
    options.device = QSysInfo::machineHostName();

    m_preparing = true;
    setRunning(true);
    m_progress->setRange(0, 0);
    m_status->setText(tr("Opening the history…"));

    chat::OpenHistoryJob::Options open;
    open.databasePath = databasePath;
    open.askPassphrase = m_setup.passphrase;
    auto* job = new chat::OpenHistoryJob(*m_setup.secrets, std::move(open), this);
    connect(job, &Job::finished, this, [this, job, options, uploadUrl] {
        job->deleteLater();
        m_preparing = false;
        if (!job->ok()) {
            fail(job->noHistory() ? tr("There is no history on this machine yet.")
                                  : tr("The history cannot be opened: %1").arg(job->error().message));
            return;
        }
        auto* exporter = new Exporter(job->takeDatabase(), m_setup.engine, options, this);
        m_exporter = exporter;
        connect(exporter, &Exporter::progress, this, [this](Exporter::Phase phase, qint64 done, qint64 total) {
            m_progress->setRange(0, int(std::min<qint64>(total, 1 << 30)));
            m_progress->setValue(int(std::min<qint64>(done, 1 << 30)));
            m_status->setText(phase == Exporter::Phase::Scanning
                                  ? tr("Scanning %1 of %2 messages…").arg(done).arg(total)
                                  : tr("Writing %1 of %2 messages…").arg(done).arg(total));
        });
        connect(exporter, &Job::finished, this, [this, exporter, uploadUrl] {
            exporter->deleteLater();
            if (!exporter->ok()) {
                fail(exporter->wasAborted() ? tr("Cancelled; no file was written.")
                                            : tr("The export failed: %1").arg(exporter->error().message));
                return;
            }
            const Exporter::Summary& summary = exporter->summary();
            if (!uploadUrl.isEmpty()) {
                upload(summary.path, summary.records, uploadUrl);
                return;
            }
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
    job->start();
}

void ExportDialog::upload(const QString& path, qint64 records, const QUrl& url)
{
    QNetworkAccessManager* network = m_setup.network;
    if (!network) {
        if (!m_ownNetwork) {
            m_ownNetwork = new QNetworkAccessManager(this);
        }
        network = m_ownNetwork;
    }
    const QString where = exports::ExportUploader::displayUrl(url);
    auto* uploader = new exports::ExportUploader(network, path, url, this);
    uploader->setExtraCaCertificates(m_setup.caCertificates);
    m_uploader = uploader;
    m_progress->setRange(0, 0);
    m_status->setText(tr("Exported %n message(s); uploading to %1…", nullptr, int(records)).arg(where));
    connect(uploader, &exports::ExportUploader::uploadProgress, this, [this](qint64 sent, qint64 total) {
        if (total > 0) {
            m_progress->setRange(0, 1000);
            m_progress->setValue(int(sent * 1000 / total));
        }
    });
    connect(uploader, &Job::finished, this, [this, uploader, path, where] {
        uploader->deleteLater();
        setRunning(false);
        if (!uploader->ok()) {
            m_progress->setRange(0, 1);
            m_progress->setValue(0);
            m_status->setText(
                uploader->wasAborted()
                    ? tr("The upload was cancelled; the export is kept at %1.").arg(path.toHtmlEscaped())
                    : tr("The upload to %1 failed: %2 The export is kept at %3.")
                          .arg(where.toHtmlEscaped(), uploader->error().message.toHtmlEscaped(), path.toHtmlEscaped()));
            Q_EMIT exportFinished(false);
            return;
        }
        m_progress->setRange(0, 1);
        m_progress->setValue(1);
        m_status->setText(
            tr("Uploaded to %1; the export is also kept at %2.").arg(where.toHtmlEscaped(), path.toHtmlEscaped()));
        Q_EMIT exportFinished(true);
    });
    uploader->start();
}

} // namespace veil::app
