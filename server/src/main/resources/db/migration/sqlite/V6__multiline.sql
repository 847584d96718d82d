-- draft/multiline: a message of several lines is one history entry (one msgid, one search hit,
-- one redaction). Its lines are kept in `multiline`, each after the first preceded by a line
-- feed (a new line) or a carriage return (concatenated to the one before, draft/multiline-concat);
-- `line` stays its first line as clients without the capability got it. NULL for other messages.
ALTER TABLE history ADD COLUMN multiline TEXT;

-- Before this, a multiline message was kept as the lines clients without the capability got:
-- the first under the message's id, the n-th after it as "<msgid>-<n>" (server msgids never
-- hold a '-'). Those rows become one entry; which lines were concatenated was not kept.
CREATE TABLE multiline_upgrade AS
WITH part AS (
    SELECT first.id AS first_id, p.id AS id,
           CASE WHEN p.line LIKE '@%' THEN substr(p.line, instr(p.line, ' ') + 1) ELSE p.line END AS rest
    FROM history p JOIN history first
      ON first.id = p.id
      OR (p.msgid GLOB '*-[0-9]*' AND first.msgid = substr(p.msgid, 1, instr(p.msgid, '-') - 1)
          AND first.target = p.target AND first.time_ms = p.time_ms AND first.command = p.command)
    WHERE p.command IN ('PRIVMSG', 'NOTICE')
      AND EXISTS (SELECT 1 FROM history q WHERE q.msgid = first.msgid || '-1' AND q.target = first.target)
),
-- ":source COMMAND target :text" (or a text of one word without the colon): past three spaces.
after_source AS (SELECT first_id, id, substr(rest, instr(rest, ' ') + 1) AS rest FROM part),
after_command AS (SELECT first_id, id, substr(rest, instr(rest, ' ') + 1) AS rest FROM after_source),
after_target AS (SELECT first_id, id, substr(rest, instr(rest, ' ') + 1) AS rest FROM after_command)
SELECT first_id, id, CASE WHEN rest LIKE ':%' THEN substr(rest, 2) ELSE rest END AS text FROM after_target;

UPDATE history SET multiline = (
    SELECT group_concat(text, char(10) ORDER BY id) FROM multiline_upgrade WHERE first_id = history.id)
WHERE id IN (SELECT first_id FROM multiline_upgrade);

-- The first line's search entry becomes the whole message's; the other lines' go with their rows.
DELETE FROM history_text WHERE rowid IN (SELECT first_id FROM multiline_upgrade);
INSERT INTO history_text (rowid, text)
    SELECT id, multiline FROM history WHERE id IN (SELECT first_id FROM multiline_upgrade);
DELETE FROM history WHERE id IN (SELECT id FROM multiline_upgrade WHERE id <> first_id);

DROP TABLE multiline_upgrade;
