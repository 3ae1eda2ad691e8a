#pragma once

// Shared setup for GUI tests that need the real history: the private gnome-keyring of scripts/with-keyring and
// XDG folders of the test's own.
#include "support/TestData.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

namespace veil::test {

/// Whether the private keyring is there (skips, or fails under CI, otherwise).
inline bool guiKeyringAvailable()
{
    return availableOrFailInCi(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS")
                                   && qEnvironmentVariableIsSet("VEIL_TEST_KEYRING"),
                               "a private gnome-keyring (dbus-run-session -- scripts/with-keyring)");
}

/// XDG data and config folders of the test's own, restored afterwards.
class GuiXdg
{
public:
    GuiXdg()
        : m_oldData(qgetenv("XDG_DATA_HOME"))
        , m_oldConfig(qgetenv("XDG_CONFIG_HOME"))
    {
        QDir().mkpath(m_dir.filePath(QStringLiteral("data")));
        QDir().mkpath(m_dir.filePath(QStringLiteral("config")));
        qputenv("XDG_DATA_HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("data"))));
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("config"))));
    }
    ~GuiXdg()
    {
        qputenv("XDG_DATA_HOME", m_oldData);
        qputenv("XDG_CONFIG_HOME", m_oldConfig);
    }
    GuiXdg(const GuiXdg&) = delete;
    GuiXdg& operator=(const GuiXdg&) = delete;

    QString databasePath() const { return m_dir.filePath(QStringLiteral("data/veil/history.db")); }
    QString path(const QString& relative) const { return m_dir.filePath(relative); }

private:
    QTemporaryDir m_dir;
    QByteArray m_oldData;
    QByteArray m_oldConfig;
};

} // namespace veil::test
