package io.streamrec.http;

import io.streamrec.config.ConfigException;
import io.streamrec.config.HttpSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the API may listen, given who could reach it. User data ({@code /recommendations/*}, {@code /users/*})
 * goes out without a token only where nobody untrusted can ask: on all interfaces with
 * {@code http.trusted.network=true}, or on the loopback interface alone when the instance advertises a loopback
 * address (instances on one machine: the chaos run, tests). Anything else is refused at start-up.
 */
public final class Exposure {
    private Exposure() {
    }

    /**
     * The address to bind: null for all interfaces.
     *
     * @throws ConfigException when user data would be served to the network without a token
     */
    public static String bindHost(HttpSettings settings) {
        if (settings.requiresAuth() || settings.trustedNetwork()) {
            return null;
        }
        InetAddress advertised = resolve(settings.advertisedHost());
        if (advertised != null && advertised.isLoopbackAddress()) {
            return advertised.getHostAddress();
        }
        throw new ConfigException("refusing to serve /recommendations and /users without a token to anyone who can"
                + " reach port " + settings.port() + ": set http.auth.token (STREAMREC_HTTP_AUTH_TOKEN), or"
                + " http.trusted.network=true if only trusted clients can reach this network, or"
                + " http.advertised.host=127.0.0.1 to listen on loopback only, or http.port=-1 to turn HTTP off");
    }

    private static InetAddress resolve(String host) {
        try {
            return InetAddress.getByName(host.replace("[", "").replace("]", ""));
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
