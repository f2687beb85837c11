package io.streamrec.variants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stable, weighted, minimally disruptive assignment of users to variants. */
class VariantAssignmentTest {
    private static final int USERS = 100_000;
    private static final String SALT = "exp-2026-12";
    /** What {@code A 0.5, B 0.3, C 0.2} gave these users when the hash was written. */
    private static final String[] EXPECTED = {"B", "C", "A", "A", "A", "B", "B", "B", "A", "A"};

    @Test
    void shouldGiveTheSameAnswerOnEveryInstanceAndAfterARestart() {
        Map<String, Double> forward = new LinkedHashMap<>();
        forward.put("A", 0.5);
        forward.put("B", 0.3);
        forward.put("C", 0.2);
        Map<String, Double> backward = new LinkedHashMap<>();
        backward.put("C", 0.2);
        backward.put("B", 0.3);
        backward.put("A", 0.5);
        VariantAssignment one = VariantAssignment.of(SALT, forward);
        VariantAssignment other = VariantAssignment.of(new String(SALT.toCharArray()), backward);
        for (int u = 0; u < 10_000; u++) {
            assertEquals(one.assign("u" + u), other.assign("u" + u));
        }
        // Pinned answers: a change to the hash would move users between variants across a rolling upgrade.
        List<String> pinned = List.of("u0", "u1", "u2", "u3", "u4", "u5", "u6", "u7", "user-42", "😀");
        assertEquals(List.of(EXPECTED), pinned.stream().map(one::assign).toList());
    }

    @Test
    void shouldGiveEachVariantItsShareOfUsers() {
        VariantAssignment assignment = VariantAssignment.of(SALT, Map.of("A", 0.5, "B", 0.3, "C", 0.2));
        Map<String, Integer> counts = count(assignment);
        assertEquals(0.5, counts.get("A") / (double) USERS, 0.01, counts.toString());
        assertEquals(0.3, counts.get("B") / (double) USERS, 0.01, counts.toString());
        assertEquals(0.2, counts.get("C") / (double) USERS, 0.01, counts.toString());
        assertEquals(0.3, assignment.fraction("B"), 1e-12);
    }

    @Test
    void shouldTreatSharesAsWeights() {
        VariantAssignment fractions = VariantAssignment.of(SALT, Map.of("A", 0.5, "B", 0.5));
        VariantAssignment weights = VariantAssignment.of(SALT, Map.of("A", 1.0, "B", 1.0));
        for (int u = 0; u < 10_000; u++) {
            assertEquals(fractions.assign("u" + u), weights.assign("u" + u));
        }
        Map<String, Integer> counts = count(VariantAssignment.of(SALT, Map.of("A", 0.3, "B", 0.3)));
        assertEquals(0.5, counts.get("A") / (double) USERS, 0.01, "normalised by the sum: " + counts);
    }

    @Test
    void shouldMoveOnlyUsersIntoBWhenItsShareGoesFrom30To40Percent() {
        VariantAssignment before = VariantAssignment.of(SALT, Map.of("A", 0.7, "B", 0.3));
        VariantAssignment after = VariantAssignment.of(SALT, Map.of("A", 0.6, "B", 0.4));
        Moves moves = moves(before, after);
        assertEquals(Map.of("A>B", moves.total), moves.byPair, "only from A into B");
        assertEquals(0.10, moves.total / (double) USERS, 0.01, "about 10% of the users move");
    }

    @Test
    void shouldMoveOnlyIntoBWhateverOrderTheTwoRecordsOfAShareChangeArriveIn() {
        VariantAssignment start = VariantAssignment.of(SALT, Map.of("A", 0.7, "B", 0.3));
        VariantAssignment raisedFirst = VariantAssignment.of(SALT, Map.of("A", 0.7, "B", 0.4));
        VariantAssignment loweredFirst = VariantAssignment.of(SALT, Map.of("A", 0.6, "B", 0.3));
        VariantAssignment end = VariantAssignment.of(SALT, Map.of("A", 0.6, "B", 0.4));
        for (VariantAssignment middle : List.of(raisedFirst, loweredFirst)) {
            Moves first = moves(start, middle);
            Moves second = moves(middle, end);
            assertEquals(Map.of("A>B", first.total), first.byPair);
            assertEquals(Map.of("A>B", second.total), second.byPair);
        }
        assertEquals(0.4 / 1.1 - 0.3, moves(start, raisedFirst).total / (double) USERS, 0.01);
    }

