<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>main</name>
    <message>
        <source>Deploy script fails on staging</source>
        <translation>Deploy-Skript schlägt auf Staging fehl</translation>
    </message>
    <message>
        <source>Regex for order numbers</source>
        <translation>Regex für Bestellnummern</translation>
    </message>
    <message>
        <source>Summarize the incident notes</source>
        <translation>Vorfallsnotizen zusammenfassen</translation>
    </message>
    <message>
        <source>Veil: a privacy-aware shell for AI assistants.</source>
        <translation>Veil: eine datenschutzbewusste Oberfläche für KI-Assistenten.</translation>
    </message>
    <message>
        <source>Print the version and exit.</source>
        <translation>Version ausgeben und beenden.</translation>
    </message>
    <message>
        <source>Render the main window with demo data to FILE (PNG) and exit.</source>
        <translation>Das Hauptfenster mit Demodaten als PNG in FILE speichern und beenden.</translation>
    </message>
    <message>
        <source>Another Veil seems to be running but does not answer; starting anyway.</source>
        <translation>Ein anderes Veil scheint zu laufen, antwortet aber nicht; Veil startet trotzdem.</translation>
    </message>
    <message>
        <source>Veil cannot start</source>
        <translation>Veil kann nicht starten</translation>
    </message>
</context>
<context>
    <name>veil::app::AppearanceMenu</name>
    <message>
        <source>&amp;Appearance</source>
        <translation>&amp;Darstellung</translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation>&amp;System</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Hell</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Dunkel</translation>
    </message>
</context>
<context>
    <name>veil::app::AuditLogDialog</name>
    <message>
        <source>Audit log</source>
        <translation>Prüfprotokoll</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Filter by kind or details</source>
        <translation>Nach Art oder Details filtern</translation>
    </message>
    <message>
        <source>Filter the audit log</source>
        <translation>Prüfprotokoll filtern</translation>
    </message>
    <message>
        <source>Audit log entries</source>
        <translation>Einträge des Prüfprotokolls</translation>
    </message>
    <message>
        <source>&amp;Verify chain</source>
        <translation>Kette &amp;prüfen</translation>
    </message>
    <message>
        <source>The history is not open, so there is no audit log to show.</source>
        <translation>Der Verlauf ist nicht geöffnet, daher gibt es kein Prüfprotokoll anzuzeigen.</translation>
    </message>
    <message>
        <source>Reading the audit log…</source>
        <translation>Prüfprotokoll wird gelesen…</translation>
    </message>
    <message>
        <source>Checking the audit chain…</source>
        <translation>Prüfkette wird geprüft…</translation>
    </message>
    <message numerus="yes">
        <source>%n entry(s).</source>
        <translation>
            <numerusform>%n Eintrag.</numerusform>
            <numerusform>%n Einträge.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>veil::app::Composer</name>
    <message>
        <source>This text is too complex to check completely, so it cannot be sent.</source>
        <translation>Dieser Text ist zu komplex, um ihn vollständig zu prüfen, daher kann er nicht gesendet werden.</translation>
    </message>
    <message>
        <source>Send is off: rule %1 blocks this prompt. Remove the highlighted text.</source>
        <translation>Senden ist gesperrt: Regel %1 blockiert diesen Prompt. Entfernen Sie den markierten Text.</translation>
    </message>
    <message>
        <source>Send is off: rule %1 blocks this prompt. %2</source>
        <translation>Senden ist gesperrt: Regel %1 blockiert diesen Prompt. %2</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>&amp;What leaves this machine</source>
        <translation>&amp;Was diesen Rechner verlässt</translation>
    </message>
    <message>
        <source>Show what leaves this machine</source>
        <translation>Anzeigen, was diesen Rechner verlässt</translation>
    </message>
    <message>
        <source>Send &amp;anyway</source>
        <translation>&amp;Trotzdem senden</translation>
    </message>
    <message>
        <source>Send anyway</source>
        <translation>Trotzdem senden</translation>
    </message>
    <message>
        <source>&amp;Edit prompt</source>
        <translation>Prompt &amp;bearbeiten</translation>
    </message>
    <message>
        <source>Do not send; edit the prompt</source>
        <translation>Nicht senden; Prompt bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Senden</translation>
    </message>
    <message>
        <source>Send the prompt</source>
        <translation>Prompt senden</translation>
    </message>
    <message>
        <source>Send (Enter). Shift+Enter starts a new line.</source>
        <translation>Senden (Eingabetaste). Umschalt+Eingabetaste beginnt eine neue Zeile.</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>S&amp;toppen</translation>
    </message>
    <message>
        <source>Stop the reply</source>
        <translation>Antwort stoppen</translation>
    </message>
    <message>
        <source>Stop the reply (Esc)</source>
        <translation>Antwort stoppen (Esc)</translation>
    </message>
    <message>
        <source>Rule(s) %1 ask you to confirm before this prompt leaves. The highlighted text will be replaced by placeholders. Send it?</source>
        <translation>Regel(n) %1 verlangen eine Bestätigung, bevor dieser Prompt den Rechner verlässt. Der markierte Text wird durch Platzhalter ersetzt. Senden?</translation>
    </message>
    <message>
        <source>Answering… Esc stops the reply.</source>
        <translation>Antwort läuft… Esc stoppt die Antwort.</translation>
    </message>
    <message>
        <source>Prompt size</source>
        <translation>Größe des Prompts</translation>
    </message>
    <message>
        <source>%1 characters · about %2 of %3 tokens</source>
        <translation>%1 Zeichen · etwa %2 von %3 Tokens</translation>
    </message>
    <message>
        <source>%1 characters · about %2 tokens</source>
        <translation>%1 Zeichen · etwa %2 Tokens</translation>
    </message>
    <message>
        <source>This prompt is probably longer than the model&apos;s context window; the provider may refuse it or cut it short.</source>
        <translation>Dieser Prompt ist wahrscheinlich länger als das Kontextfenster des Modells; der Anbieter kann ihn ablehnen oder kürzen.</translation>
    </message>
    <message>
        <source>An estimate: about four characters per token.</source>
        <translation>Eine Schätzung: etwa vier Zeichen pro Token.</translation>
    </message>
