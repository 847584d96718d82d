package dev.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one run by name, for the results file a comparison reads back: one
 * {@code key value} a line, keys such as {@code max_rate} or {@code cpu_us_per_delivery@100}.
 */
final class Figures {
    private final Map<String, String> values = new LinkedHashMap<>();

    void put(String key, double value) {
        values.put(key, String.format(Locale.ROOT, "%.3f", value).replaceAll("\\.?0+$", ""));
    }

    void put(String key, long value) {
        values.put(key, Long.toString(value));
    }

    void write(Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(k).append(' ').append(v).append('\n'));
        Files.writeString(file, sb.toString());
    }
}
