package dev.parley.server.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The browser client's files, read once from the class path at start and served from memory.
 * Only a name that is one of these files is ever answered, so no request path can reach anything
 * else (no directory listing, no {@code ..}). A client build is a few hundred kilobytes.
 *
 * <p>The files live under {@link #ROOT} in whichever jar on the class path has them (the web
 * client's module puts its build output there): {@code index.html} at the top, hashed bundles
 * under {@code assets/}.
 */
public final class StaticFiles {
    /** Where on the class path the web client's files are. */
    public static final String ROOT = "dev/parley/web/static/";
    /** Files under this folder have content-hashed names, so browsers may keep them for good. */
    private static final String IMMUTABLE_FOLDER = "/assets/";

    /**
     * One file.
     *
     * @param etag a strong ETag of its content, quoted
     */
    record File(byte[] content, String contentType, String etag, boolean immutable) {
    }

    private final Map<String, File> files;

    private StaticFiles(Map<String, File> files) {
        this.files = Map.copyOf(files);
    }

    /** The files under {@link #ROOT} on the class path; none when no client was bundled. */
    public static StaticFiles fromClassPath() {
        return fromClassPath(ROOT);
    }

    /** The files under {@code root} (a class-path folder ending in '/'). */
    public static StaticFiles fromClassPath(String root) {
        URL url = StaticFiles.class.getClassLoader().getResource(root);
        if (url == null) {
            return new StaticFiles(Map.of());
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem jar;
                try {
                    jar = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    return new StaticFiles(read(FileSystems.getFileSystem(uri).getPath(root))); // not ours to close
                }
                try (jar) {
                    return new StaticFiles(read(jar.getPath(root)));
                }
            }
            return new StaticFiles(read(Path.of(uri)));
        } catch (URISyntaxException | IOException e) {
            throw new UncheckedIOException("cannot read the web client's files at " + url,
                    e instanceof IOException io ? io : new IOException(e));
        }
    }

    private static Map<String, File> read(Path top) throws IOException {
        Map<String, File> files = new HashMap<>();
        try (Stream<Path> walk = Files.walk(top)) {
            for (Path path : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                StringBuilder name = new StringBuilder();
                for (Path part : top.relativize(path)) {
                    name.append('/').append(part.toString().replace("/", ""));
                }
                byte[] content = Files.readAllBytes(path);
                String key = name.toString();
                files.put(key, new File(content, contentType(key), etag(content), key.startsWith(IMMUTABLE_FOLDER)));
            }
        }
        return files;
    }

    /** Whether any file is there (a build without the web client has none). */
    public boolean bundled() {
        return !files.isEmpty();
    }

    /** The file for a decoded request path ("/" and folders mean their index.html). */
    Optional<File> find(String path) {
        String name = path.endsWith("/") ? path + "index.html" : path;
        return Optional.ofNullable(files.get(name));
    }

    static String contentType(String name) {
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return switch (extension) {
            case "html" -> "text/html; charset=utf-8";
            case "js", "mjs" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "json", "map" -> "application/json";
            case "webmanifest" -> "application/manifest+json";
            case "txt" -> HttpResponses.TEXT;
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "webp" -> "image/webp";
            case "ico" -> "image/x-icon";
            case "woff2" -> "font/woff2";
            case "woff" -> "font/woff";
            case "wasm" -> "application/wasm";
            default -> "application/octet-stream";
        };
    }

    private static String etag(byte[] content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
