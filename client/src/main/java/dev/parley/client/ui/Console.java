package dev.parley.client.ui;

/**
 * The user's side of the chat. {@link #println} may be called from any thread at any time,
 * including while another thread waits in {@link #readLine}, and must not garble the line being
 * typed.
 */
public interface Console extends AutoCloseable {
    /** Shows one line. */
    void println(String line);

    /**
     * Reads one line after showing {@code prompt}.
     *
     * @return the line, or null at end of input (Ctrl-D, a closed pipe, Ctrl-C)
     */
    String readLine(String prompt);

    /** Like {@link #readLine} but without showing what is typed, and without keeping it in history. */
    String readPassword(String prompt);

    /** Asks a yes/no question whose answer defaults to no. */
    boolean confirm(String question);

    /** Whether a person at a terminal is answering (prompts and questions make sense). */
    boolean interactive();

    /**
     * Rows of the terminal, so that history on joining a room fills one screen and no more; 0 when
     * unknown (pipes, scripts).
     */
    default int height() {
        return 0;
    }

    /**
     * Called after a chat line the user typed was read and sent, so that a terminal can take the
     * raw line away again: the chat shows it as {@code <<You>> : text} instead.
     */
    default void consumedInput() {
    }

    @Override
    default void close() {
    }
}
