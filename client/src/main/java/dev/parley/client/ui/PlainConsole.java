package dev.parley.client.ui;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The console for pipes and scripts: reads lines from an input stream, prints plain lines, and
 * never asks questions it cannot have an answer to (an unknown certificate is refused). Prompts
 * are printed as lines of their own, with the member id but never the password after them, so a
 * transcript reads like the interactive session.
 */
public final class PlainConsole implements Console {
    private final BufferedReader in;
    private final PrintStream out;

    public PlainConsole(InputStream in, PrintStream out) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = out;
    }

    @Override
    public synchronized void println(String line) {
        out.println(line);
        out.flush();
    }

    @Override
    public String readLine(String prompt) {
        String line = read();
        if (!prompt.isEmpty()) {
            println(prompt + (line == null ? "" : line));
        }
        return line;
    }

    @Override
    public String readPassword(String prompt) {
        String line = read();
        println(prompt);
        return line;
    }

    @Override
    public boolean confirm(String question) {
        println(question + " n (not a terminal: not trusting anything new)");
        return false;
    }

    @Override
    public boolean interactive() {
        return false;
    }

    private String read() {
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        out.flush();
    }
}
