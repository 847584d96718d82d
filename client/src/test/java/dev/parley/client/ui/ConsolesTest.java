package dev.parley.client.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;

class ConsolesTest {

    @Test
    void thePlainConsoleReadsLinesAndNeverEchoesThePassword() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PlainConsole console = new PlainConsole(
                new ByteArrayInputStream("19803021\nsecret\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(console.readLine("Enter your member id : ")).isEqualTo("19803021");
        assertThat(console.readPassword("Enter your password  : ")).isEqualTo("secret");
        assertThat(console.readLine("")).isNull();
        assertThat(console.interactive()).isFalse();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("Enter your member id : 19803021\nEnter your password  : \n");
    }

    @Test
    void theJLineConsoleReadsLinesAndPrintsAboveThem() throws Exception {
        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keys);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Terminal terminal = TerminalBuilder.builder().dumb(true).system(false).streams(in, out)
                .encoding(StandardCharsets.UTF_8).build()) {
            JLineConsole console = new JLineConsole(terminal);
            keys.write("19803021\n".getBytes(StandardCharsets.UTF_8));
            assertThat(console.readLine("Enter your member id : ")).isEqualTo("19803021");
            keys.write("secret\n".getBytes(StandardCharsets.UTF_8));
            assertThat(console.readPassword("Enter your password  : ")).isEqualTo("secret");

            CompletableFuture<String> typed = CompletableFuture.supplyAsync(() -> console.readLine(""));
            console.println("<<Ritawari Pareek>> : This is our CN Project");
            keys.write("Hello Everyone\n".getBytes(StandardCharsets.UTF_8));
            assertThat(typed.get(10, TimeUnit.SECONDS)).isEqualTo("Hello Everyone");
            keys.close();
            assertThat(console.readLine("")).isNull(); // Ctrl-D / end of input
        }
        String screen = out.toString(StandardCharsets.UTF_8);
        assertThat(screen).contains("<<Ritawari Pareek>> : This is our CN Project").doesNotContain("secret");
    }
}
