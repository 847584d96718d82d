-- The search index is written behind the history rows, a second or some thousands of messages
-- at a time (SearchIndex): every PRIVMSG and NOTICE with an id up to indexed_to is in
-- history_text, and the server indexes those past it when it starts (after a crash). Until now
-- each row was indexed as it was stored, so everything there is, is indexed.
CREATE TABLE history_text_position (
    only_row   INTEGER PRIMARY KEY CHECK (only_row = 1),
    indexed_to INTEGER NOT NULL
) STRICT;

INSERT INTO history_text_position (only_row, indexed_to) SELECT 1, coalesce(max(id), 0) FROM history;
