#include "keychain/LibsecretStore.h"
#include "support/CatchQt.h"
#include "support/TestData.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace veil::keychain;

namespace {

/// scripts/with-keyring sets VEIL_TEST_KEYRING inside its private session. The tests never write to a
/// keyring they did not get from it: a developer's own login keyring stays untouched.
bool keyringAvailable()
{
    return veil::test::availableOrFailInCi(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS")
                                               && qEnvironmentVariableIsSet("VEIL_TEST_KEYRING"),
                                           "a private gnome-keyring (dbus-run-session -- scripts/with-keyring)");
}

/// A key no other test process sharing the daemon uses.
QString uniqueKey(const char* prefix)
{
    return QString::fromLatin1(prefix) + QLatin1Char('-')
        + QString::number(QRandomGenerator::global()->generate64(), 36);
}

SecureBytes text(const char* value)
{
    return SecureBytes::copyOf(QByteArrayView(value));
}

/// Starts `job`, waits for finished(), and checks the Job contract around it.
void run(veil::Job& job, int timeoutMs = 15000)
{
    QSignalSpy finished(&job, &veil::Job::finished);
    job.start();
    CHECK(finished.isEmpty()); // start() never completes synchronously
    REQUIRE(finished.wait(timeoutMs));
    QCoreApplication::processEvents();
    CHECK(finished.size() == 1);
}

/// `secret-tool search --all application veil <attribute> <value>`: what Seahorse and others see.
QString secretToolSearch(const QString& attribute, const QString& value)
{
    QProcess tool;
    tool.start(QStringLiteral("secret-tool"),
               {QStringLiteral("search"), QStringLiteral("--all"), QStringLiteral("application"),
                QStringLiteral("veil"), attribute, value});
    REQUIRE(tool.waitForFinished(15000));
    return QString::fromUtf8(tool.readAllStandardOutput() + tool.readAllStandardError());
}

/// Runs one hidden test case of this executable in a child process with `environment`, and returns its exit code.
int runChild(const QString& testName, const QProcessEnvironment& environment, const QStringList& wrapper = {},
             int timeoutMs = 60000)
{
    QProcess child;
    child.setProcessEnvironment(environment);
    child.setProcessChannelMode(QProcess::MergedChannels);
    QStringList arguments = wrapper;
    arguments << QCoreApplication::applicationFilePath() << testName;
    const QString program = arguments.takeFirst();
    child.start(program, arguments);
    REQUIRE(child.waitForStarted(10000));
    if (!child.waitForFinished(timeoutMs)) {
        child.kill();
        child.waitForFinished(5000);
        FAIL("the child test did not finish in time");
    }
    if (child.exitStatus() != QProcess::NormalExit || child.exitCode() != 0) {
        WARN("child output:\n" << QString::fromUtf8(child.readAll()).toStdString());
    }
    CHECK(child.exitStatus() == QProcess::NormalExit);
    return child.exitCode();
}

/// The process that owns the Secret Service name on the session bus, or 0 when none does.
pid_t secretServicePid()
{
    QProcess gdbus;
    gdbus.start(QStringLiteral("gdbus"),
                {QStringLiteral("call"), QStringLiteral("--session"), QStringLiteral("--dest"),
                 QStringLiteral("org.freedesktop.DBus"), QStringLiteral("--object-path"),
                 QStringLiteral("/org/freedesktop/DBus"), QStringLiteral("--method"),
                 QStringLiteral("org.freedesktop.DBus.GetConnectionUnixProcessID"),
                 QStringLiteral("org.freedesktop.secrets")});
    if (!gdbus.waitForFinished(15000) || gdbus.exitCode() != 0) {
        return 0;
    }
    // "(uint32 1234,)"
    const QByteArray out = gdbus.readAllStandardOutput();
    const qsizetype space = out.indexOf(' ');
    return space < 0 ? 0 : pid_t(out.mid(space + 1, out.indexOf(',') - space - 1).toLong());
}

/// Starts gnome-keyring-daemon on this session bus with its login keyring unlocked by `password` (through a pipe,
/// never argv), replacing a daemon that runs already; returns the new daemon's PID (0 on failure).
pid_t startKeyringDaemon(const QByteArray& password, pid_t previous = 0)
{
    QProcess daemon;
    daemon.start(QStringLiteral("gnome-keyring-daemon"),
                 {QStringLiteral("--replace"), QStringLiteral("--unlock"), QStringLiteral("--components=secrets")});
    if (!daemon.waitForStarted(10000)) {
        return 0;
    }
    daemon.write(password);
    daemon.closeWriteChannel();
    if (!daemon.waitForFinished(15000)) { // it forks away and the first process returns
        return 0;
    }
    for (int i = 0; i < 100; ++i) {
        const pid_t pid = secretServicePid();
        if (pid != 0 && pid != previous) {
            return pid;
        }
        QTest::qWait(100);
    }
    return 0;
}

} // namespace

