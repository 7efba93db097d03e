package io.retailpulse.inference.complaints;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ElectionTest {
    @Test
    void ranksTopicsByUnhappyFeedbackNotBySize() {
        // topic 0: 5 docs, all happy; topic 1: 3 unhappy; topic 2: 4 unhappy; one unhappy outlier
        int[] topics = {0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, -1};
        boolean[] unhappy = {false, false, false, false, false, true, true, true, true, true, true, true, true};
        List<Election.Elected> elected = Election.elect(topics, unhappy, 3, 3, 1);
        assertEquals(2, elected.size(), "a topic without unhappy feedback is never a reason");
        assertEquals(2, elected.get(0).topic());
        assertEquals(1, elected.get(1).topic());
        assertEquals(4.0 / 8, elected.get(0).share(), 1e-9);
    }

    @Test
    void respectsTopNAndMinimumCount() {
        int[] topics = {0, 0, 0, 1, 1, 2};
        boolean[] unhappy = {true, true, true, true, true, true};
        assertEquals(1, Election.elect(topics, unhappy, 3, 1, 1).size());
        assertEquals(2, Election.elect(topics, unhappy, 3, 3, 2).size());
    }
}
