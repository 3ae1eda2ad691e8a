<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>main</name>
    <message>
        <source>Deploy script fails on staging</source>
        <translation>Deploy script fails on staging</translation>
    </message>
    <message>
        <source>Regex for order numbers</source>
        <translation>Regex for order numbers</translation>
    </message>
    <message>
        <source>Summarize the incident notes</source>
        <translation>Summarize the incident notes</translation>
    </message>
    <message>
        <source>Veil: a privacy-aware shell for AI assistants.</source>
        <translation>Veil: a privacy-aware shell for AI assistants.</translation>
    </message>
    <message>
        <source>Print the version and exit.</source>
        <translation>Print the version and exit.</translation>
    </message>
    <message>
        <source>Render the main window with demo data to FILE (PNG) and exit.</source>
        <translation>Render the main window with demo data to FILE (PNG) and exit.</translation>
    </message>
    <message>
        <source>Another Veil seems to be running but does not answer; starting anyway.</source>
        <translation>Another Veil seems to be running but does not answer; starting anyway.</translation>
    </message>
    <message>
        <source>Veil cannot start</source>
        <translation>Veil cannot start</translation>
    </message>
</context>
<context>
    <name>veil::app::AppearanceMenu</name>
    <message>
        <source>&amp;Appearance</source>
        <translation>&amp;Appearance</translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation>&amp;System</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Light</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Dark</translation>
    </message>
</context>
<context>
    <name>veil::app::AuditLogDialog</name>
    <message>
        <source>Audit log</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Filter by kind or details</source>
        <translation>Filter by kind or details</translation>
    </message>
    <message>
        <source>Filter the audit log</source>
        <translation>Filter the audit log</translation>
    </message>
    <message>
        <source>Audit log entries</source>
        <translation>Audit log entries</translation>
    </message>
    <message>
        <source>&amp;Verify chain</source>
        <translation>&amp;Verify chain</translation>
    </message>
    <message>
        <source>The history is not open, so there is no audit log to show.</source>
        <translation>The history is not open, so there is no audit log to show.</translation>
    </message>
    <message>
        <source>Reading the audit log…</source>
        <translation>Reading the audit log…</translation>
    </message>
    <message>
        <source>Checking the audit chain…</source>
        <translation>Checking the audit chain…</translation>
    </message>
    <message numerus="yes">
        <source>%n entry(s).</source>
        <translation>
            <numerusform>%n entry.</numerusform>
            <numerusform>%n entries.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>veil::app::Composer</name>
    <message>
        <source>This text is too complex to check completely, so it cannot be sent.</source>
        <translation>This text is too complex to check completely, so it cannot be sent.</translation>
    </message>
    <message>
        <source>Send is off: rule %1 blocks this prompt. Remove the highlighted text.</source>
        <translation>Send is off: rule %1 blocks this prompt. Remove the highlighted text.</translation>
    </message>
    <message>
        <source>Send is off: rule %1 blocks this prompt. %2</source>
        <translation>Send is off: rule %1 blocks this prompt. %2</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>&amp;What leaves this machine</source>
        <translation>&amp;What leaves this machine</translation>
    </message>
    <message>
        <source>Show what leaves this machine</source>
        <translation>Show what leaves this machine</translation>
    </message>
    <message>
        <source>Send &amp;anyway</source>
        <translation>Send &amp;anyway</translation>
    </message>
    <message>
        <source>Send anyway</source>
        <translation>Send anyway</translation>
    </message>
    <message>
        <source>&amp;Edit prompt</source>
        <translation>&amp;Edit prompt</translation>
    </message>
    <message>
        <source>Do not send; edit the prompt</source>
        <translation>Do not send; edit the prompt</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Send</translation>
    </message>
    <message>
        <source>Send the prompt</source>
        <translation>Send the prompt</translation>
    </message>
    <message>
        <source>Send (Enter). Shift+Enter starts a new line.</source>
        <translation>Send (Enter). Shift+Enter starts a new line.</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>S&amp;top</translation>
    </message>
    <message>
        <source>Stop the reply</source>
        <translation>Stop the reply</translation>
    </message>
    <message>
        <source>Stop the reply (Esc)</source>
        <translation>Stop the reply (Esc)</translation>
    </message>
    <message>
        <source>Rule(s) %1 ask you to confirm before this prompt leaves. The highlighted text will be replaced by placeholders. Send it?</source>
        <translation>Rule(s) %1 ask you to confirm before this prompt leaves. The highlighted text will be replaced by placeholders. Send it?</translation>
    </message>
    <message>
        <source>Answering… Esc stops the reply.</source>
        <translation>Answering… Esc stops the reply.</translation>
    </message>
    <message>
        <source>Prompt size</source>
        <translation>Prompt size</translation>
    </message>
    <message>
        <source>%1 characters · about %2 of %3 tokens</source>
        <translation>%1 characters · about %2 of %3 tokens</translation>
    </message>
    <message>
        <source>%1 characters · about %2 tokens</source>
        <translation>%1 characters · about %2 tokens</translation>
    </message>
    <message>
        <source>This prompt is probably longer than the model&apos;s context window; the provider may refuse it or cut it short.</source>
        <translation>This prompt is probably longer than the model&apos;s context window; the provider may refuse it or cut it short.</translation>
    </message>
    <message>
        <source>An estimate: about four characters per token.</source>
        <translation>An estimate: about four characters per token.</translation>
    </message>
