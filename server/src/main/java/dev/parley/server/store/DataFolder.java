package dev.parley.server.store;

/**
 * What the data folder holds, by name: one place for the layout that the database, TLS, ACME and
 * backups all rely on.
 */
public final class DataFolder {
    private DataFolder() {
    }

    /** The self-signed certificate and its key. */
    public static final String TLS = "tls";
    /** The ACME account key and the certificate obtained with it. */
    public static final String ACME = "acme";
}
