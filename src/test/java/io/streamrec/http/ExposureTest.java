package io.streamrec.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamrec.config.ConfigException;
import org.junit.jupiter.api.Test;

class ExposureTest {

    @Test
    void shouldListenEverywhereOnlyWithATokenOrOnATrustedNetwork() {
        assertNull(Exposure.bindHost(TestServer.settings("http.advertised.host", "10.0.0.5", "http.auth.token", "t")));
        assertNull(Exposure.bindHost(TestServer.settings("http.advertised.host", "10.0.0.5", "http.trusted.network", "true")));
        assertThrows(ConfigException.class, () -> Exposure.bindHost(TestServer.settings("http.advertised.host", "10.0.0.5")));
    }

    @Test
    void shouldListenOnLoopbackOnlyWhenTheInstanceAdvertisesLoopbackWithoutAToken() {
        assertEquals("127.0.0.1", Exposure.bindHost(TestServer.settings("http.advertised.host", "127.0.0.1")));
    }
}