</context>
<context>
    <name>veil::app::ConversationList</name>
    <message>
        <source>Search history</source>
        <translation>Search history</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Conversations</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>&amp;New</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>New conversation</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Delete</translation>
    </message>
    <message>
        <source>Delete the selected conversation</source>
        <translation>Delete the selected conversation</translation>
    </message>
    <message>
        <source>&amp;Conversations</source>
        <translation>&amp;Conversations</translation>
    </message>
    <message>
        <source>(untitled)</source>
        <translation>(untitled)</translation>
    </message>
    <message>
        <source>Last change: %1</source>
        <translation>Last change: %1</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Undo</translation>
    </message>
    <message>
        <source>Undo the deletion</source>
        <translation>Undo the deletion</translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>&amp;Rename</translation>
    </message>
    <message>
        <source>due now</source>
        <translation>due now</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) left</source>
        <translation>
            <numerusform>%n day left</numerusform>
            <numerusform>%n days left</numerusform>
        </translation>
    </message>
    <message>
        <source>The retention policy deletes this conversation at its next run.</source>
        <translation>The retention policy deletes this conversation at its next run.</translation>
    </message>
    <message numerus="yes">
        <source>The retention policy deletes this conversation in %n day(s) unless it changes.</source>
        <translation>
            <numerusform>The retention policy deletes this conversation in %n day unless it changes.</numerusform>
            <numerusform>The retention policy deletes this conversation in %n days unless it changes.</numerusform>
        </translation>
    </message>
    <message>
        <source>&quot;%1&quot; deleted.</source>
        <translation>&quot;%1&quot; deleted.</translation>
    </message>
</context>
<context>
    <name>veil::app::ConversationView</name>
    <message>
        <source>Conversation</source>
        <translation>Conversation</translation>
    </message>
    <message>
        <source>No messages yet. Write a prompt below; you see what leaves before it is sent.</source>
        <translation>No messages yet. Write a prompt below; you see what leaves before it is sent.</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Retry</translation>
    </message>
    <message>
        <source>Retry the last prompt</source>
        <translation>Retry the last prompt</translation>
    </message>
    <message>
        <source>You</source>
        <translation>You</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Assistant</translation>
    </message>
    <message>
        <source>Assistant (%1)</source>
        <translation>Assistant (%1)</translation>
    </message>
    <message>
        <source>— answering…</source>
        <translation>— answering…</translation>
    </message>
    <message>
        <source>— cut off</source>
        <translation>— cut off</translation>
    </message>
    <message>
        <source>— failed</source>
        <translation>— failed</translation>
    </message>
    <message>
        <source>Copy code</source>
        <translation>Copy code</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Regenerate</translation>
    </message>
    <message>
        <source>Sent as %1</source>
        <translation>Sent as %1</translation>
    </message>
