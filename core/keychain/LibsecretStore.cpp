#include "keychain/LibsecretStore.h"
#include "common/Logging.h"

#include <QPointer>

// GLib headers use `signals` as an identifier: the project builds with QT_NO_KEYWORDS.
#include <libsecret/secret.h>

#include <algorithm>
#include <memory>

namespace veil::keychain {

namespace {

const SecretSchema* veilSchema()
{
    static const SecretSchema schema = {
        LibsecretStore::kSchemaName,
        SECRET_SCHEMA_NONE,
        {
            {"application", SECRET_SCHEMA_ATTRIBUTE_STRING},
            {"kind", SECRET_SCHEMA_ATTRIBUTE_STRING},
            {"provider", SECRET_SCHEMA_ATTRIBUTE_STRING},
            {"workspace", SECRET_SCHEMA_ATTRIBUTE_STRING},
            {nullptr, SECRET_SCHEMA_ATTRIBUTE_STRING},
        },
        0,
        nullptr,
        nullptr,
        nullptr,
        nullptr,
        nullptr,
        nullptr,
        nullptr,
    };
    return &schema;
}

/// Owns a GHashTable of UTF-8 strings.
struct HashTableDeleter
{
    void operator()(GHashTable* table) const { g_hash_table_unref(table); }
};
using Attributes = std::unique_ptr<GHashTable, HashTableDeleter>;

Attributes attributesFor(SecretKind kind, const QString* key)
{
    Attributes table(g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free));
    auto insert = [&table](const char* name, const QString& value) {
        g_hash_table_insert(table.get(), g_strdup(name), g_strdup(value.toUtf8().constData()));
    };
    insert("application", QStringLiteral("veil"));
    insert("kind", kindName(kind));
    if (key) {
        insert(keyAttribute(kind).toUtf8().constData(), *key);
    }
    return table;
}

struct ErrorDeleter
{
    void operator()(GError* error) const { g_error_free(error); }
};
using ErrorPtr = std::unique_ptr<GError, ErrorDeleter>;

bool isNoBackend(const GError* error)
{
    if (error->domain == G_IO_ERROR) {
        return error->code != G_IO_ERROR_CANCELLED && error->code != G_IO_ERROR_PERMISSION_DENIED;
    }
    if (error->domain == G_DBUS_ERROR) {
        switch (error->code) {
        case G_DBUS_ERROR_SERVICE_UNKNOWN:
        case G_DBUS_ERROR_NAME_HAS_NO_OWNER:
        case G_DBUS_ERROR_NO_SERVER:
        case G_DBUS_ERROR_DISCONNECTED:
        case G_DBUS_ERROR_NO_REPLY:
        case G_DBUS_ERROR_TIMEOUT:
        case G_DBUS_ERROR_TIMED_OUT:
        case G_DBUS_ERROR_SPAWN_EXEC_FAILED:
        case G_DBUS_ERROR_SPAWN_FORK_FAILED:
        case G_DBUS_ERROR_SPAWN_CHILD_EXITED:
        case G_DBUS_ERROR_SPAWN_CHILD_SIGNALED:
        case G_DBUS_ERROR_SPAWN_FAILED:
        case G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND:
        case G_DBUS_ERROR_SPAWN_PERMISSIONS_INVALID:
        case G_DBUS_ERROR_SPAWN_FILE_INVALID:
        case G_DBUS_ERROR_SPAWN_NO_MEMORY:
        case G_DBUS_ERROR_FILE_NOT_FOUND:
            return true;
        default:
            return false;
        }
    }
    return false;
}

bool isLocked(const GError* error)
{
    return (error->domain == SECRET_ERROR && error->code == SECRET_ERROR_IS_LOCKED)
        || (error->domain == G_DBUS_ERROR && error->code == G_DBUS_ERROR_ACCESS_DENIED)
        || (error->domain == G_IO_ERROR && error->code == G_IO_ERROR_PERMISSION_DENIED);
}

/// Classifies a libsecret error. The GError text is kept out of messages: it could quote attributes.
///
/// When the Secret Service is gone, libsecret's shared SecretService proxy is dropped as well: it keeps the
/// session it opened with the daemon, so after the daemon died (and was started again) every later call through
/// it would fail too. The next call connects afresh.
SecretError classify(const GError* error)
{
    if (error->domain == G_IO_ERROR && error->code == G_IO_ERROR_CANCELLED) {
        return SecretError::Cancelled;
    }
    if (isLocked(error)) {
        return SecretError::Locked;
    }
    if (isNoBackend(error)) {
        secret_service_disconnect();
        return SecretError::NoBackend;
    }
    return SecretError::Other;
}

QString describe(SecretError error, const QString& what)
{
    switch (error) {
    case SecretError::None:
        return QString();
    case SecretError::NotFound:
        return SecretJob::tr("The keychain holds no %1.").arg(what);
    case SecretError::Locked:
        return SecretJob::tr("The keychain is locked or refused access to the %1.").arg(what);
    case SecretError::NoBackend:
        return SecretJob::tr("No keychain (Secret Service) is available on this desktop session.");
    case SecretError::Cancelled:
        return SecretJob::tr("The operation was cancelled.");
    case SecretError::Other:
        break;
    }
    return SecretJob::tr("The keychain could not handle the %1.").arg(what);
}

QString describeItem(SecretKind kind, const QString& key)
{
    switch (kind) {
    case SecretKind::ApiKey:
        return SecretJob::tr("API key for %1").arg(key);
    case SecretKind::DbKey:
        return SecretJob::tr("database key");
    case SecretKind::Context:
        return SecretJob::tr("context of workspace %1").arg(key);
    }
    return QString();
}

/// The GLib side of a running job: a cancellable both sides hold a reference to.
class Call
{
public:
    Call()
        : m_cancellable(g_cancellable_new())
    {
    }
    Call(const Call&) = delete;
    Call& operator=(const Call&) = delete;
    ~Call()
    {
        g_cancellable_cancel(m_cancellable);
        g_object_unref(m_cancellable);
    }
    GCancellable* cancellable() const { return m_cancellable; }
    void cancel() { g_cancellable_cancel(m_cancellable); }

private:
    GCancellable* m_cancellable;
};

/// Handed to libsecret as user_data: a guarded pointer to the job (null once it is deleted) and our own
/// reference to the cancellable. Freed by the completion callback, which libsecret always calls.
template <typename JobT>
struct CallContext
{
    CallContext(JobT* job, GCancellable* cancellable)
        : job(job)
        , cancellable(static_cast<GCancellable*>(g_object_ref(cancellable)))
    {
    }
    CallContext(const CallContext&) = delete;
    CallContext& operator=(const CallContext&) = delete;
    ~CallContext() { g_object_unref(cancellable); }

