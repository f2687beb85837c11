package io.streamrec.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code http.advertised.host} defaults to an address other pods can reach, never to localhost. */
class AdvertisedHostTest {

    @Test
    void shouldAdvertiseThePodIpWhenKubernetesGivesIt() {
        StreamrecConfig config = ConfigLoader.load(null, Map.of("POD_IP", "10.42.0.17"), Map.of());
        assertEquals("10.42.0.17", config.http().advertisedHost());
    }

    @Test
    void shouldAdvertiseANonLoopbackAddressOfThisMachineByDefault() throws Exception {
        String host = ConfigLoader.load(null, Map.of("HOSTNAME", "pod-0"), Map.of()).http().advertisedHost();
        assertNotEquals("localhost", host);
        if (!host.equals("pod-0")) {
            assertFalse(InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress(), host);
        }
    }

    @Test
    void shouldKeepAnExplicitSetting() {
        StreamrecConfig config = ConfigLoader.load(null, Map.of("POD_IP", "10.42.0.17"),
                Map.of("http.advertised.host", "streamrec-0.streamrec-headless"));
        assertEquals("streamrec-0.streamrec-headless", config.http().advertisedHost());
    }
}