</context>
<context>
    <name>veil::app::ExportDialog</name>
    <message>
        <source>Export history</source>
        <translation>Export history</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>First day</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>Last day</translation>
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
        <translation>&amp;HTML report</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>Workspace</translation>
    </message>
    <message>
        <source>every workspace</source>
        <translation>every workspace</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Provider</translation>
    </message>
    <message>
        <source>Every provider</source>
        <translation>Every provider</translation>
    </message>
    <message>
        <source>Age recipients</source>
        <translation>Age recipients</translation>
    </message>
    <message>
        <source>age1… (one per line; empty: not encrypted unless the policy requires it)</source>
        <translation>age1… (one per line; empty: not encrypted unless the policy requires it)</translation>
    </message>
    <message>
        <source>Output file</source>
        <translation>Output file</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Browse…</translation>
    </message>
    <message>
        <source>Choose the output file</source>
        <translation>Choose the output file</translation>
    </message>
    <message>
        <source>Upload URL</source>
        <translation>Upload URL</translation>
    </message>
    <message>
        <source>optional: https://… (a WebDAV folder ending in /, or a pre-signed URL)</source>
        <translation>optional: https://… (a WebDAV folder ending in /, or a pre-signed URL)</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;From:</translation>
    </message>
    <message>
        <source>&amp;Until (inclusive):</source>
        <translation>&amp;Until (inclusive):</translation>
    </message>
    <message>
        <source>&amp;Workspace:</source>
        <translation>&amp;Workspace:</translation>
    </message>
    <message>
        <source>&amp;Provider:</source>
        <translation>&amp;Provider:</translation>
    </message>
    <message>
        <source>Formats:</source>
        <translation>Formats:</translation>
    </message>
    <message>
        <source>&amp;Recipients:</source>
        <translation>&amp;Recipients:</translation>
    </message>
    <message numerus="yes">
        <source>The organization&apos;s policy encrypts every export to %n more recipient(s).</source>
        <translation>
            <numerusform>The organization&apos;s policy encrypts every export to %n more recipient.</numerusform>
            <numerusform>The organization&apos;s policy encrypts every export to %n more recipients.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Save to:</source>
        <translation>&amp;Save to:</translation>
    </message>
    <message>
        <source>U&amp;pload to:</source>
        <translation>U&amp;pload to:</translation>
    </message>
    <message>
        <source>Export progress</source>
        <translation>Export progress</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Export</translation>
    </message>
    <message>
        <source>Exports contain only what left this machine (placeholders, never the values behind them), re-scanned with the current rules.</source>
        <translation>Exports contain only what left this machine (placeholders, never the values behind them), re-scanned with the current rules.</translation>
    </message>
    <message>
        <source>Export history to</source>
        <translation>Export history to</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <source>Choose at least one format.</source>
        <translation>Choose at least one format.</translation>
    </message>
    <message>
        <source>The last day is before the first.</source>
        <translation>The last day is before the first.</translation>
    </message>
    <message>
        <source>Choose where to save the export.</source>
        <translation>Choose where to save the export.</translation>
    </message>
    <message>
        <source>%1 exists already; choose another name.</source>
        <translation>%1 exists already; choose another name.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>The folder %1 does not exist.</translation>
    </message>
    <message>
        <source>The organization&apos;s policy names an export recipient that is not a valid age recipient.</source>
        <translation>The organization&apos;s policy names an export recipient that is not a valid age recipient.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an age recipient (age1…).</source>
        <translation>&quot;%1&quot; is not an age recipient (age1…).</translation>
    </message>
    <message>
        <source>The upload URL must be an https:// address (plain http only to this machine).</source>
        <translation>The upload URL must be an https:// address (plain http only to this machine).</translation>
    </message>
    <message>
        <source>There is no history on this machine yet.</source>
        <translation>There is no history on this machine yet.</translation>
    </message>
    <message>
        <source>Opening the history…</source>
        <translation>Opening the history…</translation>
    </message>
    <message>
        <source>The history cannot be opened: %1</source>
        <translation>The history cannot be opened: %1</translation>
    </message>
    <message>
        <source>Scanning %1 of %2 messages…</source>
        <translation>Scanning %1 of %2 messages…</translation>
    </message>
    <message>
        <source>Writing %1 of %2 messages…</source>
        <translation>Writing %1 of %2 messages…</translation>
    </message>
    <message>
        <source>Cancelled; no file was written.</source>
        <translation>Cancelled; no file was written.</translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <translation>The export failed: %1</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n message(s) to &lt;a href=&quot;%2&quot;&gt;%1&lt;/a&gt;.</source>
        <translation>
            <numerusform>Exported %n message to &lt;a href=&quot;%2&quot;&gt;%1&lt;/a&gt;.</numerusform>
            <numerusform>Exported %n messages to &lt;a href=&quot;%2&quot;&gt;%1&lt;/a&gt;.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n message(s); uploading to %1…</source>
        <translation>
            <numerusform>Exported %n message; uploading to %1…</numerusform>
            <numerusform>Exported %n messages; uploading to %1…</numerusform>
        </translation>
    </message>
    <message>
        <source>The upload was cancelled; the export is kept at %1.</source>
        <translation>The upload was cancelled; the export is kept at %1.</translation>
    </message>
    <message>
        <source>The upload to %1 failed: %2 The export is kept at %3.</source>
        <translation>The upload to %1 failed: %2 The export is kept at %3.</translation>
    </message>
    <message>
        <source>Uploaded to %1; the export is also kept at %2.</source>
        <translation>Uploaded to %1; the export is also kept at %2.</translation>
    </message>
</context>
<context>
    <name>veil::app::FirstRunPage</name>
    <message>
        <source>Welcome to Veil</source>
        <translation>Welcome to Veil</translation>
    </message>
    <message>
        <source>Veil replaces secrets and personal data in your prompts with placeholders on this machine before anything is sent, and puts them back into the replies only here. Your API keys stay in the system keychain and your history in an encrypted database.</source>
        <translation>Veil replaces secrets and personal data in your prompts with placeholders on this machine before anything is sent, and puts them back into the replies only here. Your API keys stay in the system keychain and your history in an encrypted database.</translation>
    </message>
    <message>
        <source>Who manages this installation</source>
        <translation>Who manages this installation</translation>
    </message>
    <message>
        <source>&amp;Add a provider…</source>
        <translation>&amp;Add a provider…</translation>
    </message>
    <message>
        <source>Add an AI provider and its key</source>
        <translation>Add an AI provider and its key</translation>
    </message>
    <message>
        <source>&amp;Try the inspector</source>
        <translation>&amp;Try the inspector</translation>
    </message>
    <message>
        <source>Try the inspector, which sends nothing</source>
        <translation>Try the inspector, which sends nothing</translation>
    </message>
    <message>
        <source>The inspector answers with exactly what would leave this machine, and sends nothing anywhere.</source>
        <translation>The inspector answers with exactly what would leave this machine, and sends nothing anywhere.</translation>
    </message>
    <message>
        <source>This installation is managed: %1. Your organization decides which providers and rules apply.</source>
        <translation>This installation is managed: %1. Your organization decides which providers and rules apply.</translation>
    </message>
    <message>
        <source>This installation is unmanaged: the built-in rules apply, and you choose your providers.</source>
        <translation>This installation is unmanaged: the built-in rules apply, and you choose your providers.</translation>
    </message>