</context>
<context>
    <name>veil::app::ConversationList</name>
    <message>
        <source>Search history</source>
        <translation>Verlauf durchsuchen</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Unterhaltungen</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>&amp;Neu</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>Neue Unterhaltung</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Delete the selected conversation</source>
        <translation>Ausgewählte Unterhaltung löschen</translation>
    </message>
    <message>
        <source>&amp;Conversations</source>
        <translation>&amp;Unterhaltungen</translation>
    </message>
    <message>
        <source>(untitled)</source>
        <translation>(ohne Titel)</translation>
    </message>
    <message>
        <source>Last change: %1</source>
        <translation>Letzte Änderung: %1</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>Undo the deletion</source>
        <translation>Das Löschen rückgängig machen</translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>&amp;Umbenennen</translation>
    </message>
    <message>
        <source>due now</source>
        <translation>jetzt fällig</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) left</source>
        <translation>
            <numerusform>noch %n Tag</numerusform>
            <numerusform>noch %n Tage</numerusform>
        </translation>
    </message>
    <message>
        <source>The retention policy deletes this conversation at its next run.</source>
        <translation>Die Aufbewahrungsrichtlinie löscht diese Unterhaltung bei ihrem nächsten Lauf.</translation>
    </message>
    <message numerus="yes">
        <source>The retention policy deletes this conversation in %n day(s) unless it changes.</source>
        <translation>
            <numerusform>Die Aufbewahrungsrichtlinie löscht diese Unterhaltung in %n Tag, sofern sie sich nicht ändert.</numerusform>
            <numerusform>Die Aufbewahrungsrichtlinie löscht diese Unterhaltung in %n Tagen, sofern sie sich nicht ändert.</numerusform>
        </translation>
    </message>
    <message>
        <source>&quot;%1&quot; deleted.</source>
        <translation>„%1“ gelöscht.</translation>
    </message>
</context>
<context>
    <name>veil::app::ConversationView</name>
    <message>
        <source>Conversation</source>
        <translation>Unterhaltung</translation>
    </message>
    <message>
        <source>No messages yet. Write a prompt below; you see what leaves before it is sent.</source>
        <translation>Noch keine Nachrichten. Schreiben Sie unten einen Prompt; Sie sehen vor dem Senden, was den Rechner verlässt.</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>Retry the last prompt</source>
        <translation>Letzten Prompt wiederholen</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Assistent</translation>
    </message>
    <message>
        <source>Assistant (%1)</source>
        <translation>Assistent (%1)</translation>
    </message>
    <message>
        <source>— answering…</source>
        <translation>– antwortet…</translation>
    </message>
    <message>
        <source>— cut off</source>
        <translation>– abgebrochen</translation>
    </message>
    <message>
        <source>— failed</source>
        <translation>– fehlgeschlagen</translation>
    </message>
    <message>
        <source>Copy code</source>
        <translation>Code kopieren</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Neu erzeugen</translation>
    </message>
    <message>
        <source>Sent as %1</source>
        <translation>Gesendet als %1</translation>
    </message>
</context>
<context>
    <name>veil::app::ExportDialog</name>
    <message>
        <source>Export history</source>
        <translation>Verlauf exportieren</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>Erster Tag</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>Letzter Tag</translation>
    </message>
    <message>
        <source>&amp;JSON Lines</source>
        <translation>&amp;JSON Lines</translation>
    </message>
    <message>
        <source>C&amp;SV</source>
        <translation>C&amp;SV</translation>
    </message>
    <message>
        <source>&amp;HTML report</source>
        <translation>&amp;HTML-Bericht</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>Arbeitsbereich</translation>
    </message>
    <message>
        <source>every workspace</source>
        <translation>alle Arbeitsbereiche</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>Every provider</source>
        <translation>Alle Anbieter</translation>
    </message>
    <message>
        <source>Age recipients</source>
        <translation>age-Empfänger</translation>
    </message>
    <message>
        <source>age1… (one per line; empty: not encrypted unless the policy requires it)</source>
        <translation>age1… (einer pro Zeile; leer: unverschlüsselt, sofern die Richtlinie nichts anderes verlangt)</translation>
    </message>
    <message>
        <source>Output file</source>
        <translation>Ausgabedatei</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>Choose the output file</source>
        <translation>Ausgabedatei wählen</translation>
    </message>
    <message>
        <source>Upload URL</source>
        <translation>Upload-URL</translation>
    </message>
    <message>
        <source>optional: https://… (a WebDAV folder ending in /, or a pre-signed URL)</source>
        <translation>optional: https://… (ein WebDAV-Ordner mit / am Ende oder eine vorsignierte URL)</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;Von:</translation>
    </message>
    <message>
        <source>&amp;Until (inclusive):</source>
        <translation>&amp;Bis (einschließlich):</translation>
    </message>
    <message>
        <source>&amp;Workspace:</source>
        <translation>&amp;Arbeitsbereich:</translation>
    </message>
    <message>
        <source>&amp;Provider:</source>
        <translation>A&amp;nbieter:</translation>
    </message>
    <message>
        <source>Formats:</source>
        <translation>Formate:</translation>
    </message>
    <message>
        <source>&amp;Recipients:</source>
        <translation>&amp;Empfänger:</translation>
    </message>
    <message numerus="yes">
        <source>The organization&apos;s policy encrypts every export to %n more recipient(s).</source>
        <translation>
            <numerusform>Die Richtlinie der Organisation verschlüsselt jeden Export zusätzlich für %n weiteren Empfänger.</numerusform>
            <numerusform>Die Richtlinie der Organisation verschlüsselt jeden Export zusätzlich für %n weitere Empfänger.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Save to:</source>
        <translation>&amp;Speichern unter:</translation>
    </message>
    <message>
        <source>U&amp;pload to:</source>
        <translation>&amp;Hochladen nach:</translation>
    </message>
    <message>
        <source>Export progress</source>
        <translation>Exportfortschritt</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <source>Exports contain only what left this machine (placeholders, never the values behind them), re-scanned with the current rules.</source>
        <translation>Exporte enthalten nur, was diesen Rechner verlassen hat (Platzhalter, nie die Werte dahinter), erneut mit den aktuellen Regeln geprüft.</translation>
    </message>
    <message>
        <source>Export history to</source>
        <translation>Verlauf exportieren nach</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Abbrechen</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Schließen</translation>
    </message>
    <message>
        <source>Choose at least one format.</source>
        <translation>Wählen Sie mindestens ein Format.</translation>
    </message>
    <message>
        <source>The last day is before the first.</source>
        <translation>Der letzte Tag liegt vor dem ersten.</translation>
    </message>
    <message>
        <source>Choose where to save the export.</source>
        <translation>Wählen Sie, wo der Export gespeichert wird.</translation>
    </message>
    <message>
        <source>%1 exists already; choose another name.</source>
        <translation>%1 existiert bereits; wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>Der Ordner %1 existiert nicht.</translation>
    </message>
    <message>
        <source>The organization&apos;s policy names an export recipient that is not a valid age recipient.</source>
        <translation>Die Richtlinie der Organisation nennt einen Exportempfänger, der kein gültiger age-Empfänger ist.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an age recipient (age1…).</source>
        <translation>„%1“ ist kein age-Empfänger (age1…).</translation>
    </message>
    <message>
        <source>The upload URL must be an https:// address (plain http only to this machine).</source>
        <translation>Die Upload-URL muss eine https://-Adresse sein (unverschlüsseltes http nur zu diesem Rechner).</translation>
    </message>
    <message>
        <source>There is no history on this machine yet.</source>
        <translation>Auf diesem Rechner gibt es noch keinen Verlauf.</translation>
    </message>
    <message>
        <source>Opening the history…</source>
        <translation>Verlauf wird geöffnet…</translation>
    </message>
    <message>
        <source>The history cannot be opened: %1</source>
        <translation>Der Verlauf kann nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>Scanning %1 of %2 messages…</source>
        <translation>Nachricht %1 von %2 wird geprüft…</translation>
    </message>
    <message>
        <source>Writing %1 of %2 messages…</source>
        <translation>Nachricht %1 von %2 wird geschrieben…</translation>
    </message>
    <message>
        <source>Cancelled; no file was written.</source>
        <translation>Abgebrochen; es wurde keine Datei geschrieben.</translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <translation>Der Export ist fehlgeschlagen: %1</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n message(s) to &lt;a href=&quot;%2&quot;&gt;%1&lt;/a&gt;.</source>
        <translation>
            <numerusform>%n Nachricht nach &lt;a href=&quot;%2&quot;&gt;%1&lt;/a&gt; exportiert.</numerusform>
            <numerusform>%n Nachrichten nach &lt;a href=&quot;%2&quot;&gt;%1&lt;/a&gt; exportiert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n message(s); uploading to %1…</source>
        <translation>
            <numerusform>%n Nachricht exportiert; wird nach %1 hochgeladen…</numerusform>
            <numerusform>%n Nachrichten exportiert; werden nach %1 hochgeladen…</numerusform>
        </translation>
    </message>
    <message>
        <source>The upload was cancelled; the export is kept at %1.</source>
        <translation>Das Hochladen wurde abgebrochen; der Export bleibt unter %1 erhalten.</translation>
    </message>
    <message>
        <source>The upload to %1 failed: %2 The export is kept at %3.</source>
        <translation>Das Hochladen nach %1 ist fehlgeschlagen: %2 Der Export bleibt unter %3 erhalten.</translation>
    </message>
    <message>
        <source>Uploaded to %1; the export is also kept at %2.</source>
        <translation>Nach %1 hochgeladen; der Export bleibt auch unter %2 erhalten.</translation>
    </message>