    /// The job to report to, or null when it was aborted or deleted in the meantime.
    JobT* liveJob() const { return (job && !g_cancellable_is_cancelled(cancellable)) ? job.data() : nullptr; }

    QPointer<JobT> job;
    GCancellable* cancellable;
};

template <typename JobT>
std::unique_ptr<CallContext<JobT>> takeContext(gpointer data)
{
    return std::unique_ptr<CallContext<JobT>>(static_cast<CallContext<JobT>*>(data));
}

class LibsecretReadJob : public ReadSecretJob
{
public:
    using ReadSecretJob::ReadSecretJob;

protected:
    void run() override
    {
        const QString k = key();
        Attributes attributes = attributesFor(kind(), &k);
        qCDebug(lcKeychain) << "looking up a keychain item of kind" << int(kind());
        secret_password_lookupv(veilSchema(), attributes.get(), m_call.cancellable(), &LibsecretReadJob::onLookup,
                                new CallContext<LibsecretReadJob>(this, m_call.cancellable()));
    }
    void cancel() override { m_call.cancel(); }

private:
    static void onLookup(GObject*, GAsyncResult* result, gpointer data)
    {
        auto context = takeContext<LibsecretReadJob>(data);
        GError* rawError = nullptr;
        // The binary finish reads text and binary items alike; the SecretValue lives in libsecret's
        // non-pageable memory and is wiped by secret_value_unref.
        SecretValue* value = secret_password_lookup_binary_finish(result, &rawError);
        ErrorPtr error(rawError);
        SecureBytes secret;
        if (value) {
            gsize length = 0;
            const gchar* bytes = secret_value_get(value, &length);
            secret = SecureBytes::copyOf(bytes, length);
            secret_value_unref(value);
        }
        LibsecretReadJob* job = context->liveJob();
        if (!job) {
            return; // `secret` is wiped here
        }
        if (error) {
            job->finishWith(classify(error.get()), job->message(classify(error.get())));
        } else if (value) {
            job->setSecret(std::move(secret));
            job->finishWith(SecretError::None);
        } else {
            job->probeLocked();
        }
    }

