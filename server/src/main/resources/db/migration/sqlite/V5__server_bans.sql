-- Server bans (KLINE, DLINE) and what IRC operators and administrators did. Times are
-- milliseconds since the epoch (UTC).

-- kind 'account': target is an account name ($a:name on IRC); 'mask': a nick!user@host mask whose
-- host may be a cloak, an address or a network; 'address': an IP address or network (CIDR), held
-- against the connection itself. Targets are stored normalised, so one kind and target is one ban.
CREATE TABLE server_bans (
    kind       TEXT    NOT NULL CHECK (kind IN ('account', 'mask', 'address')),
    target     TEXT    NOT NULL,
    reason     TEXT    NOT NULL,
    set_by     TEXT    NOT NULL,
    set_at     INTEGER NOT NULL,
    -- NULL: until removed.
    expires_at INTEGER,
    PRIMARY KEY (kind, target)
) STRICT;

-- Operator actions (KLINE, UNKLINE, DLINE, UNDLINE, KILL, OPER granted...), from IRC or from
-- `parley admin`. Kept apart from login_audit, whose rows are login attempts with a mechanism and
-- an outcome; these have a target and a detail instead. Never a password.
CREATE TABLE operator_actions (
    id       INTEGER PRIMARY KEY,
    at       INTEGER NOT NULL,
    operator TEXT    NOT NULL,
    address  TEXT    NOT NULL,
    action   TEXT    NOT NULL,
    target   TEXT    NOT NULL,
    detail   TEXT    NOT NULL
) STRICT;

CREATE INDEX operator_actions_at ON operator_actions (at);