</context>
<context>
    <name>veil::app::FirstRunPage</name>
    <message>
        <source>Welcome to Veil</source>
        <translation>Willkommen bei Veil</translation>
    </message>
    <message>
        <source>Veil replaces secrets and personal data in your prompts with placeholders on this machine before anything is sent, and puts them back into the replies only here. Your API keys stay in the system keychain and your history in an encrypted database.</source>
        <translation>Veil ersetzt Geheimnisse und personenbezogene Daten in Ihren Prompts auf diesem Rechner durch Platzhalter, bevor etwas gesendet wird, und setzt sie nur hier wieder in die Antworten ein. Ihre API-Schlüssel bleiben im Schlüsselbund des Systems und Ihr Verlauf in einer verschlüsselten Datenbank.</translation>
    </message>
    <message>
        <source>Who manages this installation</source>
        <translation>Wer diese Installation verwaltet</translation>
    </message>
    <message>
        <source>&amp;Add a provider…</source>
        <translation>Anbieter &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>Add an AI provider and its key</source>
        <translation>Einen KI-Anbieter und seinen Schlüssel hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Try the inspector</source>
        <translation>Den Inspektor &amp;ausprobieren</translation>
    </message>
    <message>
        <source>Try the inspector, which sends nothing</source>
        <translation>Den Inspektor ausprobieren, der nichts sendet</translation>
    </message>
    <message>
        <source>The inspector answers with exactly what would leave this machine, and sends nothing anywhere.</source>
        <translation>Der Inspektor antwortet mit genau dem, was diesen Rechner verlassen würde, und sendet nichts.</translation>
    </message>
    <message>
        <source>This installation is managed: %1. Your organization decides which providers and rules apply.</source>
        <translation>Diese Installation wird verwaltet: %1. Ihre Organisation entscheidet, welche Anbieter und Regeln gelten.</translation>
    </message>
    <message>
        <source>This installation is unmanaged: the built-in rules apply, and you choose your providers.</source>
        <translation>Diese Installation wird nicht verwaltet: es gelten die eingebauten Regeln, und Sie wählen Ihre Anbieter.</translation>
    </message>
