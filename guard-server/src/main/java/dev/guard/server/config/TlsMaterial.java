package dev.guard.server.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;

/** The server's key and certificate chain, from PEM files or a key store, as a KeyStore for Jetty. */
public final class TlsMaterial {

    private TlsMaterial() {}

    /** The password of the in-memory key store built from PEM files. */
    public static final char[] PEM_STORE_PASSWORD = "guard-in-memory".toCharArray();

    public static KeyStore keyStore(GuardConfig.Tls tls) throws IOException, GeneralSecurityException {
        return switch (tls) {
            case GuardConfig.Tls.Keystore k -> {
                KeyStore ks = KeyStore.getInstance(k.keystore().toString().endsWith(".jks") ? "JKS" : "PKCS12");
                try (InputStream in = Files.newInputStream(k.keystore())) {
                    ks.load(in, k.password().revealChars());
                }
                yield ks;
            }
            case GuardConfig.Tls.Pem p -> {
                Collection<? extends Certificate> chain;
                try (InputStream in = Files.newInputStream(p.certificate())) {
                    chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
                }
                if (chain.isEmpty()) {
                    throw new GeneralSecurityException(p.certificate() + " holds no certificate");
                }
                PrivateKey key = privateKey(Files.readString(p.key()));
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("guard", key, PEM_STORE_PASSWORD, chain.toArray(new Certificate[0]));
                yield ks;
            }
        };
    }

    public static char[] password(GuardConfig.Tls tls) {
        return tls instanceof GuardConfig.Tls.Keystore k ? k.password().revealChars() : PEM_STORE_PASSWORD.clone();
    }

    private static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        String begin = "-----BEGIN PRIVATE KEY-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf("-----END PRIVATE KEY-----");
        if (from < 0 || to < 0) {
            throw new GeneralSecurityException("the key file must hold a PKCS#8 PEM private key (BEGIN PRIVATE KEY)");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "RSASSA-PSS"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException tryNext) {
                // not this algorithm
            }
        }
        throw new GeneralSecurityException("the private key is not RSA, EC or Ed25519");
    }
}