</context>
<context>
    <name>veil::app::HistoryClient</name>
    <message>
        <source>That passphrase does not open the history; try again.</source>
        <translation>That passphrase does not open the history; try again.</translation>
    </message>
    <message>
        <source>The history is in passphrase mode; unlock it with its passphrase to see it and to send.</source>
        <translation>The history is in passphrase mode; unlock it with its passphrase to see it and to send.</translation>
    </message>
    <message>
        <source>No keychain (Secret Service) is available, or it is locked: %1 History and sending are off until it can be used.</source>
        <translation>No keychain (Secret Service) is available, or it is locked: %1 History and sending are off until it can be used.</translation>
    </message>
    <message>
        <source>The history cannot be opened: %1</source>
        <translation>The history cannot be opened: %1</translation>
    </message>
    <message>
        <source>No keychain (Secret Service) is available.</source>
        <translation>No keychain (Secret Service) is available.</translation>
    </message>
    <message>
        <source>No keychain (Secret Service) is available. Veil keeps history only encrypted, with its key in the keychain, so history and sending are off until a keychain is running.</source>
        <translation>No keychain (Secret Service) is available. Veil keeps history only encrypted, with its key in the keychain, so history and sending are off until a keychain is running.</translation>
    </message>
    <message>
        <source>The keychain is locked or refused access, so the encrypted history cannot be kept.</source>
        <translation>The keychain is locked or refused access, so the encrypted history cannot be kept.</translation>
    </message>
    <message>
        <source>Old conversations cannot be purged: %1</source>
        <translation>Old conversations cannot be purged: %1</translation>
    </message>
    <message>
        <source>The conversations cannot be read: %1</source>
        <translation>The conversations cannot be read: %1</translation>
    </message>
    <message>
        <source>The conversation cannot be read: %1</source>
        <translation>The conversation cannot be read: %1</translation>
    </message>
    <message>
        <source>The conversation cannot be deleted: %1</source>
        <translation>The conversation cannot be deleted: %1</translation>
    </message>
    <message>
        <source>The audit log cannot be read: %1</source>
        <translation>The audit log cannot be read: %1</translation>
    </message>
    <message>
        <source>The history is not open, so its audit log cannot be checked.</source>
        <translation>The history is not open, so its audit log cannot be checked.</translation>
    </message>
    <message>
        <source>The audit log cannot be checked: %1</source>
        <translation>The audit log cannot be checked: %1</translation>
    </message>
    <message numerus="yes">
        <source>The audit chain is intact: %n entry(s) checked.</source>
        <translation>
            <numerusform>The audit chain is intact: %n entry checked.</numerusform>
            <numerusform>The audit chain is intact: %n entries checked.</numerusform>
        </translation>
    </message>
    <message>
        <source>The audit chain is broken at entry %1: %2</source>
        <translation>The audit chain is broken at entry %1: %2</translation>
    </message>
    <message>
        <source>The audit chain is broken: %1</source>
        <translation>The audit chain is broken: %1</translation>
    </message>
    <message>
        <source>The audit log cannot be written: %1</source>
        <translation>The audit log cannot be written: %1</translation>
    </message>
    <message>
        <source>The workspaces cannot be read: %1</source>
        <translation>The workspaces cannot be read: %1</translation>
    </message>
    <message>
        <source>The workspace cannot be created: %1</source>
        <translation>The workspace cannot be created: %1</translation>
    </message>
    <message>
        <source>The workspace cannot be deleted: %1</source>
        <translation>The workspace cannot be deleted: %1</translation>
    </message>
    <message>
        <source>The conversation cannot be renamed: %1</source>
        <translation>The conversation cannot be renamed: %1</translation>
    </message>
</context>
<context>
    <name>veil::app::IncidentBanner</name>
    <message>
        <source>Incident request</source>
        <translation>Incident request</translation>
    </message>
    <message>
        <source>Incident export progress</source>
        <translation>Incident export progress</translation>
    </message>
    <message>
        <source>Export and upload</source>
        <translation>Export and upload</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>Not now</translation>
    </message>
    <message>
        <source>The incident ledger cannot be read: %1</source>
        <translation>The incident ledger cannot be read: %1</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>now</source>
        <translation>now</translation>
    </message>
    <message>
        <source>%1 asks for an export of your redacted history for incident %2, from %3 to %4, encrypted to them and uploaded to %5.</source>
        <translation>%1 asks for an export of your redacted history for incident %2, from %3 to %4, encrypted to them and uploaded to %5.</translation>
    </message>
    <message>
        <source>The incident export cannot be made: %1</source>
        <translation>The incident export cannot be made: %1</translation>
    </message>
    <message>
        <source>The folder %1 cannot be created for the incident export.</source>
        <translation>The folder %1 cannot be created for the incident export.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Opening the history for incident %1…</source>
        <translation>Opening the history for incident %1…</translation>
    </message>
    <message>
        <source>Cancelled; nothing was exported, and the request stays pending.</source>
        <translation>Cancelled; nothing was exported, and the request stays pending.</translation>
    </message>
    <message>
        <source>There is no history on this machine yet, so there is nothing to export for incident %1.</source>
        <translation>There is no history on this machine yet, so there is nothing to export for incident %1.</translation>
    </message>
    <message>
        <source>The history cannot be opened for the incident export: %1</source>
        <translation>The history cannot be opened for the incident export: %1</translation>
    </message>
    <message>
        <source>Exporting your redacted history for incident %1…</source>
        <translation>Exporting your redacted history for incident %1…</translation>
    </message>
    <message>
        <source>Uploading the encrypted export to %1…</source>
        <translation>Uploading the encrypted export to %1…</translation>
    </message>
    <message>
        <source>Incident %1 is answered: the encrypted export was uploaded to %2, and the local file is kept at %3.</source>
        <translation>Incident %1 is answered: the encrypted export was uploaded to %2, and the local file is kept at %3.</translation>
    </message>
    <message>
        <source>The upload to %1 failed (%2); the local file is kept at %3, and the request stays pending.</source>
        <translation>The upload to %1 failed (%2); the local file is kept at %3, and the request stays pending.</translation>
    </message>
    <message>
        <source>Cancelled; no file was written, and the request stays pending.</source>
        <translation>Cancelled; no file was written, and the request stays pending.</translation>
    </message>
    <message>
        <source>The incident export failed: %1</source>
        <translation>The incident export failed: %1</translation>
    </message>