</context>
<context>
    <name>veil::app::HistoryClient</name>
    <message>
        <source>That passphrase does not open the history; try again.</source>
        <translation>Diese Passphrase öffnet den Verlauf nicht; versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The history is in passphrase mode; unlock it with its passphrase to see it and to send.</source>
        <translation>Der Verlauf ist im Passphrase-Modus; entsperren Sie ihn mit seiner Passphrase, um ihn zu sehen und zu senden.</translation>
    </message>
    <message>
        <source>No keychain (Secret Service) is available, or it is locked: %1 History and sending are off until it can be used.</source>
        <translation>Kein Schlüsselbund (Secret Service) verfügbar, oder er ist gesperrt: %1 Verlauf und Senden bleiben aus, bis er nutzbar ist.</translation>
    </message>
    <message>
        <source>The history cannot be opened: %1</source>
        <translation>Der Verlauf kann nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>No keychain (Secret Service) is available.</source>
        <translation>Kein Schlüsselbund (Secret Service) verfügbar.</translation>
    </message>
    <message>
        <source>No keychain (Secret Service) is available. Veil keeps history only encrypted, with its key in the keychain, so history and sending are off until a keychain is running.</source>
        <translation>Kein Schlüsselbund (Secret Service) verfügbar. Veil speichert den Verlauf nur verschlüsselt, mit dem Schlüssel im Schlüsselbund; Verlauf und Senden bleiben daher aus, bis ein Schlüsselbund läuft.</translation>
    </message>
    <message>
        <source>The keychain is locked or refused access, so the encrypted history cannot be kept.</source>
        <translation>Der Schlüsselbund ist gesperrt oder verweigert den Zugriff, daher kann der verschlüsselte Verlauf nicht gespeichert werden.</translation>
    </message>
    <message>
        <source>Old conversations cannot be purged: %1</source>
        <translation>Alte Unterhaltungen können nicht gelöscht werden: %1</translation>
    </message>
    <message>
        <source>The conversations cannot be read: %1</source>
        <translation>Die Unterhaltungen können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The conversation cannot be read: %1</source>
        <translation>Die Unterhaltung kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The conversation cannot be deleted: %1</source>
        <translation>Die Unterhaltung kann nicht gelöscht werden: %1</translation>
    </message>
    <message>
        <source>The audit log cannot be read: %1</source>
        <translation>Das Prüfprotokoll kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The history is not open, so its audit log cannot be checked.</source>
        <translation>Der Verlauf ist nicht geöffnet, daher kann sein Prüfprotokoll nicht geprüft werden.</translation>
    </message>
    <message>
        <source>The audit log cannot be checked: %1</source>
        <translation>Das Prüfprotokoll kann nicht geprüft werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>The audit chain is intact: %n entry(s) checked.</source>
        <translation>
            <numerusform>Die Prüfkette ist intakt: %n Eintrag geprüft.</numerusform>
            <numerusform>Die Prüfkette ist intakt: %n Einträge geprüft.</numerusform>
        </translation>
    </message>
    <message>
        <source>The audit chain is broken at entry %1: %2</source>
        <translation>Die Prüfkette ist bei Eintrag %1 unterbrochen: %2</translation>
    </message>
    <message>
        <source>The audit chain is broken: %1</source>
        <translation>Die Prüfkette ist unterbrochen: %1</translation>
    </message>
    <message>
        <source>The audit log cannot be written: %1</source>
        <translation>Das Prüfprotokoll kann nicht geschrieben werden: %1</translation>
    </message>
    <message>
        <source>The workspaces cannot be read: %1</source>
        <translation>Die Arbeitsbereiche können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The workspace cannot be created: %1</source>
        <translation>Der Arbeitsbereich kann nicht angelegt werden: %1</translation>
    </message>
    <message>
        <source>The workspace cannot be deleted: %1</source>
        <translation>Der Arbeitsbereich kann nicht gelöscht werden: %1</translation>
    </message>
    <message>
        <source>The conversation cannot be renamed: %1</source>
        <translation>Die Unterhaltung kann nicht umbenannt werden: %1</translation>
    </message>
</context>
<context>
    <name>veil::app::IncidentBanner</name>
    <message>
        <source>Incident request</source>
        <translation>Vorfallsanfrage</translation>
    </message>
    <message>
        <source>Incident export progress</source>
        <translation>Fortschritt des Vorfallsexports</translation>
    </message>
    <message>
        <source>Export and upload</source>
        <translation>Exportieren und hochladen</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>Nicht jetzt</translation>
    </message>
    <message>
        <source>The incident ledger cannot be read: %1</source>
        <translation>Die Liste der beantworteten Vorfälle kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>now</source>
        <translation>jetzt</translation>
    </message>
    <message>
        <source>%1 asks for an export of your redacted history for incident %2, from %3 to %4, encrypted to them and uploaded to %5.</source>
        <translation>%1 bittet für Vorfall %2 um einen Export Ihres bereinigten Verlaufs vom %3 bis %4, für sie verschlüsselt und nach %5 hochgeladen.</translation>
    </message>
    <message>
        <source>The incident export cannot be made: %1</source>
        <translation>Der Vorfallsexport kann nicht erstellt werden: %1</translation>
    </message>
    <message>
        <source>The folder %1 cannot be created for the incident export.</source>
        <translation>Der Ordner %1 kann für den Vorfallsexport nicht angelegt werden.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Opening the history for incident %1…</source>
        <translation>Verlauf wird für Vorfall %1 geöffnet…</translation>
    </message>
    <message>
        <source>Cancelled; nothing was exported, and the request stays pending.</source>
        <translation>Abgebrochen; nichts wurde exportiert, und die Anfrage bleibt offen.</translation>
    </message>
    <message>
        <source>There is no history on this machine yet, so there is nothing to export for incident %1.</source>
        <translation>Auf diesem Rechner gibt es noch keinen Verlauf, daher gibt es für Vorfall %1 nichts zu exportieren.</translation>
    </message>
    <message>
        <source>The history cannot be opened for the incident export: %1</source>
        <translation>Der Verlauf kann für den Vorfallsexport nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>Exporting your redacted history for incident %1…</source>
        <translation>Ihr bereinigter Verlauf wird für Vorfall %1 exportiert…</translation>
    </message>
    <message>
        <source>Uploading the encrypted export to %1…</source>
        <translation>Der verschlüsselte Export wird nach %1 hochgeladen…</translation>
    </message>
    <message>
        <source>Incident %1 is answered: the encrypted export was uploaded to %2, and the local file is kept at %3.</source>
        <translation>Vorfall %1 ist beantwortet: Der verschlüsselte Export wurde nach %2 hochgeladen, die lokale Datei bleibt unter %3 erhalten.</translation>
    </message>
    <message>
        <source>The upload to %1 failed (%2); the local file is kept at %3, and the request stays pending.</source>
        <translation>Das Hochladen nach %1 ist fehlgeschlagen (%2); die lokale Datei bleibt unter %3 erhalten, und die Anfrage bleibt offen.</translation>
    </message>
    <message>
        <source>Cancelled; no file was written, and the request stays pending.</source>
        <translation>Abgebrochen; es wurde keine Datei geschrieben, und die Anfrage bleibt offen.</translation>
    </message>
    <message>
        <source>The incident export failed: %1</source>
        <translation>Der Vorfallsexport ist fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>veil::app::LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>&amp;System default</source>
        <translation>&amp;Systemvorgabe</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Veil uses the new language from the next start.</source>
        <translation>Veil verwendet die neue Sprache ab dem nächsten Start.</translation>
    </message>