TEST_CASE("an API key round-trips through the Secret Service with Veil's attributes and label", "[keychain][libsecret]")
{
    if (!keyringAvailable()) {
        return;
    }
    LibsecretStore store;
    const QString provider = uniqueKey("anthropic");

    auto write = store.write(SecretKind::ApiKey, provider, QString(), text("sk-ant-test-0123456789"));
    run(*write);
    INFO((write->ok() ? QString() : write->error().message).toStdString());
    REQUIRE(write->ok());

    auto read = store.read(SecretKind::ApiKey, provider);
    run(*read);
    REQUIRE(read->ok());
    CHECK(read->secret().view() == QByteArrayView("sk-ant-test-0123456789"));
    const SecureBytes taken = read->takeSecret();
    CHECK(read->secret().isEmpty());
    CHECK(taken.size() == 22);

    const QString seen = secretToolSearch(QStringLiteral("provider"), provider);
    CHECK(seen.contains(QStringLiteral("label = Veil API key for ") + provider));
    CHECK(seen.contains(QStringLiteral("attribute.application = veil")));
    CHECK(seen.contains(QStringLiteral("attribute.kind = api-key")));
    CHECK(seen.contains(QStringLiteral("attribute.provider = ") + provider));

    auto list = store.list(SecretKind::ApiKey);
    run(*list);
    REQUIRE(list->ok());
    const auto found = std::find_if(list->entries().begin(), list->entries().end(),
                                    [&provider](const SecretEntry& e) { return e.key == provider; });
    REQUIRE(found != list->entries().end());
    CHECK(found->kind == SecretKind::ApiKey);
    CHECK(found->label == QStringLiteral("Veil API key for ") + provider);

    SECTION("writing again replaces the secret instead of adding an item")
    {
        auto again = store.write(SecretKind::ApiKey, provider, QString(), text("sk-ant-test-replaced"));
        run(*again);
        REQUIRE(again->ok());
        auto reread = store.read(SecretKind::ApiKey, provider);
        run(*reread);
        REQUIRE(reread->ok());
        CHECK(reread->secret().view() == QByteArrayView("sk-ant-test-replaced"));
        CHECK(secretToolSearch(QStringLiteral("provider"), provider).count(QStringLiteral("label = ")) == 1);
    }
    SECTION("remove deletes it; reading or removing again is NotFound")
    {
        auto remove = store.remove(SecretKind::ApiKey, provider);
        run(*remove);
        REQUIRE(remove->ok());
        CHECK(secretToolSearch(QStringLiteral("provider"), provider).isEmpty());

        auto gone = store.read(SecretKind::ApiKey, provider);
        run(*gone);
        REQUIRE_FALSE(gone->ok());
        CHECK(gone->secretError() == SecretError::NotFound);
        CHECK(gone->error().code == veil::Error::Code::NotFound);
        CHECK(gone->error().message.contains(provider));

        auto removeAgain = store.remove(SecretKind::ApiKey, provider);
        run(*removeAgain);
        CHECK(removeAgain->secretError() == SecretError::NotFound);
    }
    auto cleanup = store.remove(SecretKind::ApiKey, provider);
    run(*cleanup);
}

