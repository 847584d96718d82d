-- What was said, for CHATHISTORY: every stored room message and event, and every private message
-- that a logged-in member took part in. Times are milliseconds since the epoch (UTC).

CREATE TABLE history (
    -- The order in which the server took the messages: the order every member saw.
    id         INTEGER PRIMARY KEY,
    -- A room: its case-folded name ("#lobby"). A private conversation: its two parties'
    -- identities ("a:<account>" or "n:<nick>", case-folded), sorted, with a space between.
    target     TEXT    NOT NULL,
    -- For a private conversation its two identities (NULL for rooms), so that removing an
    -- account can find its conversations.
    peer1      TEXT,
    peer2      TEXT,
    msgid      TEXT    NOT NULL,
    time_ms    INTEGER NOT NULL,
    command    TEXT    NOT NULL,
    -- The sender's account, when logged in.
    account    TEXT,
    -- The line as relayed, without the tags the server adds (time, msgid, account, batch):
    -- the client-only tags, the sender's nick!user@host, the command and its parameters.
    line       TEXT    NOT NULL
) STRICT;

-- Every index costs each stored message a B-tree insert, so there are few. Ids follow time, so
-- bounds by time are filtered along the target's ids, and the retention purge finds its cut by
-- searching the ids; message ids begin with their time, so their index grows at its end.
CREATE INDEX history_by_target ON history (target, id);
CREATE INDEX history_by_msgid ON history (msgid);
CREATE INDEX history_by_peer1 ON history (peer1) WHERE peer1 IS NOT NULL;
CREATE INDEX history_by_peer2 ON history (peer2) WHERE peer2 IS NOT NULL;

-- One row per target that has messages (PRIVMSG/NOTICE): when the latest was said, for
-- CHATHISTORY TARGETS without a scan of all history. For private conversations, the name to
-- show for each party (the account name, or the nick of a guest).
CREATE TABLE history_targets (
    target     TEXT    PRIMARY KEY,
    peer1      TEXT,
    peer2      TEXT,
    peer1_name TEXT,
    peer2_name TEXT,
    latest_ms  INTEGER NOT NULL
) STRICT;

CREATE INDEX history_targets_by_peer1 ON history_targets (peer1) WHERE peer1 IS NOT NULL;
CREATE INDEX history_targets_by_peer2 ON history_targets (peer2) WHERE peer2 IS NOT NULL;

-- A removed member's private conversations go with the account, whoever removes it
-- (`parley admin remove`, another process): the same transaction, nothing left behind.
CREATE TRIGGER history_forget_removed_account AFTER DELETE ON accounts
BEGIN
    DELETE FROM history WHERE peer1 = 'a:' || OLD.name_key OR peer2 = 'a:' || OLD.name_key;
    DELETE FROM history_targets WHERE peer1 = 'a:' || OLD.name_key OR peer2 = 'a:' || OLD.name_key;
END;