</context>
<context>
    <name>veil::app::MainWindow</name>
    <message>
        <source>Veil</source>
        <translation>Veil</translation>
    </message>
    <message>
        <source>History status</source>
        <translation>Status des Verlaufs</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>Policy status</source>
        <translation>Status der Richtlinie</translation>
    </message>
    <message numerus="yes">
        <source>%n rule(s) active</source>
        <translation>
            <numerusform>%n Regel aktiv</numerusform>
            <numerusform>%n Regeln aktiv</numerusform>
        </translation>
    </message>
    <message>
        <source>Your providers cannot be read: %1</source>
        <translation>Ihre Anbieter können nicht gelesen werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n conversation(s) older than the retention period were purged.</source>
        <translation>
            <numerusform>%n Unterhaltung, älter als die Aufbewahrungsfrist, wurde gelöscht.</numerusform>
            <numerusform>%n Unterhaltungen, älter als die Aufbewahrungsfrist, wurden gelöscht.</numerusform>
        </translation>
    </message>
    <message>
        <source>The conversation was deleted.</source>
        <translation>Die Unterhaltung wurde gelöscht.</translation>
    </message>
    <message>
        <source>Wait for the reply (or stop it) before deleting this conversation.</source>
        <translation>Warten Sie auf die Antwort (oder stoppen Sie sie), bevor Sie diese Unterhaltung löschen.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;New conversation</source>
        <translation>&amp;Neue Unterhaltung</translation>
    </message>
    <message>
        <source>&amp;Export history…</source>
        <translation>Verlauf &amp;exportieren…</translation>
    </message>
    <message>
        <source>&amp;Unlock history…</source>
        <translation>Verlauf ent&amp;sperren…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Search history</source>
        <translation>Verlauf &amp;durchsuchen</translation>
    </message>
    <message>
        <source>&amp;What leaves this machine</source>
        <translation>&amp;Was diesen Rechner verlässt</translation>
    </message>
    <message>
        <source>&amp;Prompt</source>
        <translation>&amp;Prompt</translation>
    </message>
    <message>
        <source>&amp;Audit log</source>
        <translation>P&amp;rüfprotokoll</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Providers…</source>
        <translation>&amp;Anbieter…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Veil</source>
        <translation>Ü&amp;ber Veil</translation>
    </message>
    <message>
        <source>About Veil</source>
        <translation>Über Veil</translation>
    </message>
    <message>
        <source>&lt;b&gt;Veil %1&lt;/b&gt;&lt;p&gt;A privacy-aware shell for AI assistants: secrets and personal data are replaced by placeholders on this machine before a prompt is sent.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Veil %1&lt;/b&gt;&lt;p&gt;Eine datenschutzbewusste Oberfläche für KI-Assistenten: Geheimnisse und personenbezogene Daten werden auf diesem Rechner durch Platzhalter ersetzt, bevor ein Prompt gesendet wird.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Use File &gt; Unlock history (Send stays off until then).</source>
        <translation>Verwenden Sie Datei &gt; Verlauf entsperren (bis dahin bleibt Senden aus).</translation>
    </message>
    <message>
        <source>Demo: nothing is sent.</source>
        <translation>Demo: Es wird nichts gesendet.</translation>
    </message>
    <message>
        <source>Sending is off: there is no keychain to hold the history key.</source>
        <translation>Senden ist aus: Es gibt keinen Schlüsselbund für den Schlüssel des Verlaufs.</translation>
    </message>
    <message>
        <source>Sending is off until the history is unlocked with its passphrase.</source>
        <translation>Senden bleibt aus, bis der Verlauf mit seiner Passphrase entsperrt ist.</translation>
    </message>
    <message>
        <source>The organization&apos;s policy allows no provider here.</source>
        <translation>Die Richtlinie der Organisation erlaubt hier keinen Anbieter.</translation>
    </message>
    <message>
        <source>You stopped the reply; what arrived is kept.</source>
        <translation>Sie haben die Antwort gestoppt; was angekommen ist, bleibt erhalten.</translation>
    </message>
    <message>
        <source>You stopped the request before a reply arrived.</source>
        <translation>Sie haben die Anfrage gestoppt, bevor eine Antwort kam.</translation>
    </message>
    <message>
        <source>The reply was cut off: %1</source>
        <translation>Die Antwort wurde abgebrochen: %1</translation>
    </message>
    <message>
        <source>No reply: %1</source>
        <translation>Keine Antwort: %1</translation>
    </message>
    <message>
        <source>Policy warning</source>
        <translation>Warnung zur Richtlinie</translation>
    </message>
    <message>
        <source>The new policy&apos;s redaction rules cannot be used: %1</source>
        <translation>Die Schwärzungsregeln der neuen Richtlinie können nicht verwendet werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>Last checked %1; next check in about %n minute(s).</source>
        <translation>
            <numerusform>Zuletzt geprüft %1; nächste Prüfung in etwa %n Minute.</numerusform>
            <numerusform>Zuletzt geprüft %1; nächste Prüfung in etwa %n Minuten.</numerusform>
        </translation>
    </message>
    <message>
        <source>The last known good policy (version %1) stays in force.</source>
        <translation>Die letzte gültige Richtlinie (Version %1) bleibt in Kraft.</translation>
    </message>
    <message>
        <source>No policy has been received yet: %1.</source>
        <translation>Es ist noch keine Richtlinie eingegangen: %1.</translation>
    </message>
    <message>
        <source>The organization&apos;s newest policy was refused: %1 %2</source>
        <translation>Die neueste Richtlinie der Organisation wurde abgelehnt: %1 %2</translation>
    </message>
    <message>
        <source>The organization&apos;s policy could not be fetched: %1 %2</source>
        <translation>Die Richtlinie der Organisation konnte nicht abgerufen werden: %1 %2</translation>
    </message>
    <message>
        <source>Applying the organization&apos;s new policy…</source>
        <translation>Die neue Richtlinie der Organisation wird angewendet…</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>Arbeitsbereich</translation>
    </message>
    <message>
        <source>Workspace: its conversations are listed, and its context is sent with its prompts</source>
        <translation>Arbeitsbereich: seine Unterhaltungen werden aufgelistet, und sein Kontext wird mit seinen Prompts gesendet</translation>
    </message>
    <message>
        <source>All conversations</source>
        <translation>Alle Unterhaltungen</translation>
    </message>
    <message>
        <source>Show the policy in force</source>
        <translation>Die geltende Richtlinie anzeigen</translation>
    </message>
    <message>
        <source>P&amp;olicy</source>
        <translation>&amp;Richtlinie</translation>
    </message>
    <message>
        <source>&amp;Workspaces…</source>
        <translation>&amp;Arbeitsbereiche…</translation>
    </message>
