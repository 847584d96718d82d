package dev.parley.client.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.render.Renderer.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RendererTest {
    private static final Instant NOW = Instant.parse("2023-11-20T10:30:00Z");
    private final Renderer renderer = new Renderer(ZoneOffset.UTC, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void speaksLikeTheSeed() {
        assertThat(renderer.message(Context.LIVE, "Ritawari Pareek", false, "This is our CN Project"))
                .isEqualTo("<<Ritawari Pareek>> : This is our CN Project");
        assertThat(renderer.message(Context.LIVE, null, true, "Hello Everyone")).isEqualTo("<<You>> : Hello Everyone");
        assertThat(renderer.arrival(Context.LIVE, "Ritawari Pareek")).isEqualTo("Ritawari Pareek has entered the chat!");
        assertThat(renderer.departure(Context.LIVE, "Ritawari Pareek", "Quit: ")).isEqualTo("Ritawari Pareek has left the chat.");
        assertThat(renderer.departure(Context.LIVE, "Ritawari Pareek", "Ping timeout"))
                .isEqualTo("Ritawari Pareek has left the chat. (Ping timeout)");
    }

    @Test
    void historyLinesCarryTheirTimeAndOtherRoomsTheirName() {
        assertThat(renderer.message(new Context(null, Instant.parse("2023-11-20T09:05:00Z")), "A", false, "hi"))
                .isEqualTo("[09:05] <<A>> : hi");
        assertThat(renderer.message(new Context("#cn", Instant.parse("2023-11-19T23:59:00Z")), "A", false, "hi"))
                .isEqualTo("[2023-11-19 23:59] [#cn] <<A>> : hi");
        assertThat(renderer.action(new Context("#cn", null), null, true, "waves")).isEqualTo("[#cn] * You waves");
        assertThat(renderer.privateMessage(Context.LIVE, "A", "psst")).isEqualTo("<<A>> (private) : psst");
        assertThat(renderer.ownPrivateMessage(Context.LIVE, "A", "psst")).isEqualTo("<<You>> (to A) : psst");
    }

    @Test
    void nobodyCanSteerTheTerminalWithAMessage() {
        assertThat(Renderer.clean("a\u001b[2Jb\u0007c\u009bd\r\ne")).isEqualTo("a[2Jbcde");
        assertThat(Renderer.clean("\u000304,12red\u0003 \u0002bold\u0002 \u000312blue")).isEqualTo("red bold blue");
        assertThat(Renderer.clean("evil\u202Egnp.exe")).isEqualTo("evilgnp.exe");
        assertThat(renderer.message(Context.LIVE, "Bad\u001b]0;title\u0007", false, "x")).isEqualTo("<<Bad]0;title>> : x");
    }
}