    @Test
    void shouldMoveUsersOnlyIntoARaisedVariantAndOnlyOutOfALoweredOne() {
        VariantAssignment before = VariantAssignment.of(SALT, Map.of("A", 0.5, "B", 0.3, "C", 0.2));
        VariantAssignment raised = VariantAssignment.of(SALT, Map.of("A", 0.5, "B", 0.3, "C", 0.4));
        Moves in = moves(before, raised);
        assertTrue(in.byPair.keySet().stream().allMatch(pair -> pair.endsWith(">C")), in.byPair.toString());
        assertEquals(0.4 / 1.2 - 0.2, in.total / (double) USERS, 0.01);
        // A and B shrink in proportion: each gives up the same fraction of its users.
        int[] sizes = {count(before).get("A"), count(before).get("B")};
        assertEquals(in.byPair.get("A>C") / (double) sizes[0], in.byPair.get("B>C") / (double) sizes[1], 0.01);

        Moves out = moves(raised, before);
        assertTrue(out.byPair.keySet().stream().allMatch(pair -> pair.startsWith("C>")), out.byPair.toString());
    }

    @Test
    void shouldMoveUsersOnlyIntoAnAddedVariantAndOnlyOutOfARemovedOne() {
        VariantAssignment ab = VariantAssignment.of(SALT, Map.of("A", 0.5, "B", 0.5));
        VariantAssignment abc = VariantAssignment.of(SALT, Map.of("A", 0.5, "B", 0.5, "C", 0.25));
        Moves added = moves(ab, abc);
        assertTrue(added.byPair.keySet().stream().allMatch(pair -> pair.endsWith(">C")), added.byPair.toString());
        assertEquals(0.2, added.total / (double) USERS, 0.01);
        Moves removed = moves(abc, ab);
        assertTrue(removed.byPair.keySet().stream().allMatch(pair -> pair.startsWith("C>")));
        assertEquals(added.total, removed.total, "exactly the users C took, back where they were");
        VariantAssignment zero = VariantAssignment.of(SALT, Map.of("A", 0.5, "B", 0.5, "C", 0.0));
        assertEquals(0, moves(ab, zero).total, "a variant with share 0 is as good as absent");
    }

    @Test
    void shouldReshuffleUnderANewSalt() {
        Moves moves = moves(VariantAssignment.of(SALT, Map.of("A", 0.5, "B", 0.5)),
                VariantAssignment.of("another-experiment", Map.of("A", 0.5, "B", 0.5)));
        assertEquals(0.5, moves.total / (double) USERS, 0.02, "independent draws: half change sides");
    }

    @Test
    void shouldAssignNobodyWithoutAPositiveShare() {
        assertNull(VariantAssignment.of(SALT, Map.of()).assign("u1"));
        VariantAssignment zeros = VariantAssignment.of(SALT, Map.of("A", 0.0));
        assertTrue(zeros.isEmpty());
        assertNull(zeros.assign("u1"));
        assertEquals(0, zeros.fraction("A"));
        assertEquals("A", VariantAssignment.of(SALT, Map.of("A", 0.01)).assign("u1"));
    }

    @Test
    void shouldRefuseSharesThatAreNotFiniteNonNegativeNumbers() {
        for (double bad : new double[] {-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> VariantAssignment.of(SALT, Map.of("A", bad)));
        }
    }

    private static Map<String, Integer> count(VariantAssignment assignment) {
        Map<String, Integer> counts = new HashMap<>();
        for (int u = 0; u < USERS; u++) {
            counts.merge(assignment.assign("user-" + u), 1, Integer::sum);
        }
        return counts;
    }

    private record Moves(int total, Map<String, Integer> byPair) {
    }

    private static Moves moves(VariantAssignment before, VariantAssignment after) {
        Map<String, Integer> byPair = new HashMap<>();
        int total = 0;
        for (int u = 0; u < USERS; u++) {
            String from = before.assign("user-" + u);
            String to = after.assign("user-" + u);
            if (!from.equals(to)) {
                total++;
                byPair.merge(from + ">" + to, 1, Integer::sum);
            }
        }
        return new Moves(total, byPair);
    }
}
