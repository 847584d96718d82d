-- Full-text search over what was said (soju.im/search). An index only: the text itself stays in
-- history.line; rowid is history.id. Written by the history writer for every PRIVMSG and NOTICE.
CREATE VIRTUAL TABLE history_text USING fts5(
    text,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Whatever deletes a message (redaction, retention, a removed account) takes it out of search.
CREATE TRIGGER history_text_forget AFTER DELETE ON history WHEN old.command IN ('PRIVMSG', 'NOTICE')
BEGIN
    DELETE FROM history_text WHERE rowid = old.id;
END;