</context>
<context>
    <name>veil::app::LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>&amp;System default</source>
        <translation>&amp;System default</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Veil uses the new language from the next start.</source>
        <translation>Veil uses the new language from the next start.</translation>
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
        <translation>History status</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Provider</translation>
    </message>
    <message>
        <source>Policy status</source>
        <translation>Policy status</translation>
    </message>
    <message numerus="yes">
        <source>%n rule(s) active</source>
        <translation>
            <numerusform>%n rule active</numerusform>
            <numerusform>%n rules active</numerusform>
        </translation>
    </message>
    <message>
        <source>Your providers cannot be read: %1</source>
        <translation>Your providers cannot be read: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n conversation(s) older than the retention period were purged.</source>
        <translation>
            <numerusform>%n conversation older than the retention period were purged.</numerusform>
            <numerusform>%n conversations older than the retention period were purged.</numerusform>
        </translation>
    </message>
    <message>
        <source>The conversation was deleted.</source>
        <translation>The conversation was deleted.</translation>
    </message>
    <message>
        <source>Wait for the reply (or stop it) before deleting this conversation.</source>
        <translation>Wait for the reply (or stop it) before deleting this conversation.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;New conversation</source>
        <translation>&amp;New conversation</translation>
    </message>
    <message>
        <source>&amp;Export history…</source>
        <translation>&amp;Export history…</translation>
    </message>
    <message>
        <source>&amp;Unlock history…</source>
        <translation>&amp;Unlock history…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Search history</source>
        <translation>&amp;Search history</translation>
    </message>
    <message>
        <source>&amp;What leaves this machine</source>
        <translation>&amp;What leaves this machine</translation>
    </message>
    <message>
        <source>&amp;Prompt</source>
        <translation>&amp;Prompt</translation>
    </message>
    <message>
        <source>&amp;Audit log</source>
        <translation>&amp;Audit log</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Settings</translation>
    </message>
    <message>
        <source>&amp;Providers…</source>
        <translation>&amp;Providers…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;About Veil</source>
        <translation>&amp;About Veil</translation>
    </message>
    <message>
        <source>About Veil</source>
        <translation>About Veil</translation>
    </message>
    <message>
        <source>&lt;b&gt;Veil %1&lt;/b&gt;&lt;p&gt;A privacy-aware shell for AI assistants: secrets and personal data are replaced by placeholders on this machine before a prompt is sent.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Veil %1&lt;/b&gt;&lt;p&gt;A privacy-aware shell for AI assistants: secrets and personal data are replaced by placeholders on this machine before a prompt is sent.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Use File &gt; Unlock history (Send stays off until then).</source>
        <translation>Use File &gt; Unlock history (Send stays off until then).</translation>
    </message>
    <message>
        <source>Demo: nothing is sent.</source>
        <translation>Demo: nothing is sent.</translation>
    </message>
    <message>
        <source>Sending is off: there is no keychain to hold the history key.</source>
        <translation>Sending is off: there is no keychain to hold the history key.</translation>
    </message>
    <message>
        <source>Sending is off until the history is unlocked with its passphrase.</source>
        <translation>Sending is off until the history is unlocked with its passphrase.</translation>
    </message>
    <message>
        <source>The organization&apos;s policy allows no provider here.</source>
        <translation>The organization&apos;s policy allows no provider here.</translation>
    </message>
    <message>
        <source>You stopped the reply; what arrived is kept.</source>
        <translation>You stopped the reply; what arrived is kept.</translation>
    </message>
    <message>
        <source>You stopped the request before a reply arrived.</source>
        <translation>You stopped the request before a reply arrived.</translation>
    </message>
    <message>
        <source>The reply was cut off: %1</source>
        <translation>The reply was cut off: %1</translation>
    </message>
    <message>
        <source>No reply: %1</source>
        <translation>No reply: %1</translation>
    </message>
    <message>
        <source>Policy warning</source>
        <translation>Policy warning</translation>
    </message>
    <message>
        <source>The new policy&apos;s redaction rules cannot be used: %1</source>
        <translation>The new policy&apos;s redaction rules cannot be used: %1</translation>
    </message>
    <message numerus="yes">
        <source>Last checked %1; next check in about %n minute(s).</source>
        <translation>
            <numerusform>Last checked %1; next check in about %n minute.</numerusform>
            <numerusform>Last checked %1; next check in about %n minutes.</numerusform>
        </translation>
    </message>
    <message>
        <source>The last known good policy (version %1) stays in force.</source>
        <translation>The last known good policy (version %1) stays in force.</translation>
    </message>
    <message>
        <source>No policy has been received yet: %1.</source>
        <translation>No policy has been received yet: %1.</translation>
    </message>
    <message>
        <source>The organization&apos;s newest policy was refused: %1 %2</source>
        <translation>The organization&apos;s newest policy was refused: %1 %2</translation>
    </message>
    <message>
        <source>The organization&apos;s policy could not be fetched: %1 %2</source>
        <translation>The organization&apos;s policy could not be fetched: %1 %2</translation>
    </message>
    <message>
        <source>Applying the organization&apos;s new policy…</source>
        <translation>Applying the organization&apos;s new policy…</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>Workspace</translation>
    </message>
    <message>
        <source>Workspace: its conversations are listed, and its context is sent with its prompts</source>
        <translation>Workspace: its conversations are listed, and its context is sent with its prompts</translation>
    </message>
    <message>
        <source>All conversations</source>
        <translation>All conversations</translation>
    </message>
    <message>
        <source>Show the policy in force</source>
        <translation>Show the policy in force</translation>
    </message>
    <message>
        <source>P&amp;olicy</source>
        <translation>P&amp;olicy</translation>
    </message>
    <message>
        <source>&amp;Workspaces…</source>
        <translation>&amp;Workspaces…</translation>
    </message>