</context>
<context>
    <name>veil::app::PassphraseDialog</name>
    <message>
        <source>Unlock history</source>
        <translation>Verlauf entsperren</translation>
    </message>
    <message>
        <source>The history is protected by a passphrase. Enter it to open the history.</source>
        <translation>Der Verlauf ist durch eine Passphrase geschützt. Geben Sie sie ein, um den Verlauf zu öffnen.</translation>
    </message>
    <message>
        <source>History passphrase</source>
        <translation>Passphrase des Verlaufs</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Entsperren</translation>
    </message>
    <message>
        <source>Opening the history…</source>
        <translation>Verlauf wird geöffnet…</translation>
    </message>
</context>
<context>
    <name>veil::app::PolicyDialog</name>
    <message>
        <source>Policy</source>
        <translation>Richtlinie</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Organization:</source>
        <translation>Organisation:</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>Quelle:</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>Version:</translation>
    </message>
    <message>
        <source>Signing key:</source>
        <translation>Signaturschlüssel:</translation>
    </message>
    <message>
        <source>Issued:</source>
        <translation>Ausgestellt:</translation>
    </message>
    <message>
        <source>Valid until:</source>
        <translation>Gültig bis:</translation>
    </message>
    <message>
        <source>Fetched:</source>
        <translation>Abgerufen:</translation>
    </message>
    <message>
        <source>Last asked the server:</source>
        <translation>Zuletzt beim Server angefragt:</translation>
    </message>
    <message>
        <source>Last check:</source>
        <translation>Letzte Prüfung:</translation>
    </message>
    <message>
        <source>Retention:</source>
        <translation>Aufbewahrung:</translation>
    </message>
    <message>
        <source>Exports:</source>
        <translation>Exporte:</translation>
    </message>
    <message>
        <source>Filter rules</source>
        <translation>Regeln filtern</translation>
    </message>
    <message>
        <source>Filter the rules in force</source>
        <translation>Die geltenden Regeln filtern</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Herkunft</translation>
    </message>
    <message>
        <source>Redaction rules in force</source>
        <translation>Geltende Schwärzungsregeln</translation>
    </message>
    <message>
        <source>&amp;Redaction rules in force:</source>
        <translation>Geltende &amp;Schwärzungsregeln:</translation>
    </message>
    <message>
        <source>Check &amp;now</source>
        <translation>Jetzt &amp;prüfen</translation>
    </message>
    <message>
        <source>Ask the policy server now</source>
        <translation>Den Richtlinienserver jetzt fragen</translation>
    </message>
    <message>
        <source>There is no policy server to ask on this installation.</source>
        <translation>Diese Installation hat keinen Richtlinienserver, der gefragt werden könnte.</translation>
    </message>
    <message>
        <source>None: this installation is unmanaged</source>
        <translation>Keine: diese Installation wird nicht verwaltet</translation>
    </message>
    <message>
        <source>Built-in rules only</source>
        <translation>Nur eingebaute Regeln</translation>
    </message>
    <message>
        <source>No policy server; bundles are placed by the administrator</source>
        <translation>Kein Richtlinienserver; Bündel legt die Administration ab</translation>
    </message>
    <message>
        <source>No bundle</source>
        <translation>Kein Bündel</translation>
    </message>
    <message>
        <source>Conversations are not stored.</source>
        <translation>Unterhaltungen werden nicht gespeichert.</translation>
    </message>
    <message numerus="yes">
        <source>Conversations are deleted %n day(s) after their last change.</source>
        <translation>
            <numerusform>Unterhaltungen werden %n Tag nach ihrer letzten Änderung gelöscht.</numerusform>
            <numerusform>Unterhaltungen werden %n Tage nach ihrer letzten Änderung gelöscht.</numerusform>
        </translation>
    </message>
    <message>
        <source>Conversations are kept until you delete them.</source>
        <translation>Unterhaltungen bleiben, bis Sie sie löschen.</translation>
    </message>
    <message>
        <source>Prompts are also kept as typed, before redaction (encrypted).</source>
        <translation>Prompts werden zusätzlich so gespeichert, wie sie getippt wurden, vor der Schwärzung (verschlüsselt).</translation>
    </message>
    <message numerus="yes">
        <source>Audit entries are kept for %n day(s).</source>
        <translation>
            <numerusform>Audit-Einträge werden %n Tag aufbewahrt.</numerusform>
            <numerusform>Audit-Einträge werden %n Tage aufbewahrt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Audit entries are kept.</source>
        <translation>Audit-Einträge werden aufbewahrt.</translation>
    </message>
    <message>
        <source>Allowed (%1), encrypted or not.</source>
        <translation>Erlaubt (%1), verschlüsselt oder nicht.</translation>
    </message>
    <message>
        <source>Allowed (%1), encrypted only.</source>
        <translation>Erlaubt (%1), nur verschlüsselt.</translation>
    </message>
    <message numerus="yes">
        <source>Every export is also encrypted to %n recipient(s) the organization names.</source>
        <translation>
            <numerusform>Jeder Export wird zusätzlich für %n Empfänger verschlüsselt, den die Organisation nennt.</numerusform>
            <numerusform>Jeder Export wird zusätzlich für %n Empfänger verschlüsselt, die die Organisation nennt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Organization (%1)</source>
        <translation>Organisation (%1)</translation>
    </message>
    <message>
        <source>Built-in</source>
        <translation>Eingebaut</translation>
    </message>
    <message>
        <source>Not checked: there is no policy server.</source>
        <translation>Nicht geprüft: es gibt keinen Richtlinienserver.</translation>
    </message>
    <message>
        <source>Not checked: unmanaged.</source>
        <translation>Nicht geprüft: nicht verwaltet.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Wird geprüft…</translation>
    </message>
    <message>
        <source>Not checked yet in this session; the first check comes within a minute of start.</source>
        <translation>In dieser Sitzung noch nicht geprüft; die erste Prüfung folgt binnen einer Minute nach dem Start.</translation>
    </message>
    <message>
        <source>%1 failed: %2 The policy in force stays.</source>
        <translation>%1 fehlgeschlagen: %2 Die geltende Richtlinie bleibt.</translation>
    </message>
    <message>
        <source>%1: the policy in force is current.</source>
        <translation>%1: die geltende Richtlinie ist aktuell.</translation>
    </message>
    <message>
        <source>No bundle has been accepted yet.</source>
        <translation>Es wurde noch kein Bündel angenommen.</translation>
    </message>
    <message>
        <source>%1 from %2</source>
        <translation>%1 von %2</translation>
    </message>