TEST_CASE("a binary database key and a workspace context round-trip and list by kind", "[keychain][libsecret]")
{
    if (!keyringAvailable()) {
        return;
    }
    LibsecretStore store;
    const QString database = uniqueKey("history");
    const QString workspace = uniqueKey("legal");

    SecureBytes dbKey(32);
    for (std::size_t i = 0; i < dbKey.size(); ++i) {
        dbKey.data()[i] = static_cast<unsigned char>(i * 37); // includes 0x00 and bytes that are not UTF-8
    }
    const SecureBytes expected = SecureBytes::copyOf(dbKey.view());
    auto writeKey = store.write(SecretKind::DbKey, database, QString(), std::move(dbKey));
    run(*writeKey);
    REQUIRE(writeKey->ok());
    auto writeContext
        = store.write(SecretKind::Context, workspace, QString(), text("Answer in German.\nPinned: clause 7"));
    run(*writeContext);
    REQUIRE(writeContext->ok());

    auto readKey = store.read(SecretKind::DbKey, database);
    run(*readKey);
    REQUIRE(readKey->ok());
    CHECK(readKey->secret().equals(expected));
    auto readContext = store.read(SecretKind::Context, workspace);
    run(*readContext);
    REQUIRE(readContext->ok());
    CHECK(readContext->secret().view() == QByteArrayView("Answer in German.\nPinned: clause 7"));

    const QString seenKey = secretToolSearch(QStringLiteral("workspace"), database);
    CHECK(seenKey.contains(QStringLiteral("label = Veil database key for ") + database));
    CHECK(seenKey.contains(QStringLiteral("attribute.kind = db-key")));
    const QString seenContext = secretToolSearch(QStringLiteral("workspace"), workspace);
    CHECK(seenContext.contains(QStringLiteral("label = Veil context for workspace ") + workspace));
    CHECK(seenContext.contains(QStringLiteral("attribute.kind = context")));

    auto contexts = store.list(SecretKind::Context);
    run(*contexts);
    REQUIRE(contexts->ok());
    CHECK(std::any_of(contexts->entries().begin(), contexts->entries().end(),
                      [&](const SecretEntry& e) { return e.key == workspace && e.kind == SecretKind::Context; }));
    CHECK(std::none_of(contexts->entries().begin(), contexts->entries().end(),
                       [&](const SecretEntry& e) { return e.key == database; }));

    auto removeKey = store.remove(SecretKind::DbKey, database);
    run(*removeKey);
    CHECK(removeKey->ok());
    auto removeContext = store.remove(SecretKind::Context, workspace);
    run(*removeContext);
    CHECK(removeContext->ok());
}

TEST_CASE("reading a key that was never stored is NotFound", "[keychain][libsecret]")
{
    if (!keyringAvailable()) {
        return;
    }
    LibsecretStore store;
    auto read = store.read(SecretKind::ApiKey, uniqueKey("never-stored"));
    run(*read);
    REQUIRE_FALSE(read->ok());
    CHECK(read->secretError() == SecretError::NotFound);
    CHECK(read->error().code == veil::Error::Code::NotFound);
    CHECK(read->secret().isEmpty());
}

TEST_CASE("abort finishes a keychain job once, as cancelled, and no callback reaches a deleted job",
          "[keychain][libsecret]")
{
    if (!keyringAvailable()) {
        return;
    }
    LibsecretStore store;
    const QString provider = uniqueKey("aborted");

    SECTION("abort before the work began")
    {
        auto read = store.read(SecretKind::ApiKey, provider);
        QSignalSpy finished(read.get(), &veil::Job::finished);
        read->start();
        read->abort();
        CHECK(finished.size() == 1);
        CHECK(read->secretError() == SecretError::Cancelled);
        CHECK(read->error().code == veil::Error::Code::Cancelled);
        QTest::qWait(300);
        CHECK(finished.size() == 1);
    }
    SECTION("abort while libsecret is working, then delete the job at once")
    {
        for (int i = 0; i < 5; ++i) {
            auto write = store.write(SecretKind::ApiKey, provider, QString(), text("sk-aborted"));
            QSignalSpy finished(write.get(), &veil::Job::finished);
            write->start();
            QCoreApplication::processEvents(); // run(): the asynchronous call is now in flight
            write->abort();
            CHECK(finished.size() == 1);
            CHECK(write->error().code == veil::Error::Code::Cancelled);
            write.reset();
            auto read = store.read(SecretKind::ApiKey, provider);
            read->start();
            QCoreApplication::processEvents();
            read.reset(); // deleted without abort: its GCancellable is cancelled by the destructor
            QTest::qWait(100); // the completions arrive and must find no job
        }
    }
    // The cancelled write may or may not have reached the daemon first; leave nothing behind.
    auto cleanup = store.remove(SecretKind::ApiKey, provider);
    run(*cleanup);
}

TEST_CASE("a locked keyring makes reads and writes fail as Locked without hanging", "[keychain][libsecret]")
{
    if (!keyringAvailable()) {
        return;
    }
    // Locking is daemon-wide: do it in a child with its own bus and keyring, so parallel tests are unaffected.
    const QString script = veil::test::sourceDir() + QStringLiteral("/scripts/with-keyring");
    const QString dbusRunSession = QStandardPaths::findExecutable(QStringLiteral("dbus-run-session"));
    REQUIRE_FALSE(dbusRunSession.isEmpty());
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("VEIL_KEYCHAIN_CHILD"), QStringLiteral("locked"));
    environment.remove(QStringLiteral("CI"));
    CHECK(runChild(QStringLiteral("child: a locked collection refuses access"), environment,
                   {dbusRunSession, QStringLiteral("--"), script})
          == 0);
}

