/**
 * What was said, kept: history records written in grouped transactions off the event loops
 * ({@link dev.parley.server.history.HistoryWriter}), and the queries CHATHISTORY asks
 * ({@link dev.parley.server.history.HistoryStore}). Nothing here knows sessions or rooms; the
 * command layer decides who may read what.
 */
package dev.parley.server.history;