    /// Nothing came back without an error: either there is no item, or it stayed locked (the unlock prompt
    /// was dismissed or could not be shown). A search without unlocking tells the two apart.
    void probeLocked()
    {
        const QString k = key();
        Attributes attributes = attributesFor(kind(), &k);
        secret_password_searchv(veilSchema(), attributes.get(), SECRET_SEARCH_ALL, m_call.cancellable(),
                                &LibsecretReadJob::onProbe,
                                new CallContext<LibsecretReadJob>(this, m_call.cancellable()));
    }

    static void onProbe(GObject*, GAsyncResult* result, gpointer data)
    {
        auto context = takeContext<LibsecretReadJob>(data);
        GError* rawError = nullptr;
        GList* items = secret_password_search_finish(result, &rawError);
        ErrorPtr error(rawError);
        const bool exists = items != nullptr;
        g_list_free_full(items, g_object_unref);
        if (LibsecretReadJob* job = context->liveJob()) {
            const SecretError reason
                = error ? classify(error.get()) : (exists ? SecretError::Locked : SecretError::NotFound);
            job->finishWith(reason, job->message(reason));
        }
    }

    QString message(SecretError error) const { return describe(error, describeItem(kind(), key())); }

    Call m_call;
};

class LibsecretWriteJob : public WriteSecretJob
{
public:
    using WriteSecretJob::WriteSecretJob;

protected:
    void run() override
    {
        const QString k = key();
        Attributes attributes = attributesFor(kind(), &k);
        // secret_value_new copies into libsecret's non-pageable memory; the item's content type tells
        // Seahorse whether to show it as text.
        const bool text = isText(secret());
        SecretValue* value = secret_value_new(reinterpret_cast<const gchar*>(secret().data()), gssize(secret().size()),
                                              text ? "text/plain" : "application/octet-stream");
        secret_password_storev_binary(veilSchema(), attributes.get(), SECRET_COLLECTION_DEFAULT,
                                      label().toUtf8().constData(), value, m_call.cancellable(),
                                      &LibsecretWriteJob::onStore,
                                      new CallContext<LibsecretWriteJob>(this, m_call.cancellable()));
        secret_value_unref(value);
        wipeSecret();
    }
    void cancel() override { m_call.cancel(); }

private:
    static bool isText(const SecureBytes& bytes)
    {
        if (bytes.isEmpty()) {
            return true;
        }
        const auto* chars = reinterpret_cast<const gchar*>(bytes.data());
        return g_utf8_validate(chars, gssize(bytes.size()), nullptr);
    }

    static void onStore(GObject*, GAsyncResult* result, gpointer data)
    {
        auto context = takeContext<LibsecretWriteJob>(data);
        GError* rawError = nullptr;
        const gboolean stored = secret_password_store_finish(result, &rawError);
        ErrorPtr error(rawError);
        qCDebug(lcKeychain) << "keychain store finished, stored" << bool(stored);
        if (LibsecretWriteJob* job = context->liveJob()) {
            const SecretError reason
                = error ? classify(error.get()) : (stored ? SecretError::None : SecretError::Other);
            job->finishWith(reason, describe(reason, describeItem(job->kind(), job->key())));
        }
    }