</context>
<context>
    <name>veil::app::PassphraseDialog</name>
    <message>
        <source>Unlock history</source>
        <translation>Unlock history</translation>
    </message>
    <message>
        <source>The history is protected by a passphrase. Enter it to open the history.</source>
        <translation>The history is protected by a passphrase. Enter it to open the history.</translation>
    </message>
    <message>
        <source>History passphrase</source>
        <translation>History passphrase</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Unlock</translation>
    </message>
    <message>
        <source>Opening the history…</source>
        <translation>Opening the history…</translation>
    </message>
</context>
<context>
    <name>veil::app::PolicyDialog</name>
    <message>
        <source>Policy</source>
        <translation>Policy</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Organization:</source>
        <translation>Organization:</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>Source:</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>Version:</translation>
    </message>
    <message>
        <source>Signing key:</source>
        <translation>Signing key:</translation>
    </message>
    <message>
        <source>Issued:</source>
        <translation>Issued:</translation>
    </message>
    <message>
        <source>Valid until:</source>
        <translation>Valid until:</translation>
    </message>
    <message>
        <source>Fetched:</source>
        <translation>Fetched:</translation>
    </message>
    <message>
        <source>Last asked the server:</source>
        <translation>Last asked the server:</translation>
    </message>
    <message>
        <source>Last check:</source>
        <translation>Last check:</translation>
    </message>
    <message>
        <source>Retention:</source>
        <translation>Retention:</translation>
    </message>
    <message>
        <source>Exports:</source>
        <translation>Exports:</translation>
    </message>
    <message>
        <source>Filter rules</source>
        <translation>Filter rules</translation>
    </message>
    <message>
        <source>Filter the rules in force</source>
        <translation>Filter the rules in force</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Rule</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>Redaction rules in force</source>
        <translation>Redaction rules in force</translation>
    </message>
    <message>
        <source>&amp;Redaction rules in force:</source>
        <translation>&amp;Redaction rules in force:</translation>
    </message>
    <message>
        <source>Check &amp;now</source>
        <translation>Check &amp;now</translation>
    </message>
    <message>
        <source>Ask the policy server now</source>
        <translation>Ask the policy server now</translation>
    </message>
    <message>
        <source>There is no policy server to ask on this installation.</source>
        <translation>There is no policy server to ask on this installation.</translation>
    </message>
    <message>
        <source>None: this installation is unmanaged</source>
        <translation>None: this installation is unmanaged</translation>
    </message>
    <message>
        <source>Built-in rules only</source>
        <translation>Built-in rules only</translation>
    </message>
    <message>
        <source>No policy server; bundles are placed by the administrator</source>
        <translation>No policy server; bundles are placed by the administrator</translation>
    </message>
    <message>
        <source>No bundle</source>
        <translation>No bundle</translation>
    </message>
    <message>
        <source>Conversations are not stored.</source>
        <translation>Conversations are not stored.</translation>
    </message>
    <message numerus="yes">
        <source>Conversations are deleted %n day(s) after their last change.</source>
        <translation>
            <numerusform>Conversations are deleted %n day after their last change.</numerusform>
            <numerusform>Conversations are deleted %n days after their last change.</numerusform>
        </translation>
    </message>
    <message>
        <source>Conversations are kept until you delete them.</source>
        <translation>Conversations are kept until you delete them.</translation>
    </message>
    <message>
        <source>Prompts are also kept as typed, before redaction (encrypted).</source>
        <translation>Prompts are also kept as typed, before redaction (encrypted).</translation>
    </message>
    <message numerus="yes">
        <source>Audit entries are kept for %n day(s).</source>
        <translation>
            <numerusform>Audit entries are kept for %n day.</numerusform>
            <numerusform>Audit entries are kept for %n days.</numerusform>
        </translation>
    </message>
    <message>
        <source>Audit entries are kept.</source>
        <translation>Audit entries are kept.</translation>
    </message>
    <message>
        <source>Allowed (%1), encrypted or not.</source>
        <translation>Allowed (%1), encrypted or not.</translation>
    </message>
    <message>
        <source>Allowed (%1), encrypted only.</source>
        <translation>Allowed (%1), encrypted only.</translation>
    </message>
    <message numerus="yes">
        <source>Every export is also encrypted to %n recipient(s) the organization names.</source>
        <translation>
            <numerusform>Every export is also encrypted to %n recipient the organization names.</numerusform>
            <numerusform>Every export is also encrypted to %n recipients the organization names.</numerusform>
        </translation>
    </message>
    <message>
        <source>Organization (%1)</source>
        <translation>Organization (%1)</translation>
    </message>
    <message>
        <source>Built-in</source>
        <translation>Built-in</translation>
    </message>
    <message>
        <source>Not checked: there is no policy server.</source>
        <translation>Not checked: there is no policy server.</translation>
    </message>
    <message>
        <source>Not checked: unmanaged.</source>
        <translation>Not checked: unmanaged.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Not checked yet in this session; the first check comes within a minute of start.</source>
        <translation>Not checked yet in this session; the first check comes within a minute of start.</translation>
    </message>
    <message>
        <source>%1 failed: %2 The policy in force stays.</source>
        <translation>%1 failed: %2 The policy in force stays.</translation>
    </message>
    <message>
        <source>%1: the policy in force is current.</source>
        <translation>%1: the policy in force is current.</translation>
    </message>
    <message>
        <source>No bundle has been accepted yet.</source>
        <translation>No bundle has been accepted yet.</translation>
    </message>
    <message>
        <source>%1 from %2</source>
        <translation>%1 from %2</translation>
    </message>
