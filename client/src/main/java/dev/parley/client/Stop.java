package dev.parley.client;

/** The client cannot go on; the user has been told why. Carries the process's exit code. */
final class Stop extends Exception {
    final int exitCode;

    Stop(int exitCode) {
        super(null, null, false, false);
        this.exitCode = exitCode;
    }
}