TEST_CASE("child: a locked collection refuses access", "[.][keychain-child]")
{
    if (qEnvironmentVariable("VEIL_KEYCHAIN_CHILD") != QLatin1String("locked")) {
        return;
    }
    LibsecretStore store;
    auto write = store.write(SecretKind::ApiKey, QStringLiteral("locked-provider"), QString(), text("sk-locked"));
    run(*write);
    REQUIRE(write->ok());

    // Lock the login collection over D-Bus (`secret-tool lock` in libsecret 0.20.5 hangs on a bad object path).
    QProcess lock;
    lock.start(QStringLiteral("gdbus"),
               {QStringLiteral("call"), QStringLiteral("--session"), QStringLiteral("--dest"),
                QStringLiteral("org.freedesktop.secrets"), QStringLiteral("--object-path"),
                QStringLiteral("/org/freedesktop/secrets"), QStringLiteral("--method"),
                QStringLiteral("org.freedesktop.Secret.Service.Lock"),
                QStringLiteral("['/org/freedesktop/secrets/collection/login']")});
    REQUIRE(lock.waitForFinished(15000));
    REQUIRE(lock.exitCode() == 0);

    // Unlocking needs the desktop prompter; with no display it cannot appear, which is a refusal.
    QElapsedTimer timer;
    timer.start();
    auto read = store.read(SecretKind::ApiKey, QStringLiteral("locked-provider"));
    run(*read);
    REQUIRE_FALSE(read->ok());
    CHECK(read->secretError() == SecretError::Locked);
    CHECK(read->error().code == veil::Error::Code::Denied);
    CHECK(read->secret().isEmpty());
    CHECK(timer.elapsed() < 10000);

    auto another = store.write(SecretKind::ApiKey, QStringLiteral("other"), QString(), text("sk-other"));
    run(*another);
    REQUIRE_FALSE(another->ok());
    CHECK(another->secretError() == SecretError::Locked);

    auto list = store.list(SecretKind::ApiKey); // listing reads attributes only, locked or not
    run(*list);
    CHECK(list->ok());
}

TEST_CASE("without a Secret Service on the bus every call is NoBackend, quickly", "[keychain][libsecret]")
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                       QStringLiteral("unix:path=/nonexistent/veil-test/dead-bus-socket"));
    environment.insert(QStringLiteral("VEIL_KEYCHAIN_CHILD"), QStringLiteral("no-backend"));
    environment.remove(QStringLiteral("DBUS_STARTER_ADDRESS"));
    environment.remove(QStringLiteral("CI"));
    QElapsedTimer timer;
    timer.start();
    CHECK(runChild(QStringLiteral("child: no backend"), environment) == 0);
    CHECK(timer.elapsed() < 30000);
}

TEST_CASE("child: no backend", "[.][keychain-child]")
{
    if (qEnvironmentVariable("VEIL_KEYCHAIN_CHILD") != QLatin1String("no-backend")) {
        return;
    }
    LibsecretStore store;
    QElapsedTimer timer;
    timer.start();
    auto read = store.read(SecretKind::DbKey, QStringLiteral("history"));
    run(*read, 10000);
    REQUIRE_FALSE(read->ok());
    CHECK(read->secretError() == SecretError::NoBackend);
    CHECK(read->error().code == veil::Error::Code::Unavailable);
    CHECK(read->error().message.contains(QStringLiteral("No keychain")));

    auto write = store.write(SecretKind::ApiKey, QStringLiteral("openai"), QString(), text("sk-nobackend"));
    run(*write, 10000);
    CHECK(write->secretError() == SecretError::NoBackend);
    auto list = store.list(SecretKind::ApiKey);
    run(*list, 10000);
    CHECK(list->secretError() == SecretError::NoBackend);
    auto remove = store.remove(SecretKind::ApiKey, QStringLiteral("openai"));
    run(*remove, 10000);
    CHECK(remove->secretError() == SecretError::NoBackend);
    CHECK(timer.elapsed() < 10000);
}

