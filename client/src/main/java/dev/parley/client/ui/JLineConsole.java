package dev.parley.client.ui;

import java.io.IOException;
import java.util.Locale;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.InfoCmp.Capability;

/**
 * The console for a terminal: line editing and input history from JLine, and incoming lines
 * printed above the line being typed, which is then drawn again as it was.
 */
public final class JLineConsole implements Console {
    private final Terminal terminal;
    private final LineReader chat;
    private final LineReader prompts;

    public JLineConsole(Terminal terminal) {
        this.terminal = terminal;
        this.chat = LineReaderBuilder.builder().terminal(terminal).appName("parley")
                .variable(LineReader.HISTORY_SIZE, 500)
                .build();
        // A reader of its own for the login, so that neither the member id nor the password ends
        // up in the chat's history.
        this.prompts = LineReaderBuilder.builder().terminal(terminal).appName("parley")
                .variable(LineReader.DISABLE_HISTORY, true)
                .build();
    }

    /** A console on the process's own terminal. */
    public static JLineConsole system() throws IOException {
        return new JLineConsole(TerminalBuilder.builder().system(true).build());
    }

    @Override
    public void println(String line) {
        chat.printAbove(line);
    }

    @Override
    public String readLine(String prompt) {
        return read(prompt.isEmpty() ? chat : prompts, prompt, null);
    }

    @Override
    public String readPassword(String prompt) {
        return read(prompts, prompt, LineReaderImpl.NULL_MASK);
    }

    @Override
    public boolean confirm(String question) {
        String answer = read(prompts, question + " ", null);
        return answer != null && answer.trim().toLowerCase(Locale.ROOT).matches("y|yes");
    }

    @Override
    public boolean interactive() {
        return true;
    }

    @Override
    public int height() {
        return Math.max(0, terminal.getHeight());
    }

    @Override
    public void consumedInput() {
        // The typed line stays on screen after Enter; the chat echoes it as "<<You>> : text".
        if (terminal.getStringCapability(Capability.cursor_up) != null
                && terminal.getStringCapability(Capability.clr_eol) != null) {
            terminal.puts(Capability.cursor_up);
            terminal.writer().print('\r');
            terminal.puts(Capability.clr_eol);
            terminal.flush();
        }
    }

    private static String read(LineReader reader, String prompt, Character mask) {
        try {
            return reader.readLine(prompt, mask);
        } catch (EndOfFileException | UserInterruptException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            terminal.close();
        } catch (IOException e) {
            // the process is ending; nothing more to show on this terminal
        }
    }
}