</context>
<context>
    <name>veil::app::ProviderPicker</name>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>&amp;Provider:</source>
        <translation>A&amp;nbieter:</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>Inspector (shows what would leave; sends nothing)</source>
        <translation>Inspektor (zeigt, was den Rechner verlassen würde; sendet nichts)</translation>
    </message>
</context>
<context>
    <name>veil::app::ProvidersDialog</name>
    <message>
        <source>Providers</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>Configured providers</source>
        <translation>Eingerichtete Anbieter</translation>
    </message>
    <message>
        <source>Provider id</source>
        <translation>Kennung des Anbieters</translation>
    </message>
    <message>
        <source>work-openai</source>
        <translation>work-openai</translation>
    </message>
    <message>
        <source>Provider kind</source>
        <translation>Art des Anbieters</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>Basis-URL</translation>
    </message>
    <message>
        <source>https://api.openai.com/v1</source>
        <translation>https://api.openai.com/v1</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <source>gpt-4o-mini, gpt-4o</source>
        <translation>gpt-4o-mini, gpt-4o</translation>
    </message>
    <message>
        <source>&amp;Add or replace</source>
        <translation>&amp;Hinzufügen oder ersetzen</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <source>API key for the selected provider (stored in the keychain)</source>
        <translation>API-Schlüssel für den ausgewählten Anbieter (wird im Schlüsselbund gespeichert)</translation>
    </message>
    <message>
        <source>Set &amp;key</source>
        <translation>&amp;Schlüssel setzen</translation>
    </message>
    <message>
        <source>&amp;Id:</source>
        <translation>&amp;Kennung:</translation>
    </message>
    <message>
        <source>K&amp;ind:</source>
        <translation>A&amp;rt:</translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation>&amp;Basis-URL:</translation>
    </message>
    <message>
        <source>&amp;Models:</source>
        <translation>&amp;Modelle:</translation>
    </message>
    <message>
        <source>Your providers cannot be read: %1</source>
        <translation>Ihre Anbieter können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>%1 (%2, %3): %4</source>
        <translation>%1 (%2, %3): %4</translation>
    </message>
    <message>
        <source>The provider cannot be added: %1</source>
        <translation>Der Anbieter kann nicht hinzugefügt werden: %1</translation>
    </message>
    <message>
        <source>%1 was saved. Set its API key below if it needs one.</source>
        <translation>%1 wurde gespeichert. Setzen Sie unten seinen API-Schlüssel, falls er einen braucht.</translation>
    </message>
    <message>
        <source>%1 cannot be removed: %2</source>
        <translation>%1 kann nicht entfernt werden: %2</translation>
    </message>
    <message>
        <source>%1 was removed; its API key stays in the keychain until you delete it there.</source>
        <translation>%1 wurde entfernt; sein API-Schlüssel bleibt im Schlüsselbund, bis Sie ihn dort löschen.</translation>
    </message>
    <message>
        <source>Choose a provider and type its API key.</source>
        <translation>Wählen Sie einen Anbieter und geben Sie seinen API-Schlüssel ein.</translation>
    </message>
    <message>
        <source>No keychain is available to hold the API key.</source>
        <translation>Es ist kein Schlüsselbund für den API-Schlüssel verfügbar.</translation>
    </message>
    <message>
        <source>Storing the API key for %1 in the keychain…</source>
        <translation>Der API-Schlüssel für %1 wird im Schlüsselbund gespeichert…</translation>
    </message>
    <message>
        <source>The API key for %1 cannot be stored: %2</source>
        <translation>Der API-Schlüssel für %1 kann nicht gespeichert werden: %2</translation>
    </message>
    <message>
        <source>The API key for %1 is stored in the keychain.</source>
        <translation>Der API-Schlüssel für %1 ist im Schlüsselbund gespeichert.</translation>
    </message>
    <message>
        <source>&amp;Fetch models</source>
        <translation>Modelle &amp;abrufen</translation>
    </message>
    <message>
        <source>Ask the provider which models it offers</source>
        <translation>Den Anbieter fragen, welche Modelle er anbietet</translation>
    </message>
    <message>
        <source>The models cannot be fetched: %1</source>
        <translation>Die Modelle können nicht abgerufen werden: %1</translation>
    </message>
    <message>
        <source>Asking %1 for its models…</source>
        <translation>%1 wird nach seinen Modellen gefragt…</translation>
    </message>
    <message>
        <source>The provider offers no models; type the model names yourself.</source>
        <translation>Der Anbieter bietet keine Modelle an; geben Sie die Modellnamen selbst ein.</translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) found; remove the ones you do not want, then add the provider.</source>
        <translation>
            <numerusform>%n Modell gefunden; entfernen Sie, was Sie nicht wollen, und fügen Sie dann den Anbieter hinzu.</numerusform>
            <numerusform>%n Modelle gefunden; entfernen Sie die, die Sie nicht wollen, und fügen Sie dann den Anbieter hinzu.</numerusform>
        </translation>
    </message>
    <message>
        <source>Your organization&apos;s policy decides which providers may be used. Those it does not allow are shown locked, with the reason.</source>
        <translation>Die Richtlinie Ihrer Organisation entscheidet, welche Anbieter verwendet werden dürfen. Nicht erlaubte werden gesperrt angezeigt, mit dem Grund.</translation>
    </message>
    <message>
        <source>locked by policy</source>
        <translation>durch Richtlinie gesperrt</translation>
    </message>
    <message>
        <source>Locked by your organization&apos;s policy: %1</source>
        <translation>Durch die Richtlinie Ihrer Organisation gesperrt: %1</translation>
    </message>