TEST_CASE("the keychain daemon killed mid-operation: jobs fail with one sentence, and a restarted daemon serves again",
          "[keychain][libsecret][fault]")
{
    const QString dbusRunSession = QStandardPaths::findExecutable(QStringLiteral("dbus-run-session"));
    const bool tools = !dbusRunSession.isEmpty()
        && !QStandardPaths::findExecutable(QStringLiteral("gnome-keyring-daemon")).isEmpty()
        && !QStandardPaths::findExecutable(QStringLiteral("gdbus")).isEmpty();
    if (!veil::test::availableOrFailInCi(tools, "dbus-run-session, gnome-keyring-daemon and gdbus")) {
        return;
    }
    // The daemon is killed and restarted: in a child with its own bus, home and keyring.
    QTemporaryDir home;
    REQUIRE(home.isValid());
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"home", "data", "config", "cache", "runtime"}) {
        REQUIRE(QDir().mkpath(home.filePath(QString::fromLatin1(name))));
    }
    REQUIRE(QFile::setPermissions(home.filePath(QStringLiteral("runtime")),
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
    environment.insert(QStringLiteral("HOME"), home.filePath(QStringLiteral("home")));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), home.filePath(QStringLiteral("cache")));
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), home.filePath(QStringLiteral("runtime")));
    environment.remove(QStringLiteral("GNOME_KEYRING_CONTROL"));
    environment.remove(QStringLiteral("VEIL_TEST_KEYRING"));
    environment.insert(QStringLiteral("VEIL_KEYCHAIN_CHILD"), QStringLiteral("killed"));
    environment.remove(QStringLiteral("CI"));
    CHECK(runChild(QStringLiteral("child: the daemon dies under a running job"), environment,
                   {dbusRunSession, QStringLiteral("--")}, 120000)
          == 0);
}

TEST_CASE("child: the daemon dies under a running job", "[.][keychain-child]")
{
    if (qEnvironmentVariable("VEIL_KEYCHAIN_CHILD") != QLatin1String("killed")) {
        return;
    }
    const QByteArray password = QByteArray::number(QRandomGenerator::global()->generate64(), 36);
    pid_t daemon = startKeyringDaemon(password);
    REQUIRE(daemon > 0);
    LibsecretStore store;
    auto before = store.write(SecretKind::ApiKey, QStringLiteral("crash-provider"), QString(), text("sk-before-crash"));
    run(*before);
    REQUIRE(before->ok());

    // Freeze the daemon so that the jobs are surely in flight, then kill it under them.
    REQUIRE(::kill(daemon, SIGSTOP) == 0);
    auto read = store.read(SecretKind::ApiKey, QStringLiteral("crash-provider"));
    auto write = store.write(SecretKind::ApiKey, QStringLiteral("other-provider"), QString(), text("sk-during-crash"));
    auto list = store.list(SecretKind::ApiKey);
    std::vector<std::unique_ptr<QSignalSpy>> spies;
    for (veil::Job* job : {static_cast<veil::Job*>(read.get()), static_cast<veil::Job*>(write.get()),
                           static_cast<veil::Job*>(list.get())}) {
        spies.push_back(std::make_unique<QSignalSpy>(job, &veil::Job::finished));
        job->start();
    }
    QTest::qWait(300); // the calls reach the bus and wait there for the frozen daemon
    for (const auto& spy : spies) {
        CHECK(spy->isEmpty());
    }
    REQUIRE(::kill(daemon, SIGKILL) == 0);
    for (const auto& spy : spies) {
        if (spy->isEmpty()) {
            REQUIRE(spy->wait(30000)); // finished, not hung
        }
    }
    QCoreApplication::processEvents();
    for (const auto& spy : spies) {
        CHECK(spy->size() == 1);
    }
    for (const SecretJob* job : {static_cast<SecretJob*>(read.get()), static_cast<SecretJob*>(write.get()),
                                 static_cast<SecretJob*>(list.get())}) {
        REQUIRE_FALSE(job->ok());
        const QString message = job->error().message;
        INFO(message.toStdString());
        CHECK_FALSE(message.isEmpty());
        CHECK(message.endsWith(QLatin1Char('.')));
        CHECK(message.count(QLatin1String(". ")) == 0); // one sentence
        CHECK_FALSE(message.contains(QStringLiteral("sk-")));
    }
    CHECK(read->secret().isEmpty());

    // A daemon started again on the same keyring serves the same process: the key from before is there.
    daemon = startKeyringDaemon(password, daemon);
    REQUIRE(daemon > 0);
    auto after = store.read(SecretKind::ApiKey, QStringLiteral("crash-provider"));
    run(*after);
    INFO((after->ok() ? QString() : after->error().message).toStdString());
    REQUIRE(after->ok());
    CHECK(after->secret().view() == QByteArrayView("sk-before-crash"));
    auto again = store.write(SecretKind::ApiKey, QStringLiteral("other-provider"), QString(), text("sk-after-crash"));
    run(*again);
    CHECK(again->ok());
    ::kill(daemon, SIGTERM);
}
