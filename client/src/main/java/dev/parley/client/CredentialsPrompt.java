package dev.parley.client;

import dev.parley.client.chat.ChatSession;
import dev.parley.client.login.Credentials;
import dev.parley.client.ui.Console;

/** Asks the user for the member id and password to log in with, unless they were given up front. */
final class CredentialsPrompt {
    private final ChatSettings settings;
    private final Console console;

    CredentialsPrompt(ChatSettings settings, Console console) {
        this.settings = settings;
        this.console = console;
    }

    /**
     * The member id and password; null when the user quit.
     *
     * @param again whether a login with them failed already: then the password is asked for even
     *              if one was given up front
     */
    Credentials ask(boolean again) {
        String memberId = settings.user().orElse(null);
        while (memberId == null || memberId.isBlank()) {
            memberId = console.readLine("Enter your member id : ");
            if (memberId == null || ChatSession.isQuit(memberId)) {
                return null;
            }
            memberId = memberId.trim();
        }
        String password = again ? null : settings.password().orElse(null);
        if (password == null) {
            password = console.readPassword("Enter your password  : ");
            if (password == null) {
                return null;
            }
        }
        return new Credentials(memberId, password);
    }
}
