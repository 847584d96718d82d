package dev.parley.server.net.tls.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.net.Transport;
import dev.parley.server.net.tls.TlsConfigException;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Http01ResponderTest {
    private final EventLoopGroup group = Transport.newEventLoopGroup();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private HttpResponse<String> request(String method, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersAPublishedTokenUntilItIsWithdrawnAndNothingElse() throws Exception {
        try (Http01Responder responder = Http01Responder.bind(group, "127.0.0.1", 0)) {
            int port = responder.port();
            responder.publish("tok3n", "tok3n.thumbprint");

            HttpResponse<String> answer = request("GET", port, "/.well-known/acme-challenge/tok3n");
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("tok3n.thumbprint");
            assertThat(request("HEAD", port, "/.well-known/acme-challenge/tok3n").statusCode()).isEqualTo(200);
            assertThat(request("GET", port, "/.well-known/acme-challenge/other").statusCode()).isEqualTo(404);
            assertThat(request("GET", port, "/").statusCode()).isEqualTo(404);
            assertThat(request("POST", port, "/.well-known/acme-challenge/tok3n").statusCode()).isEqualTo(404);

            responder.withdraw("tok3n");
            assertThat(request("GET", port, "/.well-known/acme-challenge/tok3n").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aPortInUseIsNamedWithTheKeyThatChoseIt() throws Exception {
        try (Http01Responder first = Http01Responder.bind(group, "127.0.0.1", 0)) {
            int port = first.port();
            assertThatThrownBy(() -> Http01Responder.bind(group, "127.0.0.1", port))
                    .isInstanceOf(TlsConfigException.class)
                    .hasMessage("tls.acme.http_port: cannot listen on 127.0.0.1:" + port
                            + " for the ACME HTTP-01 challenge: the address is already in use");
        }
    }
}
