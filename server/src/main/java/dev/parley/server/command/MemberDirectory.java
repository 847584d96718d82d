package dev.parley.server.command;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Finds a member by account name, off the event loop (it reads the database): how a message to a
 * member who is not connected is recognised, and kept for them.
 */
@FunctionalInterface
public interface MemberDirectory {
    MemberDirectory NONE = name -> CompletableFuture.completedFuture(Optional.empty());

    /** The account's name as stored, or empty when there is no such member. */
    CompletableFuture<Optional<String>> find(String name);
}
