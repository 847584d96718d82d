-- Accounts, their client certificates, the login audit trail and server-held secrets.
-- Times are milliseconds since the epoch (UTC). Booleans are 0/1.

CREATE TABLE accounts (
    id               INTEGER PRIMARY KEY,
    -- The name as the administrator or member first wrote it, shown back to people.
    name             TEXT    NOT NULL,
    -- The casefolded name: what makes two names the same account.
    name_key         TEXT    NOT NULL UNIQUE,
    display_name     TEXT    NOT NULL,
    -- Argon2id PHC string; NULL while only a legacy hash is known.
    password_hash    TEXT,
    -- SCRAM-SHA-256 keys, derived whenever the password is set (all four or none).
    scram_salt       BLOB,
    scram_iterations INTEGER,
    scram_stored_key BLOB,
    scram_server_key BLOB,
    -- Unsalted SHA-256 (lowercase hex) from a seed member file; cleared on first login.
    legacy_sha256    TEXT,
    created_at       INTEGER NOT NULL,
    last_login_at    INTEGER,
    locked           INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    operator         INTEGER NOT NULL DEFAULT 0 CHECK (operator IN (0, 1)),
    CHECK ((scram_salt IS NULL) = (scram_iterations IS NULL)
       AND (scram_salt IS NULL) = (scram_stored_key IS NULL)
       AND (scram_salt IS NULL) = (scram_server_key IS NULL)),
    CHECK (legacy_sha256 IS NULL OR length(legacy_sha256) = 64)
) STRICT;

-- Client certificates that log an account in with SASL EXTERNAL.
CREATE TABLE account_certificates (
    -- SHA-256 of the DER certificate, lowercase hex without separators.
    fingerprint TEXT    PRIMARY KEY CHECK (length(fingerprint) = 64),
    account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    added_at    INTEGER NOT NULL
) STRICT;

CREATE INDEX account_certificates_account ON account_certificates (account_id);

-- Every login attempt. The account name is as the client gave it (it may not exist), so there is
-- deliberately no foreign key; rows outlive removed accounts. Never a password.
CREATE TABLE login_audit (
    id           INTEGER PRIMARY KEY,
    at           INTEGER NOT NULL,
    ip           TEXT    NOT NULL,
    account_name TEXT    NOT NULL,
    mechanism    TEXT    NOT NULL,
    outcome      TEXT    NOT NULL
) STRICT;

CREATE INDEX login_audit_at ON login_audit (at);

-- Random keys the server generates once and keeps (e.g. for SCRAM salts of unknown accounts,
-- which must stay the same across restarts so they do not give away which accounts exist).
CREATE TABLE server_secrets (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
) STRICT;
