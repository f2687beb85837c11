package io.streamrec.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

/**
 * The default of {@code http.advertised.host}: an address other instances can reach. In order: {@code $POD_IP}
 * (Kubernetes downward API), the address the local host name resolves to (in a pod: the pod IP, from /etc/hosts)
 * unless it is a loopback address, the first non-loopback IPv4 address of an interface that is up, then
 * {@code $HOSTNAME}, then {@code localhost}.
 */
final class AdvertisedHost {
    private AdvertisedHost() {
    }

    static String detect(Map<String, String> env) {
        String podIp = env.getOrDefault("POD_IP", "").trim();
        if (!podIp.isEmpty()) {
            return podIp;
        }
        return localHostAddress().or(AdvertisedHost::interfaceAddress)
                .orElseGet(() -> env.getOrDefault("HOSTNAME", "").isBlank() ? "localhost" : env.get("HOSTNAME").trim());
    }

    private static Optional<String> localHostAddress() {
        try {
            InetAddress local = InetAddress.getLocalHost();
            return local.isLoopbackAddress() ? Optional.empty() : Optional.of(literal(local));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> interfaceAddress() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                        return Optional.of(address.getHostAddress());
                    }
                }
            }
        } catch (SocketException | NullPointerException e) {
            // no interfaces to list
        }
        return Optional.empty();
    }

    /** An IPv6 literal in brackets, so that {@code host:port} stays parseable. */
    private static String literal(InetAddress address) {
        String host = address.getHostAddress();
        return host.contains(":") ? "[" + host.replaceAll("%.*", "") + "]" : host;
    }
}
