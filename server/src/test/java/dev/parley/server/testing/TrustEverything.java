package dev.parley.server.testing;

import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;

/** For tests whose subject is not the server's (self-signed) certificate: trusts any. */
public final class TrustEverything implements X509TrustManager {
    public static final TrustEverything INSTANCE = new TrustEverything();

    private TrustEverything() {
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