</context>
<context>
    <name>veil::app::ProviderPicker</name>
    <message>
        <source>Provider</source>
        <translation>Provider</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>&amp;Provider:</source>
        <translation>&amp;Provider:</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Model:</translation>
    </message>
    <message>
        <source>Inspector (shows what would leave; sends nothing)</source>
        <translation>Inspector (shows what would leave; sends nothing)</translation>
    </message>
</context>
<context>
    <name>veil::app::ProvidersDialog</name>
    <message>
        <source>Providers</source>
        <translation>Providers</translation>
    </message>
    <message>
        <source>Configured providers</source>
        <translation>Configured providers</translation>
    </message>
    <message>
        <source>Provider id</source>
        <translation>Provider id</translation>
    </message>
    <message>
        <source>work-openai</source>
        <translation>work-openai</translation>
    </message>
    <message>
        <source>Provider kind</source>
        <translation>Provider kind</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>Base URL</translation>
    </message>
    <message>
        <source>https://api.openai.com/v1</source>
        <translation>https://api.openai.com/v1</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Models</translation>
    </message>
    <message>
        <source>gpt-4o-mini, gpt-4o</source>
        <translation>gpt-4o-mini, gpt-4o</translation>
    </message>
    <message>
        <source>&amp;Add or replace</source>
        <translation>&amp;Add or replace</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Remove</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API key</translation>
    </message>
    <message>
        <source>API key for the selected provider (stored in the keychain)</source>
        <translation>API key for the selected provider (stored in the keychain)</translation>
    </message>
    <message>
        <source>Set &amp;key</source>
        <translation>Set &amp;key</translation>
    </message>
    <message>
        <source>&amp;Id:</source>
        <translation>&amp;Id:</translation>
    </message>
    <message>
        <source>K&amp;ind:</source>
        <translation>K&amp;ind:</translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation>&amp;Base URL:</translation>
    </message>
    <message>
        <source>&amp;Models:</source>
        <translation>&amp;Models:</translation>
    </message>
    <message>
        <source>Your providers cannot be read: %1</source>
        <translation>Your providers cannot be read: %1</translation>
    </message>
    <message>
        <source>%1 (%2, %3): %4</source>
        <translation>%1 (%2, %3): %4</translation>
    </message>
    <message>
        <source>The provider cannot be added: %1</source>
        <translation>The provider cannot be added: %1</translation>
    </message>
    <message>
        <source>%1 was saved. Set its API key below if it needs one.</source>
        <translation>%1 was saved. Set its API key below if it needs one.</translation>
    </message>
    <message>
        <source>%1 cannot be removed: %2</source>
        <translation>%1 cannot be removed: %2</translation>
    </message>
    <message>
        <source>%1 was removed; its API key stays in the keychain until you delete it there.</source>
        <translation>%1 was removed; its API key stays in the keychain until you delete it there.</translation>
    </message>
    <message>
        <source>Choose a provider and type its API key.</source>
        <translation>Choose a provider and type its API key.</translation>
    </message>
    <message>
        <source>No keychain is available to hold the API key.</source>
        <translation>No keychain is available to hold the API key.</translation>
    </message>
    <message>
        <source>Storing the API key for %1 in the keychain…</source>
        <translation>Storing the API key for %1 in the keychain…</translation>
    </message>
    <message>
        <source>The API key for %1 cannot be stored: %2</source>
        <translation>The API key for %1 cannot be stored: %2</translation>
    </message>
    <message>
        <source>The API key for %1 is stored in the keychain.</source>
        <translation>The API key for %1 is stored in the keychain.</translation>
    </message>
    <message>
        <source>&amp;Fetch models</source>
        <translation>&amp;Fetch models</translation>
    </message>
    <message>
        <source>Ask the provider which models it offers</source>
        <translation>Ask the provider which models it offers</translation>
    </message>
    <message>
        <source>The models cannot be fetched: %1</source>
        <translation>The models cannot be fetched: %1</translation>
    </message>
    <message>
        <source>Asking %1 for its models…</source>
        <translation>Asking %1 for its models…</translation>
    </message>
    <message>
        <source>The provider offers no models; type the model names yourself.</source>
        <translation>The provider offers no models; type the model names yourself.</translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) found; remove the ones you do not want, then add the provider.</source>
        <translation>
            <numerusform>%n model found; remove it if you do not want it, then add the provider.</numerusform>
            <numerusform>%n models found; remove the ones you do not want, then add the provider.</numerusform>
        </translation>
    </message>
    <message>
        <source>Your organization&apos;s policy decides which providers may be used. Those it does not allow are shown locked, with the reason.</source>
        <translation>Your organization&apos;s policy decides which providers may be used. Those it does not allow are shown locked, with the reason.</translation>
    </message>
    <message>
        <source>locked by policy</source>
        <translation>locked by policy</translation>
    </message>
    <message>
        <source>Locked by your organization&apos;s policy: %1</source>
        <translation>Locked by your organization&apos;s policy: %1</translation>
    </message>