</context>
<context>
    <name>veil::app::RedactionPreview</name>
    <message>
        <source>Type or paste a prompt. Secrets and personal data are highlighted as you type.</source>
        <translation>Tippen oder fügen Sie einen Prompt ein. Geheimnisse und personenbezogene Daten werden schon beim Tippen markiert.</translation>
    </message>
    <message>
        <source>Nothing to send yet.</source>
        <translation>Noch nichts zu senden.</translation>
    </message>
    <message>
        <source>What leaves this machine</source>
        <translation>Was diesen Rechner verlässt</translation>
    </message>
    <message>
        <source>Your prompt</source>
        <translation>Ihr Prompt</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Placeholder</source>
        <translation>Platzhalter</translation>
    </message>
    <message>
        <source>This text is too complex to check completely, so it will not be sent.</source>
        <translation>Dieser Text ist zu komplex, um ihn vollständig zu prüfen, daher wird er nicht gesendet.</translation>
    </message>
    <message>
        <source>Blocked by rule %1: remove the highlighted text before sending.</source>
        <translation>Blockiert durch Regel %1: Entfernen Sie vor dem Senden den markierten Text.</translation>
    </message>
    <message>
        <source>Blocked by rule %1: %2</source>
        <translation>Blockiert durch Regel %1: %2</translation>
    </message>
    <message>
        <source>Nothing sensitive found.</source>
        <translation>Nichts Sensibles gefunden.</translation>
    </message>
    <message numerus="yes">
        <source>%n finding(s) will be replaced by placeholders before sending.</source>
        <translation>
            <numerusform>%n Fund wird vor dem Senden durch einen Platzhalter ersetzt.</numerusform>
            <numerusform>%n Funde werden vor dem Senden durch Platzhalter ersetzt.</numerusform>
        </translation>
    </message>
    <message>
        <source> Some need your confirmation.</source>
        <translation> Einige erfordern Ihre Bestätigung.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2&lt;br&gt;Action: %3&lt;br&gt;Sent as %4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2&lt;br&gt;Aktion: %3&lt;br&gt;Gesendet als %4</translation>
    </message>
</context>
<context>
    <name>veil::app::WorkspacesDialog</name>
    <message>
        <source>Workspaces</source>
        <translation>Arbeitsbereiche</translation>
    </message>
    <message>
        <source>New workspace name</source>
        <translation>Name des neuen Arbeitsbereichs</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>Add the workspace</source>
        <translation>Den Arbeitsbereich hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>&amp;Entfernen…</translation>
    </message>
    <message>
        <source>Remove the selected workspace</source>
        <translation>Den ausgewählten Arbeitsbereich entfernen</translation>
    </message>
    <message>
        <source>Workspace context</source>
        <translation>Kontext des Arbeitsbereichs</translation>
    </message>
    <message>
        <source>Instructions and snippets sent with every prompt in this workspace, redacted like the prompt.</source>
        <translation>Anweisungen und Ausschnitte, die mit jedem Prompt in diesem Arbeitsbereich gesendet werden, geschwärzt wie der Prompt.</translation>
    </message>
    <message>
        <source>&amp;Save context</source>
        <translation>Kontext &amp;speichern</translation>
    </message>
    <message>
        <source>Save the workspace context to the keychain</source>
        <translation>Den Kontext des Arbeitsbereichs im Schlüsselbund speichern</translation>
    </message>
    <message>
        <source>&amp;Workspaces:</source>
        <translation>&amp;Arbeitsbereiche:</translation>
    </message>
    <message>
        <source>&amp;Context (kept in the keychain):</source>
        <translation>&amp;Kontext (im Schlüsselbund):</translation>
    </message>
    <message>
        <source>Workspace %1 created.</source>
        <translation>Arbeitsbereich %1 angelegt.</translation>
    </message>
    <message>
        <source>The context cannot be read from the keychain: %1</source>
        <translation>Der Kontext kann nicht aus dem Schlüsselbund gelesen werden: %1</translation>
    </message>
    <message>
        <source>%1 of %2 bytes</source>
        <translation>%1 von %2 Bytes</translation>
    </message>
    <message>
        <source>A context holds at most 64 KiB.</source>
        <translation>Ein Kontext fasst höchstens 64 KiB.</translation>
    </message>
    <message>
        <source>The context is larger than 64 KiB; shorten it before saving.</source>
        <translation>Der Kontext ist größer als 64 KiB; kürzen Sie ihn vor dem Speichern.</translation>
    </message>
    <message>
        <source>The context of %1 was removed.</source>
        <translation>Der Kontext von %1 wurde entfernt.</translation>
    </message>
    <message>
        <source>The context cannot be removed from the keychain: %1</source>
        <translation>Der Kontext kann nicht aus dem Schlüsselbund entfernt werden: %1</translation>
    </message>
    <message>
        <source>The context of %1 was saved to the keychain.</source>
        <translation>Der Kontext von %1 wurde im Schlüsselbund gespeichert.</translation>
    </message>
    <message>
        <source>The context cannot be saved to the keychain: %1</source>
        <translation>Der Kontext kann nicht im Schlüsselbund gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Workspace %1 was removed, but its context could not be removed from the keychain: %2</source>
        <translation>Arbeitsbereich %1 wurde entfernt, aber sein Kontext konnte nicht aus dem Schlüsselbund entfernt werden: %2</translation>
    </message>
    <message>
        <source>Workspace %1 was removed with its conversations and context.</source>
        <translation>Arbeitsbereich %1 wurde mit seinen Unterhaltungen und seinem Kontext entfernt.</translation>
    </message>
    <message>
        <source>Remove workspace</source>
        <translation>Arbeitsbereich entfernen</translation>
    </message>
    <message>
        <source>Remove workspace &quot;%1&quot; with all its conversations and its context? This cannot be undone.</source>
        <translation>Arbeitsbereich „%1“ mit allen seinen Unterhaltungen und seinem Kontext entfernen? Das lässt sich nicht rückgängig machen.</translation>
    </message>
</context>
</TS>
