package io.streamrec.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ZipfUsersTest {

    @Test
    void shouldGiveTheBusiestUsersTheZipfShareOfSessions() {
        ZipfUsers users = new ZipfUsers(1_000_000, 0.8);
        int top1Percent = 0;
        int draws = 200_000;
        for (int i = 0; i < draws; i++) {
            if (users.userFor("session-" + i) < 10_000) {
                top1Percent++;
            }
        }

        double expected = users.shareOfTop(10_000);
        assertEquals(0.36, expected, 0.01); // (10,000^0.2 - 1) / (1,000,000^0.2 - 1), roughly
        assertEquals(expected, top1Percent / (double) draws, 0.01);
    }

    @Test
    void shouldMapASessionAlwaysToTheSameUser() {
        ZipfUsers users = new ZipfUsers(1_000, 0.8);

        assertEquals(users.userFor("u7-s3"), users.userFor("u7-s3"));
    }

    @Test
    void shouldSpreadUniformlyWithoutSkew() {
        ZipfUsers users = new ZipfUsers(100, 0);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            int user = users.userFor("s" + i);
            assertTrue(user >= 0 && user < 100);
            seen.add(user);
        }

        assertEquals(100, seen.size());
        assertEquals(0.5, users.shareOfTop(50), 1e-9);
    }
}