</context>
<context>
    <name>veil::app::RedactionPreview</name>
    <message>
        <source>Type or paste a prompt. Secrets and personal data are highlighted as you type.</source>
        <translation>Type or paste a prompt. Secrets and personal data are highlighted as you type.</translation>
    </message>
    <message>
        <source>Nothing to send yet.</source>
        <translation>Nothing to send yet.</translation>
    </message>
    <message>
        <source>What leaves this machine</source>
        <translation>What leaves this machine</translation>
    </message>
    <message>
        <source>Your prompt</source>
        <translation>Your prompt</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Rule</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Placeholder</source>
        <translation>Placeholder</translation>
    </message>
    <message>
        <source>This text is too complex to check completely, so it will not be sent.</source>
        <translation>This text is too complex to check completely, so it will not be sent.</translation>
    </message>
    <message>
        <source>Blocked by rule %1: remove the highlighted text before sending.</source>
        <translation>Blocked by rule %1: remove the highlighted text before sending.</translation>
    </message>
    <message>
        <source>Blocked by rule %1: %2</source>
        <translation>Blocked by rule %1: %2</translation>
    </message>
    <message>
        <source>Nothing sensitive found.</source>
        <translation>Nothing sensitive found.</translation>
    </message>
    <message numerus="yes">
        <source>%n finding(s) will be replaced by placeholders before sending.</source>
        <translation>
            <numerusform>%n finding will be replaced by placeholders before sending.</numerusform>
            <numerusform>%n findings will be replaced by placeholders before sending.</numerusform>
        </translation>
    </message>
    <message>
        <source> Some need your confirmation.</source>
        <translation> Some need your confirmation.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2&lt;br&gt;Action: %3&lt;br&gt;Sent as %4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2&lt;br&gt;Action: %3&lt;br&gt;Sent as %4</translation>
    </message>
</context>
<context>
    <name>veil::app::WorkspacesDialog</name>
    <message>
        <source>Workspaces</source>
        <translation>Workspaces</translation>
    </message>
    <message>
        <source>New workspace name</source>
        <translation>New workspace name</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Add</translation>
    </message>
    <message>
        <source>Add the workspace</source>
        <translation>Add the workspace</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>&amp;Remove…</translation>
    </message>
    <message>
        <source>Remove the selected workspace</source>
        <translation>Remove the selected workspace</translation>
    </message>
    <message>
        <source>Workspace context</source>
        <translation>Workspace context</translation>
    </message>
    <message>
        <source>Instructions and snippets sent with every prompt in this workspace, redacted like the prompt.</source>
        <translation>Instructions and snippets sent with every prompt in this workspace, redacted like the prompt.</translation>
    </message>
    <message>
        <source>&amp;Save context</source>
        <translation>&amp;Save context</translation>
    </message>
    <message>
        <source>Save the workspace context to the keychain</source>
        <translation>Save the workspace context to the keychain</translation>
    </message>
    <message>
        <source>&amp;Workspaces:</source>
        <translation>&amp;Workspaces:</translation>
    </message>
    <message>
        <source>&amp;Context (kept in the keychain):</source>
        <translation>&amp;Context (kept in the keychain):</translation>
    </message>
    <message>
        <source>Workspace %1 created.</source>
        <translation>Workspace %1 created.</translation>
    </message>
    <message>
        <source>The context cannot be read from the keychain: %1</source>
        <translation>The context cannot be read from the keychain: %1</translation>
    </message>
    <message>
        <source>%1 of %2 bytes</source>
        <translation>%1 of %2 bytes</translation>
    </message>
    <message>
        <source>A context holds at most 64 KiB.</source>
        <translation>A context holds at most 64 KiB.</translation>
    </message>
    <message>
        <source>The context is larger than 64 KiB; shorten it before saving.</source>
        <translation>The context is larger than 64 KiB; shorten it before saving.</translation>
    </message>
    <message>
        <source>The context of %1 was removed.</source>
        <translation>The context of %1 was removed.</translation>
    </message>
    <message>
        <source>The context cannot be removed from the keychain: %1</source>
        <translation>The context cannot be removed from the keychain: %1</translation>
    </message>
    <message>
        <source>The context of %1 was saved to the keychain.</source>
        <translation>The context of %1 was saved to the keychain.</translation>
    </message>
    <message>
        <source>The context cannot be saved to the keychain: %1</source>
        <translation>The context cannot be saved to the keychain: %1</translation>
    </message>
    <message>
        <source>Workspace %1 was removed, but its context could not be removed from the keychain: %2</source>
        <translation>Workspace %1 was removed, but its context could not be removed from the keychain: %2</translation>
    </message>
    <message>
        <source>Workspace %1 was removed with its conversations and context.</source>
        <translation>Workspace %1 was removed with its conversations and context.</translation>
    </message>
    <message>
        <source>Remove workspace</source>
        <translation>Remove workspace</translation>
    </message>
    <message>
        <source>Remove workspace &quot;%1&quot; with all its conversations and its context? This cannot be undone.</source>
        <translation>Remove workspace &quot;%1&quot; with all its conversations and its context? This cannot be undone.</translation>
    </message>
</context>
</TS>