    Call m_call;
};

class LibsecretRemoveJob : public RemoveSecretJob
{
public:
    using RemoveSecretJob::RemoveSecretJob;

protected:
    void run() override
    {
        const QString k = key();
        Attributes attributes = attributesFor(kind(), &k);
        secret_password_clearv(veilSchema(), attributes.get(), m_call.cancellable(), &LibsecretRemoveJob::onClear,
                               new CallContext<LibsecretRemoveJob>(this, m_call.cancellable()));
    }
    void cancel() override { m_call.cancel(); }

private:
    static void onClear(GObject*, GAsyncResult* result, gpointer data)
    {
        auto context = takeContext<LibsecretRemoveJob>(data);
        GError* rawError = nullptr;
        const gboolean removed = secret_password_clear_finish(result, &rawError);
        ErrorPtr error(rawError);
        if (LibsecretRemoveJob* job = context->liveJob()) {
            const SecretError reason
                = error ? classify(error.get()) : (removed ? SecretError::None : SecretError::NotFound);
            job->finishWith(reason, describe(reason, describeItem(job->kind(), job->key())));
        }
    }

    Call m_call;
};

class LibsecretListJob : public ListSecretsJob
{
public:
    using ListSecretsJob::ListSecretsJob;

protected:
    void run() override
    {
        Attributes attributes = attributesFor(kind(), nullptr);
        secret_password_searchv(veilSchema(), attributes.get(), SECRET_SEARCH_ALL, m_call.cancellable(),
                                &LibsecretListJob::onSearch,
                                new CallContext<LibsecretListJob>(this, m_call.cancellable()));
    }
    void cancel() override { m_call.cancel(); }

private:
    static void onSearch(GObject*, GAsyncResult* result, gpointer data)
    {
        auto context = takeContext<LibsecretListJob>(data);
        GError* rawError = nullptr;
        GList* items = secret_password_search_finish(result, &rawError);
        ErrorPtr error(rawError);
        QList<SecretEntry> entries;
        for (GList* node = items; node; node = node->next) {
            auto* item = static_cast<SecretRetrievable*>(node->data);
            GHashTable* attributes = secret_retrievable_get_attributes(item);
            SecretEntry entry;
            entry.kind = context->job ? context->job->kind() : SecretKind::ApiKey;
            const QByteArray keyName = keyAttribute(entry.kind).toUtf8();
            const auto* keyValue = static_cast<const char*>(g_hash_table_lookup(attributes, keyName.constData()));
            entry.key = QString::fromUtf8(keyValue ? keyValue : "");
            g_hash_table_unref(attributes);
            gchar* label = secret_retrievable_get_label(item);
            entry.label = QString::fromUtf8(label ? label : "");
            g_free(label);
            entries.append(entry);
        }
        g_list_free_full(items, g_object_unref);
        if (LibsecretListJob* job = context->liveJob()) {
            if (error) {
                const SecretError reason = classify(error.get());
                job->finishWith(reason, describe(reason, SecretJob::tr("list of %1 items").arg(kindName(job->kind()))));
                return;
            }
            std::sort(entries.begin(), entries.end(),
                      [](const SecretEntry& a, const SecretEntry& b) { return a.key < b.key; });
            job->setEntries(std::move(entries));
            job->finishWith(SecretError::None);
        }
    }

    Call m_call;
};

} // namespace

std::unique_ptr<ReadSecretJob> LibsecretStore::read(SecretKind kind, const QString& key)
{
    return std::make_unique<LibsecretReadJob>(kind, key);
}

std::unique_ptr<WriteSecretJob> LibsecretStore::write(SecretKind kind, const QString& key, const QString& label,
                                                      SecureBytes secret)
{
    return std::make_unique<LibsecretWriteJob>(kind, key, label, std::move(secret));
}

std::unique_ptr<RemoveSecretJob> LibsecretStore::remove(SecretKind kind, const QString& key)
{
    return std::make_unique<LibsecretRemoveJob>(kind, key);
}

std::unique_ptr<ListSecretsJob> LibsecretStore::list(SecretKind kind)
{
    return std::make_unique<LibsecretListJob>(kind);
}

} // namespace veil::keychain
