package dev.parley.app.bench;

import dev.parley.bench.BenchMain;
import dev.parley.bench.BenchSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code parley bench fanout|rooms|idle|storm}: the load generator of the bench module against a
 * Parley started for the run in a process of its own, configured as the comparison configures
 * every server: guests allowed, no auto-join, flood limits out of reach, the same send queue,
 * pings rare enough not to matter. Its live heap is also asked of it (jcmd) for {@code idle}.
 */
public final class ParleyBench {
    private final BenchSettings settings;
    private final int sendQueueBytes;
    private final ServerLaunch launch;
    private final PrintWriter out;
    private final PrintWriter err;

    public ParleyBench(BenchSettings settings, int sendQueueBytes, ServerLaunch launch, PrintWriter out,
                       PrintWriter err) {
        this.settings = settings;
        this.sendQueueBytes = sendQueueBytes;
        this.launch = launch;
        this.out = out;
        this.err = err;
    }

    /** Runs in {@code dir} (the server's data folder goes there); returns the exit status. */
    public int run(Path dir) throws Exception {
        Path config = dir.resolve("parley.toml");
        Files.writeString(config, config(settings.tls(), sendQueueBytes));
        try (ServerProcess server = ServerProcess.start(config, launch)) {
            out.printf("Parley started in its own JVM (pid %d, %s)%n", server.pid(), launch.describe());
            out.flush();
            return BenchMain.run(settings.at(server.address().getHostString(), server.address().getPort()), server,
                    out, err);
        }
    }

    /** The bench configuration; the comparison script writes the same one for its Parley. */
    static String config(boolean tls, int sendQueueBytes) {
        return """
                [server]
                name = "bench.parley.local"

                [[listen]]
                host = "127.0.0.1"
                port = 0
                tls = %s

                [storage]
                data_dir = "data"

                [rooms]
                auto_join = []

                [auth]
                allow_guests = true
                reserve_account_nicks = false

                [limits]
                messages_per_second = 1000000000
                message_burst = 1000000000
                max_connections_per_ip = 1000000
                send_queue_bytes = %d
                ping_interval_seconds = 3600
                ping_timeout_seconds = 600
                max_rooms_per_user = 1000
                registration_timeout_seconds = 600
                """.formatted(tls, sendQueueBytes);
    }
}
