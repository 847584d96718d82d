-- draft/read-marker: up to when a member has read each room and conversation, shared by all
-- their clients. Only ever moves forward.
CREATE TABLE read_markers (
    -- The member's casefolded account name (accounts.name_key).
    account  TEXT    NOT NULL,
    -- The room or nick, folded by the server's case mapping.
    target   TEXT    NOT NULL,
    time_ms  INTEGER NOT NULL,
    PRIMARY KEY (account, target)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER read_markers_forget_removed_account AFTER DELETE ON accounts
BEGIN
    DELETE FROM read_markers WHERE account = OLD.name_key;
END;
