#pragma once

#include "redaction/RedactionEngine.h"

#include <QMainWindow>

#include <memory>

namespace veil::app {

class RedactionPreview;

/// Veil's main window. For now it holds the composer with its redaction preview; the chat view, the
/// conversation list and the provider picker join it as the application grows.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    /// `policySummary`: what the organization's policy allows now ("Unmanaged", "Managed by ORG, policy vN, ...").
    MainWindow(std::shared_ptr<const redaction::RedactionEngine> engine, const QString& policySummary,
               QWidget* parent = nullptr);

    RedactionPreview* preview() const { return m_preview; }

private:
    RedactionPreview* m_preview = nullptr;
};

} // namespace veil::app
